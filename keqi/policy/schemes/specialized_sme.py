"""专精特新中小企业认定: the 2022 (63号) and 2026 (2号) rulesets side by side."""

from .specialized_sme_2022 import RULESET_2022
from .specialized_sme_2026 import RULESET_2026

RULESETS = (RULESET_2022, RULESET_2026)
