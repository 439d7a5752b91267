"""The three tiers of 优质中小企业梯度培育 as this app knows them: which program series declares
each, the qualification its recognition grants, and who recognises it. Validity is 3 years
(POLICY-RULES.md §2.3, NEXT-WAVE-RULES.md §4.5)."""

TIERS = {
    "innovative-sme": {"kind": "innovative_sme", "label": "创新型中小企业", "level": "省级"},
    "specialized-sme": {"kind": "specialized_sme", "label": "专精特新中小企业", "level": "省级"},
    "little-giant": {"kind": "little_giant", "label": "专精特新“小巨人”企业", "level": "部级"},
}
KINDS = {tier["kind"]: {**tier, "series": series} for series, tier in TIERS.items()}
VALID_YEARS = 3


def tier_of(program) -> dict | None:
    return TIERS.get(program.series)
