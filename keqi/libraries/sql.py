"""The SQL twin of the screen (exports, 免申即享 and the bench's SQL path): the same conditions as a
Django Q over ReportFact, with the same semantics (unknown never fails; exact cross-multiplied
ratios)."""

from decimal import Decimal

from django.db.models import DecimalField, F, Func, Q, Value
from django.db.models.lookups import GreaterThanOrEqual

from keqi.policy import libraries as policy

MONEY_UNITS = 10_000  # 0.0001 万元, the columns' 4 places


def _unknown(*names: str) -> Q:
    found = Q()
    for name in names:
        found |= Q(**{f"{name}__isnull": True})
    return found


class _Whole(Func):
    """A money figure × 10⁴ as an exact whole number. PostgreSQL's numeric is exact as it is;
    SQLite keeps a decimal column as a float, so there it is rounded to an integer: a ratio
    compared in floating point put enterprises exactly at a threshold (营业收入 4778.3772 =
    3981.9810 × 120 %) on either side, unlike the screen and the explanation."""

    template = "%(expressions)s"
    output_field = DecimalField(max_digits=30, decimal_places=0)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="CAST(ROUND(%(expressions)s) AS INTEGER)", **extra)


def _units(name: str) -> tuple[Func | F, int]:
    """(the figure in whole units, units per unit): money in 0.0001 万元, counts as they are."""
    if policy.FACT_FIELDS[name][2] == "money":
        return _Whole(F(name) * Value(MONEY_UNITS)), MONEY_UNITS
    return F(name), 1


def _ratio_at_least(num: str, den: str, percent: Decimal, extra: Decimal = Decimal(0)) -> Q:
    """num × 100 ≥ (extra + percent) × den, in whole numbers: percentages carry 2 places, so
    num × 10⁴ ≥ (extra + percent) × 100 × den, each side in its figure's smallest unit."""
    (a, a_units), (b, b_units) = _units(num), _units(den)
    hundredths = int((extra + percent) * 100)
    return Q(GreaterThanOrEqual(a * Value(100 * 100 * b_units), b * Value(hundredths * a_units)))


def check_q(check: policy.Check, values: dict[str, Decimal], strict: bool = False) -> Q:
    """Rows on which the check does not fail (passes or is unknown); with `strict`, passes."""
    if strict:
        return check_q(check, values) & ~unknown_q(check)
    if check.kind in ("min", "max"):
        name = check.fields[0]
        lookup = "gte" if check.kind == "min" else "lte"
        return _unknown(name) | Q(**{f"{name}__{lookup}": values[check.params[0].key]})
    if check.kind == "flag":
        name = check.fields[0]
        return _unknown(name) | Q(**{name: check.expected})
    num, den = check.fields[0], check.fields[1]
    unknown = _unknown(num, den) | Q(**{f"{den}__lte": 0})
    if check.kind == "ratio_min":
        return unknown | _ratio_at_least(num, den, values[check.params[0].key])
    if check.kind == "growth_min":
        return unknown | _ratio_at_least(num, den, values[check.params[0].key], Decimal(100))
    if check.kind == "tiered_ratio_min":
        basis = check.fields[2]
        passes = Q()
        lower = None
        for bound, param in zip(check.bounds, check.params, strict=False):
            tier = Q(**{f"{basis}__lte": bound})
            if lower is not None:
                tier &= Q(**{f"{basis}__gt": lower})
            passes |= tier & _ratio_at_least(num, den, values[param.key])
            lower = bound
        passes |= Q(**{f"{basis}__gt": lower}) & _ratio_at_least(num, den, values[check.params[-1].key])
        return unknown | _unknown(basis) | passes
    raise ValueError(check.kind)


def unknown_q(check: policy.Check) -> Q:
    """Rows on which the check cannot be decided (需补充信息)."""
    found = _unknown(*check.fields)
    if check.kind in ("ratio_min", "tiered_ratio_min", "growth_min"):
        found |= Q(**{f"{check.fields[1]}__lte": 0})
    return found


def members_q(library: policy.Library, values: dict[str, Decimal], include: str = "") -> Q:
    """Library members; include "pass" keeps those meeting every condition, "unknown" the rest."""
    found = Q()
    strict = Q()
    for condition in library.conditions:
        for check in condition.checks:
            found &= check_q(check, values)
            strict &= check_q(check, values, strict=True)
    if include == "pass":
        return strict
    if include == "unknown":
        return found & ~strict
    return found
