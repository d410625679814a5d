"""Import of the town's 执法人员台账 (xlsx): one row = one officer with their current certificate.

Each row goes through the same rules as the web forms (Officer and Certificate
full_clean, the 身份证号 check, unique numbers); the shared XlsxImporter reports
errors by row and column and saves nothing unless every row is clean.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from accounts.models import Department
from core import validators as id_numbers
from core.xlsx import Column, RowError, XlsxImporter
from enforcement.choices import DEFAULT_ISSUING_AUTHORITY, CertificateKind, EmploymentStatus, Gender
from enforcement.models import CERTIFICATE_NUMBER_TAKEN, Certificate, EnforcementCategory, Officer

YES = {"是", "有", "Y", "y", "yes", "1", "√"}
NO = {"", "否", "无", "N", "n", "no", "0"}


def _by_label(choices) -> dict[str, str]:
    return {label: value for value, label in choices}


class OfficerImportForm(forms.Form):
    """One ledger row. Field names equal the importer's Column.field, so errors land on the right column."""

    name = forms.CharField(max_length=30)
    gender = forms.CharField(required=False)
    id_number = forms.CharField(max_length=30)
    phone = forms.CharField(required=False, max_length=20)
    department = forms.CharField(max_length=50)
    position = forms.CharField(required=False, max_length=50)
    legal_qualification = forms.CharField(required=False)
    employment_status = forms.CharField(required=False)
    left_on = forms.DateField(required=False)
    cert_kind = forms.CharField(required=False)
    cert_number = forms.CharField(required=False, max_length=40)
    issuing_authority = forms.CharField(required=False, max_length=60)
    issued_on = forms.DateField(required=False)
    expires_on = forms.DateField(required=False)
    region = forms.CharField(required=False, max_length=100)
    categories = forms.CharField(required=False)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization

    # --- single columns ------------------------------------------------
    def clean_id_number(self):
        value = id_numbers.normalize_id_number(self.cleaned_data["id_number"])
        id_numbers.validate_id_number(value)
        if Officer.objects.filter(organization=self.organization, id_number=value).exists():
            raise ValidationError("本单位已登记该身份证号的执法人员，请在人员页面维护。")
        return value

    def clean_gender(self):
        value = self.cleaned_data["gender"]
        if not value:
            return ""
        genders = _by_label(Gender.choices)
        if value not in genders:
            raise ValidationError("请填写“男”或“女”。")
        return genders[value]

    def clean_department(self):
        name = self.cleaned_data["department"]
        department = Department.objects.filter(organization=self.organization, name=name).first()
        if department is None:
            names = "、".join(Department.objects.filter(organization=self.organization).values_list("name", flat=True))
            raise ValidationError(f"本单位没有名为“{name}”的科室（现有：{names}）。")
        return department

    def clean_legal_qualification(self):
        value = self.cleaned_data["legal_qualification"]
        if value in YES:
            return True
        if value in NO:
            return False
        raise ValidationError("请填写“是”或“否”。")

    def clean_employment_status(self):
        value = self.cleaned_data["employment_status"] or EmploymentStatus.ACTIVE.label
        statuses = _by_label(EmploymentStatus.choices)
        if value not in statuses:
            raise ValidationError("请填写“在岗”“调离”或“退休”。")
        return statuses[value]

    def clean_cert_kind(self):
        value = self.cleaned_data["cert_kind"] or CertificateKind.ENFORCEMENT.label
        kinds = _by_label(CertificateKind.choices)
        if value not in kinds:
            raise ValidationError("请填写“行政执法证”或“行政执法监督证”。")
        return kinds[value]

    def clean_cert_number(self):
        value = self.cleaned_data["cert_number"].strip()
        if value and Certificate.objects.filter(number=value).exists():
            raise ValidationError(CERTIFICATE_NUMBER_TAKEN)
        return value

    def clean_categories(self):
        raw = self.cleaned_data["categories"]
        names = [
            n.strip() for n in raw.replace("，", "、").replace(",", "、").replace(";", "、").split("、") if n.strip()
        ]
        known = {c.name: c for c in EnforcementCategory.objects.filter(organization=self.organization)}
        unknown = [n for n in names if n not in known]
        if unknown:
            raise ValidationError(
                f"执法类别“{'、'.join(unknown)}”不在本单位的执法类别清单中（可在“执法类别”页面添加），多个类别用顿号分隔。"
            )
        return [known[n] for n in names]

    # --- the row as a whole -------------------------------------------
    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        officer = Officer(
            organization=self.organization,
            name=cleaned["name"],
            gender=cleaned["gender"] or id_numbers.gender_code(cleaned["id_number"]) or "",
            id_number=cleaned["id_number"],
            phone=cleaned["phone"].replace(" ", ""),
            department=cleaned["department"],
            position=cleaned["position"],
            has_legal_qualification=cleaned["legal_qualification"],
            employment_status=cleaned["employment_status"],
            left_on=cleaned["left_on"],
        )
        self._collect(officer, {"department": "department", "left_on": "left_on"}, exclude=["organization"])
        certificate = None
        if cleaned["cert_number"]:
            for field in ("issued_on", "expires_on"):
                if not cleaned.get(field):
                    self.add_error(field, "填写了证件编号时必须填写此项。")
            if self.errors:
                return cleaned
            certificate = Certificate(
                number=cleaned["cert_number"],
                kind=cleaned["cert_kind"],
                issuing_authority=cleaned["issuing_authority"] or DEFAULT_ISSUING_AUTHORITY,
                issued_on=cleaned["issued_on"],
                expires_on=cleaned["expires_on"],
                region=cleaned["region"],
            )
            self._collect(certificate, {"number": "cert_number"}, exclude=["officer"])
        elif cleaned.get("categories") or cleaned.get("issued_on") or cleaned.get("expires_on"):
            self.add_error("cert_number", "填写了证件信息时必须填写证件编号。")
        self.officer, self.certificate = officer, certificate
        return cleaned

    def _collect(self, instance, renames: dict[str, str], exclude: list[str]):
        try:
            instance.full_clean(exclude=exclude, validate_unique=False)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                target = renames.get(field, field)
                target = target if target in self.fields else None
                for message in messages:
                    self.add_error(target, message)

    def save(self, *, user=None) -> Officer:
        officer = self.officer
        if user is not None:
            officer._history_user = user
        officer.save()
        if self.certificate is not None:
            self.certificate.officer = officer
            if user is not None:
                self.certificate._history_user = user
            self.certificate.save()
            self.certificate.categories.set(self.cleaned_data["categories"])
        return officer


