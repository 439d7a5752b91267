"""Form functions over keqi.policy's rules for programs' form documents (seed 001), registered
with keqi.formkit.registry when the host starts: R&D counted as the evaluation counts it (80 % for
commissioned work, the overseas cap) and staff as full-year averages of quarters."""

from decimal import ROUND_HALF_UP, Decimal

from keqi.formkit.registry import _number, check, computed, row_compute
from keqi.policy import RD_FORM_SHARES, annual_average, counted_rd


@row_compute("rd_counted")
def rd_counted_row(row: dict, *, amount: str, form: str, into: str) -> dict:
    """The R&D amount a row counts for (commissioned R&D at 80 %, keqi.policy's shares)."""
    value = _number(row.get(amount))
    share = RD_FORM_SHARES.get(row.get(form) or "", Decimal(1))
    return {into: None if value is None else str((value * share).quantize(Decimal("0.0001")))}


def quarter_pairs(answers: dict, table: str, start: str, end: str) -> list[list[Decimal]] | None:
    """[[季初, 季末] × 4] of a four-quarter table, or None while any is missing."""
    rows = answers.get(table) or []
    pairs = [[_number(row.get(start)), _number(row.get(end))] for row in rows]
    if len(pairs) != 4 or any(value is None for pair in pairs for value in pair):
        return None
    return pairs


def quarter_average(answers: dict, table: str, start: str, end: str) -> Decimal | None:
    pairs = quarter_pairs(answers, table, start, end)
    return None if pairs is None else annual_average(pairs)


def headcount(answers: dict, table: str, start: str, end: str) -> int | None:
    """The full-year average in whole persons, rounded half up once (85.5 → 86)."""
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
    rows = [
        {"form": row[form], "amount": _number(row.get(amount))}
        for row in answers.get(table) or []
        if row.get(form) and _number(row.get(amount)) is not None
    ]
    return counted_rd(rows).total if rows else None


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
