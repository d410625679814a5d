from django.core.exceptions import ValidationError


class CharacterClassValidator:
    """Password must mix character classes (等保2.0 身份鉴别: 口令复杂度).

    Classes: upper-case letters, lower-case letters, digits, other symbols.
    """

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        classes = [
            any(c.isupper() for c in password),
            any(c.islower() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < self.min_classes:
            raise ValidationError(
                f"密码须至少包含大写字母、小写字母、数字、符号中的 {self.min_classes} 类。",
                code="password_too_simple",
            )

    def get_help_text(self):
        return f"密码须至少包含大写字母、小写字母、数字、符号中的 {self.min_classes} 类。"


class MinimumLengthValidator:
    """Minimum length with a Chinese message (Django 5.2's zh_Hans catalogue lacks
    the current wording of its own validator's message)."""

    def __init__(self, min_length: int = 8):
        self.min_length = min_length

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(f"密码太短，至少需要 {self.min_length} 个字符。", code="password_too_short")

    def get_help_text(self):
        return f"密码至少需要 {self.min_length} 个字符。"
