"""Conditions shared by several rulesets."""

from __future__ import annotations

from decimal import Decimal

from ..assessment import Outcome
from ..errors import field_error
from ..explain import score_below
from ..numbers import plain
from ..rules import Data


def development_condition(outcome: Outcome, data: Data, minimum: Decimal) -> None:
    """专精特新发展评价得分 >= minimum: this year's, or for a re-review either of the last 2 years.

    A score not yet given by the platform is pending, not failed.
    """
    scores = [data["development_score"]]
    if data.get("is_review"):
        scores.append(data.get("development_score_prev"))
    known = [score for score in scores if score is not None]
    if any(score >= minimum for score in known):
        return
    if not known or len(known) < len(scores):
        outcome.wait("development_score", f"专精特新发展评价得分尚未给出（由平台计算，须不低于 {plain(minimum)} 分）")
        return
    outcome.fail("development_score", score_below("专精特新发展评价得分", max(known), minimum))


def revenue_and_assets_check(main_field: str, operating_field: str):
    """A cross-field check: main revenue <= operating revenue, total assets > 0."""

    def check(data: Data) -> list[dict]:
        errors = []
        main, operating = data.get(main_field), data.get(operating_field)
        if main is not None and operating is not None and main > operating:
            errors.append(
                field_error(main_field, f"主营业务收入（{plain(main)}）不能大于营业收入（{plain(operating)}）")
            )
        assets = data.get("total_assets")
        if assets is not None and assets <= 0:
            errors.append(field_error("total_assets", "资产总额须大于 0"))
        return errors

    return check


def staff_check(staff_field: str, staff_label: str, required: bool = True):
    """A cross-field check: employees > 0 and the staff subset not above employees."""

    def check(data: Data) -> list[dict]:
        errors = []
        staff, employees = data.get(staff_field), data.get("employees")
        if employees is not None and employees <= 0:
            errors.append(field_error("employees", "职工总数须大于 0"))
        elif staff is not None and employees is not None and staff > employees:
            errors.append(
                field_error(staff_field, f"{staff_label}（{plain(staff)}）不能大于职工总数（{plain(employees)}）")
            )
        return errors

    return check


def combined(*checks):
    """Run several cross-field checks and join their errors."""

    def check(data: Data) -> list[dict]:
        return [error for each in checks for error in each(data)]

    return check
