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


@row_compute("rd_counted")
def rd_counted_row(row: dict, *, amount: str, form: str, into: str) -> dict:
    """The R&D amount a row counts for (commissioned R&D at 80 %, keqi.policy's shares)."""
    from keqi.policy import RD_FORM_SHARES

    value = _number(row.get(amount))
    share = RD_FORM_SHARES.get(row.get(form) or "", Decimal(1))
    return {into: None if value is None else str((value * share).quantize(Decimal("0.0001")))}


@row_check("not_greater")
def row_not_greater(row: dict, *, pairs: list[list[str]], message: str) -> dict[str, str]:
    """Each [column, limit column] pair: the column may not exceed its limit in the same row."""
    errors = {}
    for column, limit in pairs:
        value, ceiling = _number(row.get(column)), _number(row.get(limit))
        if value is not None and ceiling is not None and value > ceiling:
            errors[column] = message
    return errors


def quarter_pairs(answers: dict, table: str, start: str, end: str) -> list[list[Decimal]] | None:
    """[[季初, 季末] × 4] of a four-quarter table, or None while any is missing."""
    rows = answers.get(table) or []
    pairs = [[_number(row.get(start)), _number(row.get(end))] for row in rows]
    if len(pairs) != 4 or any(value is None for pair in pairs for value in pair):
        return None
    return pairs


def quarter_average(answers: dict, table: str, start: str, end: str) -> Decimal | None:
    from keqi.policy import annual_average

    pairs = quarter_pairs(answers, table, start, end)
    return None if pairs is None else annual_average(pairs)


def headcount(answers: dict, table: str, start: str, end: str) -> int | None:
    """The full-year average in whole persons, rounded half up once (85.5 → 86)."""
    from decimal import ROUND_HALF_UP

    average = quarter_average(answers, table, start, end)
    return None if average is None else int(average.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@computed("quarter_average")
def quarter_average_figure(answers: dict, *, table: str, start: str, end: str) -> Decimal | None:
    """The full-year average of quarterly averages, 2 places (a figure for statistics)."""
    average = quarter_average(answers, table, start, end)
    return None if average is None else average.quantize(Decimal("0.01"))


@computed("quarter_average_text")
def quarter_average_text(answers: dict, *, table: str, start: str, end: str) -> str | None:
    """ "86人" or "86人（全年季平均数85.5人，四舍五入）" when the average is not whole."""
    average = quarter_average(answers, table, start, end)
    if average is None:
        return None
    whole = headcount(answers, table, start, end)
    if average == whole:
        return f"{whole}人"
    shown = format(average.normalize(), "f")
    return f"{whole}人（全年季平均数{shown}人，四舍五入）"


@computed("quarter_pairs")
def quarter_pairs_of(answers: dict, *, table: str, start: str, end: str) -> list[list[str]] | None:
    """The quarters as keqi.policy takes them (an assessment input)."""
    pairs = quarter_pairs(answers, table, start, end)
    return None if pairs is None else [[str(a), str(b)] for a, b in pairs]


@computed("rd_counted_total")
def rd_counted_total(answers: dict, *, table: str, amount: str, form: str) -> Decimal | None:
    """R&D counted as keqi.policy counts it (80 % for commissioned, the overseas cap)."""
    from keqi.policy import counted_rd

    rows = [
        {"form": row[form], "amount": _number(row.get(amount))}
        for row in answers.get(table) or []
        if row.get(form) and _number(row.get(amount)) is not None
    ]
    return counted_rd(rows).total if rows else None


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


@check("sum_equals_headcount")
def sum_equals_headcount(
    answers: dict, *, fields: list[str], table: str, start: str, end: str, label: str
) -> dict[str, str]:
    """The fields (e.g. staff by education) add up to the quarters' whole-person average."""
    values = [_number(answers.get(key)) for key in fields]
    total = headcount(answers, table, start, end)
    if total is None or any(value is None for value in values):
        return {}
    found = sum(values, Decimal(0))
    if found != total:
        shown = quarter_average_text(answers, table=table, start=start, end=end)
        return {fields[0]: f"各{label}之和（{format(found.normalize(), 'f')}人）应等于{shown}"}
    return {}


@validator("phone")
def phone(value, answers: dict) -> str | None:
    """An 11-digit mobile or a landline with its area code."""
    import re

    from keqi.core.identifiers import mobile_error

    text = str(value)
    if mobile_error(text) is None or re.fullmatch(r"0\d{2,3}-?\d{7,8}(-\d{1,6})?", text):
        return None
    return "请填写11位手机号码或带区号的固定电话（如010-12345678）"


@validator("id_number")
def id_number(value, answers: dict, *, type_field: str) -> str | None:
    """An ID number checked by the kind chosen in `type_field` (居民身份证 / 普通护照)."""
    import re

    from keqi.core.identifiers import resident_id_error

    kind = answers.get(type_field)
    if kind == "id_card":
        return resident_id_error(value)
    if kind == "passport" and not re.fullmatch(r"[A-Za-z0-9]{5,17}", str(value)):
        return "护照号码应为5至17位字母或数字"
    return None


# Registers an enterprise may pick table rows from (`"pick": "ip_register"` on a table): apps
# register `rows(enterprise) -> [{"_ref": id, column: value, …}]`; picked rows are marked
# `_source: "register"` and keep the register's values in the table's `readonly_columns`.
PICKERS: dict[str, Callable[[Any], list[dict]]] = {}


def picker(name: str, rows: Callable[[Any], list[dict]]) -> None:
    PICKERS[name] = rows
