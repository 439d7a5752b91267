"""The result of one assessment and its JSON form (the shape in POLICY-API.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from .numbers import json_number, plain, ratio_text


@dataclass
class Outcome:
    """Collects failed and open conditions, each with its Chinese sentence, in order."""

    unmet: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    unmet_reasons: list[str] = field(default_factory=list)
    pending_reasons: list[str] = field(default_factory=list)

    def fail(self, condition: str, reason: str) -> None:
        self.unmet.append(condition)
        self.unmet_reasons.append(reason)

    def wait(self, condition: str, reason: str) -> None:
        self.pending.append(condition)
        self.pending_reasons.append(reason)

    @property
    def qualified(self) -> bool | None:
        """False when anything failed, None when only open items remain, else True."""
        if self.unmet:
            return False
        return None if self.pending else True


@dataclass
class Assessment:
    """One scheme's verdict; ``extra`` holds scheme-specific keys (hints, level, ...)."""

    scheme: str
    ruleset: str
    qualified: bool | None
    route: str | None
    total: Decimal | int | None
    scores: dict[str, Decimal | int | None]
    ratios: dict[str, Decimal | None]
    unmet: list[str]
    pending: list[str]
    reasons: list[str]
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        scheme: str,
        ruleset: str,
        outcome: Outcome,
        *,
        route: str | None,
        total: Decimal | int | None,
        scores: dict[str, Decimal | int | None],
        ratios: dict[str, Decimal | None],
        extra: dict[str, Any] | None = None,
    ) -> Assessment:
        """Apply the common rule: open items count only when nothing failed."""
        qualified = outcome.qualified
        pending = [] if outcome.unmet else list(outcome.pending)
        reasons = list(outcome.unmet_reasons) + ([] if outcome.unmet else list(outcome.pending_reasons))
        return cls(
            scheme=scheme,
            ruleset=ruleset,
            qualified=qualified,
            route=route if qualified else None,
            total=total,
            scores=scores,
            ratios=ratios,
            unmet=list(outcome.unmet),
            pending=pending,
            reasons=reasons,
            extra=extra or {},
        )

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict: ratios as decimal strings, integral scores as ints."""
        result: dict[str, Any] = {
            "scheme": self.scheme,
            "ruleset": self.ruleset,
            "qualified": self.qualified,
            "route": self.route,
            "total": json_number(self.total),
            "scores": {key: json_number(value) for key, value in self.scores.items()},
            "ratios": {key: ratio_text(value) for key, value in self.ratios.items()},
            "unmet": list(self.unmet),
            "pending": list(self.pending),
            "reasons": list(self.reasons),
        }
        for key, value in self.extra.items():
            result[key] = to_jsonable(value)
        return result


def to_jsonable(value: Any) -> Any:
    """Convert nested Decimals and dates for JSON (Decimals as plain decimal strings)."""
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: to_jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(item) for item in value]
    return value
