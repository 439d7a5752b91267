"""Shared computations the forms reuse: averages, counted R&D, IP classes, growth, debt ratio."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from keqi.policy import (
    IP_TYPES,
    annual_average,
    compound_growth_at_least,
    compound_growth_rate,
    count_ip,
    counted_rd,
    debt_ratio,
    growth_rate,
    ip_type,
    mean_growth_rate,
    quarterly_averages,
)

D = Decimal


def pairs(*values):
    numbers = [D(str(v)) for v in values]
    return [numbers[i : i + 2] for i in range(0, 8, 2)]


def test_quarterly_averages_and_full_year_average():
    quarters = pairs(10, 12, 12, 13, 13, 13, 13, 16)
    assert quarterly_averages(quarters) == (D(11), D("12.5"), D(13), D("14.5"))
    assert annual_average(quarters) == D("12.75")  # 102 / 8


def test_full_year_average_is_exact_for_odd_sums():
    assert annual_average(pairs(1, 0, 0, 0, 0, 0, 0, 0)) == D("0.125")


@pytest.mark.parametrize("bad", [[], [[1, 2]] * 3, [[1, 2, 3]] * 4])
def test_quarterly_average_needs_four_pairs(bad):
    with pytest.raises(ValueError):
        annual_average(bad)


def test_counted_rd_commissioned_at_80_percent():
    count = counted_rd(
        [
            ("self", D("100")),
            ("cooperative", D("20")),
            ("centralized", D("5")),
            ("commissioned_domestic", D("50")),
            {"form": "commissioned_overseas", "amount": D("10")},
        ]
    )
    assert count.rows == (D(100), D(20), D(5), D(40), D(8))
    assert (count.domestic, count.overseas_uncapped, count.overseas, count.total) == (D(165), D(8), D(8), D(173))
    assert count.capped is False


def test_counted_rd_overseas_capped_at_two_thirds_of_domestic():
    count = counted_rd([("self", D("30")), ("commissioned_overseas", D("100"))])
    assert (count.domestic, count.overseas_uncapped, count.overseas, count.total) == (D(30), D(80), D(20), D(50))
    assert count.capped is True


def test_counted_rd_cap_rounds_down_to_the_yuan():
    count = counted_rd([("self", D("10")), ("commissioned_overseas", D("100"))])
    assert count.overseas == D("6.6666")  # 2/3 of 10 万元, never more than the cap


def test_counted_rd_cap_is_a_parameter():
    projects = [("self", D("30")), ("commissioned_overseas", D("100"))]
    assert counted_rd(projects, overseas_cap=False).total == D(110)
    assert counted_rd(projects, cap=Fraction(1, 2)).overseas == D(15)


@pytest.mark.parametrize("bad", [[("outsourced", D(1))], [("self", D(-1))]])
def test_counted_rd_rejects_bad_rows(bad):
    with pytest.raises(ValueError):
        counted_rd(bad)


def test_ip_type_table():
    table = {t.id: (t.name, t.ip_class) for t in IP_TYPES}
    assert table["invention_patent"] == ("发明专利", "I")
    assert table["ic_layout_design"] == ("集成电路布图设计专有权", "I")
    assert table["utility_model"] == ("实用新型专利", "II")
    assert table["software_copyright"] == ("软件著作权", "II")
    assert table["trademark"] == ("商标", None)
    assert len({t.id for t in IP_TYPES}) == len(IP_TYPES)


def test_count_ip_excludes_trademarks_and_invalid_items():
    counts = count_ip(
        [
            "invention_patent",
            "defense_patent",
            {"type": "utility_model"},
            {"type": "design_patent", "valid": False},
            "software_copyright",
            "trademark",
        ]
    )
    assert (counts.class1, counts.class2, counts.excluded) == (2, 2, 1)


def test_unknown_ip_type():
    with pytest.raises(ValueError, match="未知的知识产权类型"):
        ip_type("domain_name")


@pytest.mark.parametrize(
    ("current", "previous", "rate"),
    [("115", "100", "0.15"), ("100", "100", "0"), ("90", "100", "-0.1"), ("5", "0", None)],
)
def test_growth_rate(current, previous, rate):
    assert growth_rate(D(current), D(previous)) == (None if rate is None else D(rate))


def test_mean_growth_rate_is_the_simple_mean():
    assert mean_growth_rate(D(100), D(120), D(150)) == D("0.225")
    assert mean_growth_rate(D(0), D(120), D(150)) is None


def test_compound_growth_rate():
    assert compound_growth_rate(D(100), D(121)) == D("0.1")
    assert compound_growth_rate(D(100), D(0)) == D(-1)
    assert compound_growth_rate(D(0), D(5)) is None
    assert compound_growth_at_least(D(10000), D(11025), D("0.05"))
    assert not compound_growth_at_least(D(10000), D("11024.9999"), D("0.05"))


def test_debt_ratio():
    assert debt_ratio(D(55), D(100)) == D("0.55")
    assert debt_ratio(D(55), D(0)) is None
