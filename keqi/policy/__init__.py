"""keqi.policy: the pure-Python policy engine (no Django, no float).

Each scheme holds rulesets keyed by effective date; an assessment returns per-indicator
scores, the ratios used, unmet and pending condition ids, one Chinese reason per unmet or
open item and what-if hints. The public contract is POLICY-API.md.

    assess(scheme, data, ruleset=None, *, what_if=True) -> dict   # JSON-ready result
    what_if(scheme, data, ruleset=None) -> list[dict]              # only the hints
    list_schemes(on=None) -> list[dict]                            # schemes, rulesets, dates
    input_schema(scheme, ruleset=None, *, as_of=None) -> dict      # JSON Schema of the input
    PolicyInputError (.errors: [{"field", "message"}]), UnknownSchemeError (also LookupError)

Shared computations for the forms: quarterly_averages, annual_average, counted_rd, count_ip /
IP_TYPES, growth_rate, mean_growth_rate, compound_growth_rate, debt_ratio, high_tech_rd_band,
high_tech_growth_rate. Columnar scoring for many records: ``keqi.policy.batch``.
Command line: ``python -m keqi.policy {schemes | schema SCHEME | assess SCHEME}``.
"""

from .api import assess, evaluate, input_schema, list_schemes, prepare_input, what_if
from .computations import (
    RD_FORM_NAMES,
    RD_FORM_SHARES,
    RdCount,
    annual_average,
    compound_growth_at_least,
    compound_growth_rate,
    counted_rd,
    debt_ratio,
    growth_rate,
    high_tech_growth_rate,
    high_tech_rd_band,
    mean_growth_rate,
    quarterly_averages,
)
from .errors import PolicyInputError, UnknownSchemeError
from .iptypes import IP_TYPES, IpCounts, IpType, count_ip, ip_type

__all__ = [
    "IP_TYPES",
    "RD_FORM_NAMES",
    "RD_FORM_SHARES",
    "IpCounts",
    "IpType",
    "PolicyInputError",
    "RdCount",
    "UnknownSchemeError",
    "annual_average",
    "assess",
    "compound_growth_at_least",
    "compound_growth_rate",
    "count_ip",
    "counted_rd",
    "debt_ratio",
    "evaluate",
    "growth_rate",
    "high_tech_growth_rate",
    "high_tech_rd_band",
    "input_schema",
    "ip_type",
    "list_schemes",
    "mean_growth_rate",
    "prepare_input",
    "quarterly_averages",
    "what_if",
]
