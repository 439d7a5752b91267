"""Tier tables: the score bands of one indicator, as data.

A table lists its bands best first, each as ``(bound, points)``. With ``lower_is_better``
False a value scores a band when ``value >= bound`` (lower bounds inclusive: "以上",
"不低于"); with ``lower_is_better`` True it scores when ``value <= bound`` (the boundary value
scores in the better tier, as the documents say for the debt ratio). A value that meets no
band scores ``otherwise``; a missing value (None, e.g. a zero denominator) scores
``otherwise`` too.

The same objects serve the single-record path, the what-if solver and the batch path, so
each rule is written once.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Tiers:
    """Ordered score bands, best first."""

    bands: tuple[tuple[Decimal, int], ...]
    otherwise: int = 0
    lower_is_better: bool = False
    _ascending: tuple[Decimal, ...] = field(init=False, repr=False, compare=False)
    _points: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        bounds = [bound for bound, _ in self.bands]
        points = [score for _, score in self.bands]
        if self.lower_is_better:
            if bounds != sorted(bounds) or points != sorted(points, reverse=True):
                raise ValueError("lower-is-better bands must rise in bound and fall in points")
            ascending = tuple(bounds)
            scores = (*points, self.otherwise)
        else:
            if bounds != sorted(bounds, reverse=True) or points != sorted(points, reverse=True):
                raise ValueError("bands must be listed best first")
            ascending = tuple(reversed(bounds))
            scores = (self.otherwise, *reversed(points))
        object.__setattr__(self, "_ascending", ascending)
        object.__setattr__(self, "_points", scores)

    @property
    def maximum(self) -> int:
        return max(self._points)

    def score(self, value: Decimal | int | None) -> int:
        """Points for ``value`` (None scores ``otherwise``)."""
        if value is None:
            return self.otherwise
        if self.lower_is_better:
            return self._points[bisect_left(self._ascending, value)]
        return self._points[bisect_right(self._ascending, value)]

    def scorer(self):
        """A fast one-argument scoring function for the batch path (no None handling)."""
        ascending, points = self._ascending, self._points
        if self.lower_is_better:
            return lambda value: points[bisect_left(ascending, value)]
        return lambda value: points[bisect_right(ascending, value)]


def at_least(*bands: tuple[Decimal | int, int], otherwise: int = 0) -> Tiers:
    """Bands scored when ``value >= bound``; list them best first."""
    return Tiers(tuple((Decimal(b), p) for b, p in bands), otherwise=otherwise)


def at_most(*bands: tuple[Decimal | int, int], otherwise: int = 0) -> Tiers:
    """Bands scored when ``value <= bound`` (better tier wins at the boundary); best first."""
    return Tiers(tuple((Decimal(b), p) for b, p in bands), otherwise=otherwise, lower_is_better=True)
