"""Password policy (P2): at least 8 characters from at least three classes, and not a common password."""

import string

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

MIN_LENGTH = 8
MIN_CLASSES = 3


def character_classes(password: str) -> int:
    checks = (
        any(c.islower() for c in password),
        any(c.isupper() for c in password),
        any(c.isdigit() for c in password),
        any(c in string.punctuation or c == " " for c in password),
    )
    return sum(checks)


class StrongPasswordValidator:
    def validate(self, password, user=None):
        if len(password) < MIN_LENGTH or character_classes(password) < MIN_CLASSES:
            raise ValidationError(self.get_help_text(), code="password_too_weak")

    def get_help_text(self):
        return "密码长度至少8位，且须包含大写字母、小写字母、数字、特殊字符中的至少三类"


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    """Django's list of 20,000 common passwords, checked case-insensitively, with a Chinese message."""

    def validate(self, password, user=None):
        if password.lower().strip() in self.passwords:
            raise ValidationError(self.get_error_message(), code="password_too_common")

    def get_error_message(self):
        return "该密码过于常见，容易被猜中，请换一个"

    def get_help_text(self):
        return "不能使用常见密码"
