"""export_report --org 大渡口区: the district's own report renders like a town's, with its
towns' figures added up (core.figure_rollup). Real registry, real WeasyPrint."""

import datetime
import re
import shutil
import subprocess

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Organization
from accounts.tests.factories import OrganizationFactory
from core import figure_cache
from disputes.tests.factories import DisputeFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed"),
]


def pdf_text(path) -> str:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", "", text)


@pytest.fixture
def district(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Without the generated towns (conftest.py): 八桥镇's demo, the district login and outline.
    call_command("load_demo", "--quiet-logins", verbosity=0)
    return Organization.objects.get(name="大渡口区")


def test_the_districts_report_exports_as_a_pdf_with_its_towns_totals(district, tmp_path):
    # A second town with one dispute of 2023 beside 八桥镇's 788.
    other = OrganizationFactory(name="跳磴镇", parent=district, serial_prefix="跳磴")
    DisputeFactory(organization=other, received_on=datetime.date(2023, 5, 6))
    assert figure_cache.year_figures(district, 2023)["调解纠纷数"].value.value == 789

    by_name, by_id = tmp_path / "name.pdf", tmp_path / "id.pdf"
    call_command("export_report", "--org", "大渡口区", "--year", "2023", "--draft", "-o", str(by_name))
    call_command("export_report", "--org", str(district.pk), "--year", "2023", "--draft", "-o", str(by_id))
    for path in (by_name, by_id):
        assert path.read_bytes().startswith(b"%PDF")
        text = pdf_text(path)
        assert "重庆市大渡口区人民政府" in text
        assert "全区各镇街共受理矛盾纠纷789件" in text


def test_an_unknown_id_is_a_clear_error(district, tmp_path):
    with pytest.raises(CommandError, match="找不到单位：999999"):
        call_command("export_report", "--org", "999999", "--year", "2023", "--draft", "-o", str(tmp_path / "x.pdf"))
