"""专精特新"小巨人"企业认定: the 2022 (63号) and 2026 (2号) rulesets side by side."""

from .little_giant_2022 import RULESET_2022
from .little_giant_2026 import RULESET_2026

RULESETS = (RULESET_2022, RULESET_2026)
