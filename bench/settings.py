"""Settings for `make bench`: production settings plus a trivial view to measure the framework's floor.

Only two changes to baqiao.settings, both for measuring: STATIC_ROOT comes from
BENCH_STATIC_ROOT (collectstatic goes to a temporary folder, not the checkout),
and the URLconf adds /bench/ping/ (bench/urls.py). Production never loads this
module, so the ping URL does not exist there.
"""

import os

from baqiao.settings import *  # noqa: F403

if os.environ.get("BENCH_STATIC_ROOT"):
    STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
ROOT_URLCONF = "bench.urls"
