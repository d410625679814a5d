"""A missing required 公文 font is never silent (issue #17): the report page and
`export_report` name each font the PDF prints in a stand-in, and the stand-in.

The fonts folder (REPORT_FONTS_DIR) is pointed at an empty directory; this
Debian image has none of the licensed faces system-wide, only the stand-ins of
fonts-noto-cjk and fonts-arphic-gkai00mp (as test_rendering.py assumes too).
"""

import io
import types

import pytest
from django.core.management import call_command

from reports import demo, output
from reports.models import AnnualReport
from reports.rendering import font_warnings
from reports.rendering.fonts import FANGSONG, ROLES, font_substitutions


@pytest.fixture
def no_fonts(settings, tmp_path):
    settings.REPORT_FONTS_DIR = tmp_path / "fonts"
    settings.REPORT_FONTS_DIR.mkdir()
    return settings.REPORT_FONTS_DIR


@pytest.fixture
def report(org, figure_values):
    demo.load(types.SimpleNamespace(organization=org))
    return AnnualReport.objects.get(organization=org, year=2023)


def licensed_copy(folder, family: str) -> None:
    """A free font renamed to a licensed family, standing for the real file."""
    from fontTools.ttLib import TTFont

    font = TTFont("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")
    font["name"].names = [r for r in font["name"].names if r.platformID == 3]
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = family
    font.save(folder / "licensed.ttf")


def test_each_missing_font_is_named_with_its_stand_in(no_fonts):
    found = {item.role.key: item for item in font_substitutions()}
    assert set(found) == {role.key for role in ROLES}  # 小标宋 黑体 楷体 仿宋 宋体
    assert found["title"].family == "Noto Serif CJK SC Bold"  # the bold stand-in for 小标宋
    assert found["heiti"].family == "Noto Sans CJK SC"
    assert found["kaiti"].family == "AR PL KaitiM GB"
    assert found["fangsong"].family == found["songti"].family == "Noto Serif CJK SC"
    warnings = font_warnings()
    assert "标题应使用小标宋（“方正小标宋简体”），本机未安装，PDF改用“Noto Serif CJK SC Bold”代替。" in warnings
    assert "正文应使用仿宋（“仿宋_GB2312”），本机未安装，PDF改用“Noto Serif CJK SC”代替。" in warnings


def test_a_licensed_font_in_the_folder_silences_its_warning(no_fonts):
    licensed_copy(no_fonts, "仿宋_GB2312")
    missing = [item.role for item in font_substitutions()]
    assert FANGSONG not in missing and len(missing) == len(ROLES) - 1
    assert not any("仿宋_GB2312" in warning for warning in font_warnings())


@pytest.mark.django_db
def test_report_page_warns_naming_the_missing_fonts(leader, report, no_fonts):
    html = leader.get(report.get_absolute_url()).content.decode()
    assert 'data-role="font-warnings"' in html
    assert "PDF未使用公文规定字体" in html
    assert "“方正小标宋简体”），本机未安装，PDF改用“Noto Serif CJK SC Bold”代替" in html
    assert "“楷体_GB2312”），本机未安装，PDF改用“AR PL KaitiM GB”代替" in html
    assert "REPORT_FONTS_DIR" in html


@pytest.mark.django_db
def test_report_page_is_quiet_when_every_font_is_there(leader, report, monkeypatch):
    monkeypatch.setattr(output, "font_warnings", lambda: [])
    html = leader.get(report.get_absolute_url()).content.decode()
    assert 'data-role="font-warnings"' not in html


@pytest.mark.django_db
def test_export_report_warns_on_stderr_naming_the_missing_fonts(report, no_fonts, tmp_path):
    stderr = io.StringIO()
    target = tmp_path / "r.pdf"
    call_command("export_report", "--org", "八桥镇", "--year", "2023", "--draft", "-o", str(target), stderr=stderr)
    assert target.read_bytes().startswith(b"%PDF")
    err = stderr.getvalue()
    for role in ROLES:
        assert f"“{role.official}”），本机未安装" in err
    assert "PDF改用“Noto Serif CJK SC Bold”代替" in err
    assert str(no_fonts) in err  # where to put the files


@pytest.mark.django_db
def test_word_export_does_not_warn_about_server_fonts(report, no_fonts, tmp_path):
    """The .docx names the official fonts; the PC that opens it supplies them."""
    stderr = io.StringIO()
    call_command(
        "export_report",
        "--org",
        "八桥镇",
        "--year",
        "2023",
        "--format",
        "docx",
        "--draft",
        "-o",
        str(tmp_path / "r.docx"),
        stderr=stderr,
    )
    assert "本机未安装" not in stderr.getvalue()
