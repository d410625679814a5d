"""Settings for `make bench`: production settings plus a trivial view to measure the framework's floor.

Three changes to baqiao.settings, all for measuring: STATIC_ROOT comes from
BENCH_STATIC_ROOT (collectstatic goes to a temporary folder, not the checkout),
the URLconf adds /bench/ping/ (bench/urls.py), and the demo accounts the benchmark
signs in as need not change their published password first (PASSWORD_CHANGE_ENFORCED).
Production never loads this module, so none of this exists there.
"""

import os

from baqiao.settings import *  # noqa: F403

if os.environ.get("BENCH_STATIC_ROOT"):
    STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
ROOT_URLCONF = "bench.urls"
PASSWORD_CHANGE_ENFORCED = False
