"""The BENCHMARKS.md lines bench/run.py writes for the report PDF (no measurement here)."""

from bench.run import _archival_line


def test_the_archival_pdf_is_judged_against_1_5_times_the_plain_one():
    within = _archival_line({"weasyprint": {"p50": 340.0}, "weasyprint_archival": {"p50": 411.3}})
    assert within == "发布存档版 ÷ 同一文档的普通排版：1.21×（目标 ≤ 1.5×）— ✅ 达成。"
    over = _archival_line({"weasyprint": {"p50": 300.0}, "weasyprint_archival": {"p50": 451.0}})
    assert "1.50×" in over and "❌ 未达成" in over  # 1.503: rounded in the text, judged unrounded
    assert "未测量" in _archival_line({"weasyprint": {"p50": None}, "weasyprint_archival": {"p50": None}})
