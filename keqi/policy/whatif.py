"""What-if (feature X2): the smallest change of one input that lifts the score or qualifies.

For each lever (one input figure, all others unchanged) the solver

1. writes every measure the lever touches as ``(a + αx) / (b + βx)`` (checked to be affine in
   the change ``x``) and solves each relevant tier bound or condition bound exactly in
   Decimal: ``a + αx >= t (b + βx)`` gives ``x >= (t b - a) / (α - t β)``;
2. rounds each solution up to the lever's step (one yuan = 0.0001 万元, or one person/item);
3. re-assesses the enterprise at each candidate, smallest first, and keeps the first that
   raises the total score ("next tier") and the first that makes it qualify;
4. verifies minimality by re-assessing one step less.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .assessment import Assessment
from .numbers import CONTEXT, ZERO, ceil_to, exact, plain
from .rules import Data, Lever, Measure, Ruleset, WhatIf

MAX_STEPS_BACK = 3


def _moved(data: Data, lever: Lever, change: Decimal) -> Data:
    moved = dict(data)
    delta = change if lever.direction > 0 else -change
    value = data[lever.field]
    moved[lever.field] = int(value + delta) if lever.integer else CONTEXT.add(value, delta)
    return moved


def _affine(measure: Measure, data: Data, lever: Lever) -> tuple[Decimal, Decimal, Decimal, Decimal] | None:
    """``(a, b, α, β)`` with measure = (a + αx) / (b + βx) along the lever, or None.

    None when the lever does not touch the measure or the measure is not affine in it.
    """
    n0, d0 = measure.parts(data)
    n1, d1 = measure.parts(_moved(data, lever, Decimal(1)))
    alpha, beta = n1 - n0, d1 - d0
    if alpha == 0 and beta == 0:
        return None
    n2, d2 = measure.parts(_moved(data, lever, Decimal(2)))
    if n2 - n0 != 2 * alpha or d2 - d0 != 2 * beta:
        return None
    return n0, d0, alpha, beta


def _solve(line: tuple[Decimal, Decimal, Decimal, Decimal], bound: Decimal, at_most: bool) -> Decimal | None:
    """Smallest real change x >= 0 that puts the measure on the good side of ``bound``."""
    n0, d0, alpha, beta = line
    coefficient = CONTEXT.subtract(alpha, CONTEXT.multiply(bound, beta))
    needed = CONTEXT.subtract(CONTEXT.multiply(bound, d0), n0)
    if at_most:
        coefficient, needed = -coefficient, -needed
    if needed <= 0 and d0 > 0:
        return None  # already on the good side
    if coefficient <= 0:
        return None  # moving this lever never gets there
    return CONTEXT.divide(needed, coefficient)


def _candidates(spec: WhatIf, data: Data, lever: Lever) -> list[Decimal]:
    """Every change (rounded up to the lever's step) at which some score or condition flips."""
    lines: dict[int, tuple | None] = {}

    def line_of(measure: Measure):
        key = id(measure)
        if key not in lines:
            lines[key] = _affine(measure, data, lever)
        return lines[key]

    bounds = [(c.measure, bound, c.tiers.lower_is_better) for c in spec.components for bound, _ in c.tiers.bands]
    bounds += [(t.measure, t.bound, t.at_most) for t in spec.thresholds]
    solutions: set[Decimal] = set()
    for measure, bound, at_most in bounds:
        line = line_of(measure)
        if line is not None:
            x = _solve(line, bound, at_most)
            if x is not None and x > 0:
                solutions.add(x)
    steps = {max(ceil_to(x, lever.quantum), lever.quantum) for x in solutions}
    if lever.direction < 0:
        current = data[lever.field]
        steps = {x for x in steps if x <= current}
    return sorted(steps)


def _total(assessment: Assessment) -> Decimal | int:
    return assessment.total if assessment.total is not None else 0


def _raises(base: Assessment, other: Assessment) -> bool:
    """The total score goes up (scored schemes)."""
    return _total(other) > _total(base)


def _clears(base: Assessment, other: Assessment) -> bool:
    """At least one failed condition is met and none is added (condition schemes)."""
    return set(other.unmet) < set(base.unmet)


def _qualifies(base: Assessment, other: Assessment) -> bool:
    return other.qualified is True


def _assess(ruleset: Ruleset, data: Data) -> Assessment | None:
    if ruleset.check(data):
        return None
    return ruleset.evaluate(data)


def _minimal(ruleset: Ruleset, data: Data, lever: Lever, change: Decimal, test, base) -> Decimal:
    """Step back while one step less still passes ``test`` (guards against rounding)."""
    for _ in range(MAX_STEPS_BACK):
        smaller = change - lever.quantum
        if smaller <= ZERO:
            break
        other = _assess(ruleset, _moved(data, lever, smaller))
        if other is None or not test(base, other):
            break
        change = smaller
    return change


def _hint(
    spec: WhatIf, lever: Lever, data: Data, change: Decimal, base: Assessment, after: Assessment, goal: str
) -> dict[str, Any]:
    verb = "增加" if lever.direction > 0 else "减少"
    shown = plain(change)
    amount = f"{shown} {lever.unit}"
    improved = [
        (score_id, label)
        for score_id, label in spec.headline
        if (after.scores.get(score_id) or 0) > (base.scores.get(score_id) or 0)
    ]
    hint: dict[str, Any] = {
        "field": lever.field,
        "label": lever.label,
        "direction": "increase" if lever.direction > 0 else "decrease",
        "change": int(change) if lever.quantum == 1 else change,
        "unit": lever.unit,
        "from": data[lever.field],
        "to": _moved(data, lever, change)[lever.field],
        "goal": goal,
        "total_from": base.total,
        "total_to": after.total,
        "qualifies": after.qualified is True,
    }
    parts = [f"{lever.label}再{verb} {amount}"]
    if improved:
        score_id, label = improved[0]
        hint["indicator"] = score_id
        hint["score_from"] = base.scores.get(score_id)
        hint["score_to"] = after.scores.get(score_id)
        parts.append(
            f"{label}得分由 {plain(base.scores.get(score_id) or 0)} 升至 {plain(after.scores.get(score_id) or 0)}"
        )
        for score_id, label in improved[1:]:
            parts.append(
                f"{label}得分由 {plain(base.scores.get(score_id) or 0)} 升至 {plain(after.scores.get(score_id) or 0)}"
            )
    newly_qualified = after.qualified is True and base.qualified is not True
    if (
        after.total is not None
        and base.total is not None
        and after.total != base.total
        and (not improved or newly_qualified)
    ):
        parts.append(f"总分由 {plain(base.total)} 升至 {plain(after.total)}")
    cleared = [condition for condition in base.unmet if condition not in after.unmet]
    if cleared and base.total is None:
        hint["cleared"] = cleared
        names = "、".join(f"“{spec.condition_names.get(c, c)}”" for c in cleared)
        parts.append(f"即可满足{names}条件")
        if newly_qualified:
            parts.append(f"从而{spec.goal}")
    elif newly_qualified:
        parts.append(f"即可{spec.goal}")
    hint["text"] = "，".join(parts)
    return hint


def hints_for(ruleset: Ruleset, data: Data, base: Assessment | None = None) -> list[dict[str, Any]]:
    """Structured hints (each with Chinese ``text``) for every lever of the ruleset.

    Scored schemes get, per lever, the smallest change that raises the total ("next_tier");
    condition schemes the smallest change that meets one more failed condition
    ("clear_condition"); both get the smallest change that qualifies ("qualify") when the
    enterprise does not qualify yet and one figure alone can get it there.
    """
    spec = ruleset.whatif
    if spec is None:
        return []
    with exact():
        base = base or ruleset.evaluate(data)
        goals = [("next_tier", _raises) if base.total is not None else ("clear_condition", _clears)]
        if base.qualified is False:
            goals.append(("qualify", _qualifies))
        hints: list[dict[str, Any]] = []
        for lever in spec.levers:
            if data.get(lever.field) is None:
                continue
            found: dict[str, Decimal] = {}
            for change in _candidates(spec, data, lever):
                after = _assess(ruleset, _moved(data, lever, change))
                if after is None:
                    continue
                for goal, test in goals:
                    if goal not in found and test(base, after):
                        found[goal] = change
                if len(found) == len(goals):
                    break
            shown: set[Decimal] = set()
            for goal, test in goals:
                if goal not in found:
                    continue
                change = _minimal(ruleset, data, lever, found[goal], test, base)
                if change in shown:
                    continue  # the same change already reaches both goals
                shown.add(change)
                after = _assess(ruleset, _moved(data, lever, change))
                hints.append(_hint(spec, lever, data, change, base, after, goal))
        return hints
