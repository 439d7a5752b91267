"""Error types of the policy engine.

Every error carries a list of ``{"field": ..., "message": ...}`` items so that the CLI and
the HTTP layer can show all problems at once (Chinese messages, English field names).
"""

from __future__ import annotations


class PolicyInputError(ValueError):
    """The input cannot be assessed; ``errors`` lists every bad field."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        self.errors = [dict(error) for error in errors]
        summary = "；".join(f"{e['field']}: {e['message']}" for e in self.errors)
        super().__init__(summary or "输入无效")


class UnknownSchemeError(PolicyInputError, LookupError):
    """The scheme id is not one of ``list_schemes()``."""

    def __init__(self, scheme: str, known: list[str]) -> None:
        self.scheme = scheme
        message = f"未知的政策类型“{scheme}”，可选：{'、'.join(known)}"
        super().__init__([{"field": "scheme", "message": message}])


def field_error(field: str, message: str) -> dict[str, str]:
    """One error item in the public shape."""
    return {"field": field, "message": message}
