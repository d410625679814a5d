"""Start-up guard: WeasyPrint without libharfbuzz-subset0 is silently ~30× slower.

Without the library WeasyPrint falls back to fontTools for font subsetting and
an 8-page Chinese report takes ~12 s instead of ~0.4 s (../shared/DOMAIN.md
"WeasyPrint facts"). The check dlopens the library the way WeasyPrint does —
about a millisecond, no WeasyPrint import — so it can run at every start-up.
"""

from __future__ import annotations

import ctypes
from functools import lru_cache

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

# The names weasyprint.text.ffi tries, Linux first.
SUBSET_LIBRARIES = ("libharfbuzz-subset.so.0", "libharfbuzz-subset-0", "harfbuzz-subset", "libharfbuzz-subset.0.dylib")
HARFBUZZ_LIBRARIES = ("libharfbuzz.so.0", "libharfbuzz-0", "harfbuzz", "libharfbuzz.0.dylib")
MESSAGE = "缺少 libharfbuzz-subset0：报告 PDF 生成会慢约 30 倍。请安装：apt-get install libharfbuzz-subset0"


def _dlopen(names):
    for name in names:
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    return None


@lru_cache(maxsize=1)
def harfbuzz_subset_problem() -> str:
    """'' when WeasyPrint will subset fonts with HarfBuzz, else what is wrong."""
    if _dlopen(SUBSET_LIBRARIES) is None:
        return MESSAGE
    harfbuzz = _dlopen(HARFBUZZ_LIBRARIES)
    # weasyprint/pdf/fonts.py uses hb-subset only from HarfBuzz 4.1.0 on.
    if harfbuzz is None or not harfbuzz.hb_version_atleast(4, 1, 0):
        return "HarfBuzz 版本低于 4.1.0，WeasyPrint 不会使用 hb-subset：报告 PDF 生成会慢约 30 倍。"
    return ""


def ensure_harfbuzz_subset() -> None:
    """Raise (loudly, at start-up and before any render) when subsetting is slow."""
    if problem := harfbuzz_subset_problem():
        raise ImproperlyConfigured(problem)


@checks.register(checks.Tags.compatibility)
def check_harfbuzz_subset(app_configs=None, **kwargs):
    if problem := harfbuzz_subset_problem():
        return [checks.Error(problem, hint="apt-get install libharfbuzz-subset0", id="reports.E001")]
    return []
