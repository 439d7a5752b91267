"""Password policy (P2): at least 8 characters from at least three character classes."""

import string

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
