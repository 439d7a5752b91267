"""The dates of life after recognition (S3.6, S3.10; NEXT-WAVE-RULES §4.5), as plain functions of a day.

- 信息更新 is open 1 January – 30 April (settings INFO_UPDATE_OPENS / _CLOSES), both days included;
  an enterprise recognised before the window closes that has not updated by then is 逾期 (overdue).
- A recognition is in its final year from the day one year before its expiry (valid_until) is
  passed: recognised 2023-07-01, valid until 2026-06-30 → final year 2025-07-01 … 2026-06-30.
  去复核 is offered only then (a passed 复核 extends it by 3 years).
- A major change declared more than 3 months after it happened is late (flagged; it costs the
  复核, per 粤5号 第十五条)."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings

from keqi.declarations.eligibility import MET, UNMET, Outcome
from keqi.enterprises.services import add_years


@dataclass(frozen=True)
class UpdateWindow:
    opens: date
    closes: date

    def is_open(self, day: date) -> bool:
        return self.opens <= day <= self.closes

    @property
    def text(self) -> str:
        return f"{self.opens:%Y年%-m月%-d日}至{self.closes:%Y年%-m月%-d日}"


def update_window(year: int) -> UpdateWindow:
    (om, od), (cm, cd) = settings.INFO_UPDATE_OPENS, settings.INFO_UPDATE_CLOSES
    return UpdateWindow(date(year, om, od), date(year, cm, cd))


def update_window_message(day: date) -> str:
    """What the page says about the window on `day`."""
    window = update_window(day.year)
    if window.is_open(day):
        return f"信息更新开放中：{window.text}"
    following = window if day < window.opens else update_window(day.year + 1)
    return f"信息更新每年{window.opens:%-m月%-d日}至{window.closes:%-m月%-d日}开放，下次开放时间：{following.text}"


def final_year_starts(valid_until: date) -> date:
    return add_years(valid_until, -1) + timedelta(days=1)


def in_final_year(qualification, day: date) -> bool:
    if qualification.valid_until is None or not qualification.is_valid_on(day):
        return False
    return final_year_starts(qualification.valid_until) <= day <= qualification.valid_until


def add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_late(changed_on: date, declared_on: date) -> bool:
    """Declared more than MAJOR_CHANGE_LATE_MONTHS months after the change."""
    return declared_on > add_months(changed_on, settings.MAJOR_CHANGE_LATE_MONTHS)


def review_condition(condition: dict, enterprise, today: date, regions=None) -> Outcome:
    """Eligibility kind `recognition_review` (S3.10): a recognition of the listed kinds in its final
    year, this year's 信息更新 not missed, no major change reported late."""
    from keqi.recognitions.selectors import review_block_reason

    reason = review_block_reason(enterprise, today, kinds=condition.get("any_of"))
    return Outcome(condition["label"], UNMET if reason else MET, reason)
