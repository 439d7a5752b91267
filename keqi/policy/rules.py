"""Building blocks of a ruleset: measures, scored components, levers and the ruleset itself."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from .assessment import Assessment
from .inputs import Field, object_schema
from .numbers import ONE, YUAN, ratio
from .tiers import Tiers

Data = dict[str, Any]


@dataclass(frozen=True)
class Measure:
    """A figure computed from the inputs as ``num / den`` (``den`` None means 1).

    Keeping numerator and denominator apart lets the what-if solver find the exact change
    of an input that moves the value across a tier bound.
    """

    id: str
    label: str
    num: Callable[[Data], Decimal | int]
    den: Callable[[Data], Decimal | int] | None = None

    def parts(self, data: Data) -> tuple[Decimal | int, Decimal | int]:
        return self.num(data), (ONE if self.den is None else self.den(data))

    def value(self, data: Data) -> Decimal | int | None:
        """The figure, or None when the denominator is not positive."""
        if self.den is None:
            return self.num(data)
        return ratio(self.num(data), self.den(data))


def quotient(measure_id: str, label: str, numerator: str, denominator: str) -> Measure:
    """``data[numerator] / data[denominator]``."""
    return Measure(measure_id, label, lambda d: d[numerator], lambda d: d[denominator])


def figure(measure_id: str, label: str, name: str) -> Measure:
    """An input taken as it is."""
    return Measure(measure_id, label, lambda d: d[name])


@dataclass(frozen=True)
class Component:
    """A scored indicator: a measure and its tier table."""

    id: str
    label: str
    measure: Measure
    tiers: Tiers

    def score(self, data: Data) -> int:
        return self.tiers.score(self.measure.value(data))


@dataclass(frozen=True)
class Threshold:
    """A pass/fail condition on a measure (``value >= bound``, or ``<=`` when ``at_most``)."""

    id: str
    measure: Measure
    bound: Decimal
    at_most: bool = False

    def holds(self, data: Data) -> bool:
        value = self.measure.value(data)
        if value is None:
            return False
        return value <= self.bound if self.at_most else value >= self.bound


@dataclass(frozen=True)
class Lever:
    """An input figure the what-if solver may move in its helpful direction."""

    field: str
    label: str
    direction: int = 1  # +1: increase helps, -1: decrease helps
    unit: str = "万元"
    quantum: Decimal = YUAN  # smallest step: one yuan, or 1 person / 1 item
    integer: bool = False  # the field holds an int (counts)


@dataclass(frozen=True)
class WhatIf:
    """What the solver needs: levers, the bounds that matter and the headline scores."""

    levers: tuple[Lever, ...]
    components: tuple[Component, ...] = ()
    thresholds: tuple[Threshold, ...] = ()
    headline: tuple[tuple[str, str], ...] = ()  # (score id, Chinese label) in display order
    goal: str = "符合条件"  # what "qualified" means, for the hint text
    condition_names: dict[str, str] = field(default_factory=dict)  # unmet id -> Chinese name


def no_checks(data: Data) -> list[dict]:
    return []


def keep(data: Data, errors: list[dict]) -> Data:
    return data


@dataclass(frozen=True)
class Ruleset:
    """One version of one scheme's rules, in force from ``effective``."""

    scheme: str
    id: str
    effective: date
    title: str
    document: str
    fields: tuple[Field, ...]
    evaluate: Callable[[Data], Assessment]
    prepare: Callable[[Data, list[dict]], Data] = keep
    check: Callable[[Data], list[dict]] = no_checks
    any_of: tuple[tuple[str, ...], ...] = ()
    whatif: WhatIf | None = None
    notes: tuple[str, ...] = field(default=())

    def schema(self) -> dict[str, Any]:
        schema = object_schema(self.fields, title=f"{self.title}（{self.id} 版）", any_of=self.any_of)
        schema["x-keqi-scheme"] = self.scheme
        schema["x-keqi-ruleset"] = self.id
        schema["x-keqi-effective"] = self.effective.isoformat()
        schema["x-keqi-document"] = self.document
        return schema
