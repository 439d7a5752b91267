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
ROW_COMPUTE: dict[str, Callable[..., dict]] = {}  # row → computed columns stored with it (`row_compute`)
ROW_CHECKS: dict[str, Callable[..., dict[str, str]]] = {}  # row → {column: message} (`row_check`)


def _registrar(table: dict):
    """A decorator factory: `@computed("sum")` files the function under its name."""

    def named(name: str):
        def register(func):
            table[name] = func
            return func

        return register

    return named


computed = _registrar(COMPUTED)
validator = _registrar(VALIDATORS)
check = _registrar(CHECKS)
row_compute = _registrar(ROW_COMPUTE)
row_check = _registrar(ROW_CHECKS)


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


# ---------------------------------------------------------------- rows, quarters, R&D (seed 001)
# Named so a form document can say what a table row computes or checks (`row_compute`,
# `row_check`) and what a figure is (`computed`), with arguments from the data.


@row_check("not_greater")
def row_not_greater(row: dict, *, pairs: list[list[str]], message: str) -> dict[str, str]:
    """Each [column, limit column] pair: the column may not exceed its limit in the same row."""
    errors = {}
    for column, limit in pairs:
        value, ceiling = _number(row.get(column)), _number(row.get(limit))
        if value is not None and ceiling is not None and value > ceiling:
            errors[column] = message
    return errors


@computed("rows_of")
def rows_of(answers: dict, *, table: str, columns: list[str]) -> list[dict]:
    """A table's filled rows with the named columns (an assessment input such as R&D projects)."""
    return [
        {column: row.get(column) for column in columns}
        for row in answers.get(table) or []
        if all(row.get(column) not in (None, "") for column in columns)
    ]


@computed("any_row")
def any_row(answers: dict, *, table: str, column: str = "", equals=None) -> bool:
    """Whether the table has a row (whose `column` equals `equals`, when given)."""
    rows = answers.get(table) or []
    if not column:
        return bool(rows)
    return any(row.get(column) == equals for row in rows)


# Registers an enterprise may pick table rows from (`"pick": "ip_register"` on a table): apps
# register `rows(enterprise) -> [{"_ref": id, column: value, …}]`; picked rows are marked
# `_source: "register"` and keep the register's values in the table's `readonly_columns`.
PICKERS: dict[str, Callable[[Any], list[dict]]] = {}


def picker(name: str, rows: Callable[[Any], list[dict]]) -> None:
    PICKERS[name] = rows
