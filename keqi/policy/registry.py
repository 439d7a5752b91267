"""Schemes and their rulesets, keyed by effective date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .errors import PolicyInputError, UnknownSchemeError, field_error
from .rules import Ruleset
from .schemes import (
    credit_rating,
    digital_level,
    high_tech,
    innovative_sme,
    little_giant,
    shizhu_subsidy,
    specialized_sme,
    tech_sme,
)


@dataclass(frozen=True)
class Scheme:
    id: str
    name: str
    rulesets: tuple[Ruleset, ...]  # oldest first

    def ruleset(self, ruleset_id: str) -> Ruleset:
        for candidate in self.rulesets:
            if candidate.id == ruleset_id:
                return candidate
        known = "、".join(r.id for r in self.rulesets)
        raise PolicyInputError([field_error("ruleset", f"未知的规则版本“{ruleset_id}”，{self.name}可选：{known}")])

    def in_force(self, on: date) -> Ruleset:
        """The ruleset with the latest effective date not after ``on``."""
        current = None
        for candidate in self.rulesets:
            if candidate.effective <= on:
                current = candidate
        if current is None:
            first = self.rulesets[0].effective.isoformat()
            raise PolicyInputError(
                [field_error("as_of", f"{on.isoformat()} 时{self.name}尚无有效规则（最早于 {first} 生效）")]
            )
        return current


def _scheme(scheme_id: str, name: str, rulesets: tuple[Ruleset, ...]) -> Scheme:
    ordered = tuple(sorted(rulesets, key=lambda r: r.effective))
    if len({r.id for r in ordered}) != len(ordered) or len({r.effective for r in ordered}) != len(ordered):
        raise ValueError(f"duplicate ruleset id or effective date in {scheme_id}")
    return Scheme(scheme_id, name, ordered)


SCHEMES: dict[str, Scheme] = {
    scheme.id: scheme
    for scheme in (
        _scheme("tech_sme", "科技型中小企业评价", tech_sme.RULESETS),
        _scheme("innovative_sme", "创新型中小企业评价", innovative_sme.RULESETS),
        _scheme("specialized_sme", "专精特新中小企业认定", specialized_sme.RULESETS),
        _scheme("little_giant", "专精特新“小巨人”企业认定", little_giant.RULESETS),
        _scheme("high_tech", "高新技术企业认定", high_tech.RULESETS),
        _scheme("digital_level", "中小企业数字化水平评测", digital_level.RULESETS),
        _scheme("credit_rating", "知识价值信用评级", credit_rating.RULESETS),
        _scheme("shizhu_subsidy", "石柱县科技创新奖补", shizhu_subsidy.RULESETS),
    )
}


def get_scheme(scheme_id: str) -> Scheme:
    try:
        return SCHEMES[scheme_id]
    except (KeyError, TypeError):
        raise UnknownSchemeError(str(scheme_id), list(SCHEMES)) from None


def select_ruleset(scheme_id: str, ruleset_id: str | None = None, on: date | None = None) -> Ruleset:
    """The named ruleset, else the one in force on ``on`` (default today)."""
    scheme = get_scheme(scheme_id)
    if ruleset_id is not None:
        return scheme.ruleset(str(ruleset_id))
    return scheme.in_force(on or date.today())
