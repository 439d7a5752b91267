"""Decimal parsing and formatting, and tier tables as data."""

from __future__ import annotations

from decimal import Decimal

import pytest

from keqi.policy.numbers import NumberError, ceil_to, parse_decimal, parse_int, percent, plain, ratio_text
from keqi.policy.schemes import innovative_sme, tech_sme
from keqi.policy.tiers import Tiers, at_least, at_most

D = Decimal


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        (5, D(5)),
        ("12.50", D("12.50")),
        (" 7 ", D(7)),
        ("1e3", D(1000)),
        (".5", D("0.5")),
        (D("-0"), D(0)),
        ("1.00000000000000", D(1)),
    ],
)
def test_parse_decimal_accepts(raw, value):
    assert parse_decimal(raw) == value


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (True, "type"),
        (1.5, "type"),
        ("1,000", "type"),
        ("NaN", "type"),
        (D("NaN"), "finite"),
        ("1e12", "size"),
        ("1.00000000001", "places"),
        (None, "type"),
    ],
)
def test_parse_decimal_rejects(raw, code):
    with pytest.raises(NumberError) as caught:
        parse_decimal(raw)
    assert caught.value.code == code


def test_parse_int():
    assert parse_int("3") == 3 and parse_int(D("4.0")) == 4
    with pytest.raises(NumberError):
        parse_int("2.5")


@pytest.mark.parametrize(
    ("value", "threshold", "text"),
    [
        ("0.09", None, "9.0%"),
        ("0.0597", None, "5.97%"),
        ("0.099999", "0.1", "9.9999%"),
        ("0.100004", "0.1", "10.0004%"),
        ("0.1", "0.1", "10.0%"),
    ],
)
def test_percent_never_looks_like_the_threshold(value, threshold, text):
    assert percent(D(value), None if threshold is None else D(threshold)) == text


def test_plain_and_ratio_text():
    assert plain(D("1.2000")) == "1.2" and plain(D("1E+3")) == "1000" and plain(D("0.000")) == "0"
    assert ratio_text(D(1) / D(3)) == "0.3333333333"
    assert ratio_text(D("0.29")) == "0.29"


def test_ceil_to_the_yuan():
    assert ceil_to(D("4.074068"), D("0.0001")) == D("4.0741")
    assert ceil_to(D("4.0741"), D("0.0001")) == D("4.0741")
    assert ceil_to(D("3.7"), D(1)) == D(4)


def test_tiers_lower_bound_inclusive_and_better_tier_at_the_boundary():
    high = at_least((D("0.3"), 20), (D("0.1"), 4))
    low = at_most((D("0.55"), 10), (D("0.75"), 5))
    assert [high.score(D(v)) for v in ("0.3", "0.2999", "0.1", "0.0999")] == [20, 4, 4, 0]
    assert [low.score(D(v)) for v in ("0.55", "0.5501", "0.75", "0.7501")] == [10, 5, 5, 0]
    assert high.score(None) == 0 and high.maximum == 20


def test_tiers_must_be_listed_best_first():
    with pytest.raises(ValueError):
        Tiers(((D("0.1"), 4), (D("0.3"), 20)))
    with pytest.raises(ValueError):
        Tiers(((D("0.75"), 5), (D("0.55"), 10)), lower_is_better=True)


@pytest.mark.parametrize(
    "tiers",
    [
        tech_sme.STAFF_TIERS,
        tech_sme.RD_REVENUE_TIERS,
        tech_sme.RD_COST_TIERS,
        innovative_sme.DEBT_TIERS,
        innovative_sme.GROWTH_TIERS,
    ],
)
def test_fast_scorer_equals_score(tiers):
    fast = tiers.scorer()
    for bound, _ in tiers.bands:
        for value in (bound - D("0.0001"), bound, bound + D("0.0001")):
            assert fast(value) == tiers.score(value)