class OfficerImporter(XlsxImporter):
    title = "行政执法人员台账"
    form_class = OfficerImportForm
    columns = [
        Column("姓名", "name", required=True, example="张明"),
        Column("性别", "gender", help="男/女；不填则按身份证号推算", example="男"),
        Column(
            "身份证号", "id_number", required=True, help="18 位，系统校验校验位和出生日期", example="500104198503120019"
        ),
        Column("联系电话", "phone", help="手机或带区号的固定电话", example="13800000000"),
        Column("所属科室", "department", required=True, help="须与平台中的科室名称一致", example="综合行政执法大队"),
        Column("职务", "position", example="执法队员"),
        Column("法律职业资格", "legal_qualification", help="是/否，不填为否", example="否"),
        Column("人员状态", "employment_status", help="在岗/调离/退休，不填为在岗", example="在岗"),
        Column("离岗日期", "left_on", help="调离或退休的日期，如 2023-08-31"),
        Column("证件类型", "cert_kind", help="行政执法证/行政执法监督证，不填为行政执法证", example="行政执法证"),
        Column("证件编号", "cert_number", help="无证人员可不填", example="50010420230001"),
        Column(
            "发证机关",
            "issuing_authority",
            help=f"不填为{DEFAULT_ISSUING_AUTHORITY}",
            example=DEFAULT_ISSUING_AUTHORITY,
        ),
        Column("发证日期", "issued_on", help="如 2023-03-15", example="2023-03-15"),
        Column("有效期至", "expires_on", help="须晚于发证日期", example="2028-03-14"),
        Column("执法区域", "region", example="大渡口区八桥镇"),
        Column(
            "执法类别", "categories", help="多个类别用顿号“、”分隔，须在执法类别清单中", example="城市管理、安全生产"
        ),
    ]

    def validate_rows(self, forms_):
        errors = []
        seen_ids: dict[str, int] = {}
        seen_numbers: dict[str, int] = {}
        for number, form in forms_:
            id_number = form.cleaned_data["id_number"]
            if id_number in seen_ids:
                errors.append(RowError(number, "身份证号", f"与第{seen_ids[id_number]}行重复。"))
            seen_ids.setdefault(id_number, number)
            cert_number = form.cleaned_data.get("cert_number")
            if cert_number:
                if cert_number in seen_numbers:
                    errors.append(RowError(number, "证件编号", f"与第{seen_numbers[cert_number]}行重复。"))
                seen_numbers.setdefault(cert_number, number)
        return errors

    def save_row(self, form, *, organization, user):
        return form.save(user=user)
