"""Named functions a form document may refer to (computed values, field checks, cross-field
checks, choice lists). Data names a function; it never carries code, so nothing is `eval`ed."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

COMPUTED: dict[str, Callable[..., Any]] = {}
VALIDATORS: dict[str, Callable[..., str | None]] = {}
CHECKS: dict[str, Callable[..., dict[str, str]]] = {}
CHOICES: dict[str, Callable[[str], tuple[tuple[str, str], ...]]] = {}


def computed(name: str):
    def register(func):
        COMPUTED[name] = func
        return func

    return register


def validator(name: str):
    def register(func):
        VALIDATORS[name] = func
        return func

    return register


def check(name: str):
    def register(func):
        CHECKS[name] = func
        return func

    return register


def choice_source(name: str, func: Callable[[str], tuple[tuple[str, str], ...]]) -> None:
    """`func(argument)` gives the choices, e.g. the reference app's dictionaries by category."""
    CHOICES[name] = func


def _number(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@computed("sum")
def sum_of(answers: dict, *, fields: list[str]) -> Decimal | None:
    """Sum of the named figures; None until at least one is filled."""
    numbers = [n for n in (_number(answers.get(key)) for key in fields) if n is not None]
    return sum(numbers, Decimal(0)) if numbers else None


@computed("sum_column")
def sum_column(answers: dict, *, table: str, column: str) -> Decimal | None:
    numbers = [n for n in (_number(row.get(column)) for row in answers.get(table) or []) if n is not None]
    return sum(numbers, Decimal(0)) if numbers else None


@validator("year")
def four_digit_year(value, answers: dict) -> str | None:
    return None if 1900 <= int(value) <= 2100 else "请填写四位数字年份"


@validator("industry_code")
def industry_code(value, answers: dict) -> str | None:
    text = str(value)
    if len(text) in (1, 3, 4, 5) and text[0].isalpha() and text[1:].isdigit():
        return None
    return "经济行业代码格式应为门类字母加数字，如C3911"


@check("not_greater")
def not_greater(answers: dict, *, field: str, limit: str, message: str) -> dict[str, str]:
    """`field` may not exceed `limit` (both figures present)."""
    value, ceiling = _number(answers.get(field)), _number(answers.get(limit))
    if value is not None and ceiling is not None and value > ceiling:
        return {field: message}
    return {}
