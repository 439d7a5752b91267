"""Each library's members equal an independent computation (S2.10–S2.11, issue 13 acceptance 1):
plain Python with Fractions over the stored reports, for default and changed parameters, with
values exactly on the thresholds ("不低于" includes the bound). The numpy screen, the SQL twin and
the Decimal explanation must all agree with it."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from keqi.declarations.models import Submission
from keqi.libraries import facts, screen, sql
from keqi.libraries.models import ReportFact
from keqi.libraries.tests import world
from keqi.policy import libraries as policy

pytestmark = pytest.mark.django_db


def num(answers, key):
    value = answers.get(key)
    return None if value is None else Fraction(value)


def reports_by_enterprise():
    found = {}
    for s in Submission.objects.filter(status="approved").select_related("program", "enterprise"):
        found.setdefault(s.enterprise, {})[s.program.year] = s.answers
    return found


def ratio_ok(a, b, pct):
    """True / False / None (unknown)."""
    if a is None or b is None or b <= 0:
        return None
    return a / b >= Fraction(pct) / 100


def all_ok(results):
    return False not in results


def high_tech(enterprise, years, year, p):
    a = years[year]
    est = enterprise.established_date
    results = [
        None if est is None else (date(year, 12, 31) - est).days >= p["registered_days"],
    ]
    ips = [num(a, k) for k in ("invention_granted", "utility_granted", "design_granted", "software_copyrights",
                               "ic_layouts", "new_varieties")]  # fmt: skip
    known = [x for x in ips if x is not None]
    results.append(None if not known else sum(known) >= p["ip_count"])
    results.append(ratio_ok(num(a, "tech_staff"), num(a, "employees"), p["tech_ratio"]))
    main = num(a, "main_revenue")
    if main is None:
        results.append(None)
    else:
        pct = p["rd_small"] if main <= 5000 else p["rd_medium"] if main <= 20000 else p["rd_large"]
        results.append(ratio_ok(num(a, "rd_expense"), main, pct))
    results.append(ratio_ok(num(a, "rd_domestic"), num(a, "rd_expense"), p["rd_domestic"]))
    results.append(ratio_ok(num(a, "hitech_revenue"), num(a, "operating_revenue"), p["hitech_share"]))
    incident = a.get("major_incident")
    results.append(None if incident is None else incident == "no")
    return all_ok(results)


def tech_sme(enterprise, years, year, p):
    a = years[year]

    def at_most(key, limit):
        v = num(a, key)
        return None if v is None else v <= Fraction(limit)

    results = [at_most("employees", p["size_staff"]), at_most("operating_revenue", p["size_revenue"]),
               at_most("total_assets", p["size_assets"]),
               ratio_ok(num(a, "tech_staff"), num(a, "employees"), p["sme_tech_ratio"])]  # fmt: skip
    return all_ok(results)


def leading(enterprise, years, year, p):
    a = years[year]
    revenue = num(a, "operating_revenue")
    inventions = num(a, "invention_granted")
    return all_ok(
        [
            None if revenue is None else revenue >= Fraction(p["leading_revenue"]),
            ratio_ok(num(a, "rd_expense"), revenue, p["leading_rd"]),
            None if inventions is None else inventions >= p["leading_inventions"],
            None if "is_high_tech" not in a else a["is_high_tech"] == "yes",
        ]
    )


def incubation(enterprise, years, year, p):
    est = enterprise.established_date
    return est is None or year - est.year <= p["young_years"]


def growth(enterprise, years, year, p, strict=False):
    now = num(years[year], "operating_revenue")
    prev1 = num(years.get(year - 1, {}), "operating_revenue")
    prev2 = num(years.get(year - 2, {}), "operating_revenue")
    rate = 1 + Fraction(p["growth_rate"]) / 100

    def grows(a, b):
        if a is None or b is None or b <= 0:
            return None
        return a >= b * rate

    results = [None if prev2 is None else prev2 >= p["growth_base"], grows(prev1, prev2), grows(now, prev1)]
    return all(r is True for r in results) if strict else all_ok(results)


EXPECTED = {
    "high-tech-reserve": high_tech,
    "tech-sme-reserve": tech_sme,
    "leading": leading,
    "incubation": incubation,
    "high-growth": growth,
}
CHANGED = {
    "high-tech-reserve": {"tech_ratio": "20", "rd_small": "6", "registered_days": "730", "hitech_share": "59.99"},
    "tech-sme-reserve": {"size_staff": "100", "sme_tech_ratio": "9", "size_revenue": "5000"},
    "leading": {"leading_revenue": "5000", "leading_rd": "4", "leading_inventions": "1"},
    "incubation": {"young_years": "1"},
    "high-growth": {"growth_rate": "50", "growth_base": "600"},
}


@pytest.fixture
def built(make_enterprise):
    world.build(make_enterprise)
    return reports_by_enterprise()


def expected_members(key, reports, year, values, path=""):
    found = set()
    for enterprise, years in reports.items():
        if year not in years or not (enterprise.region_path.startswith(path) or enterprise.zone_path.startswith(path)):
            continue
        if EXPECTED[key](enterprise, years, year, {k: Fraction(str(v)) for k, v in values.items()}):
            found.add(enterprise.pk)
    return found


def screened(key, year, values, path=""):
    query = screen.Query(policy.LIBRARIES[key], year, values, path, per_page=10_000)
    result = screen.run(query)
    ids = ReportFact.objects.in_bulk(result.fact_ids)
    return {ids[i].enterprise_id for i in result.fact_ids}, result


@pytest.mark.parametrize("key", sorted(EXPECTED))
@pytest.mark.parametrize("changed", [False, True], ids=["defaults", "changed"])
def test_library_equals_independent_computation(built, key, changed):
    library = policy.LIBRARIES[key]
    values, errors = policy.parse_params(library, CHANGED[key] if changed else {})
    assert errors == []
    for year in world.YEARS:
        expected = expected_members(key, built, year, values)
        members, result = screened(key, year, values)
        assert members == expected, (year, members ^ expected)
        assert result.total == len(expected)
        assert sum(n for _, n in result.district_counts) == len(expected)
        by_sql = set(
            ReportFact.objects.filter(year=year)
            .filter(sql.members_q(library, values))
            .values_list("enterprise_id", flat=True)
        )
        assert by_sql == expected
        for fact in ReportFact.objects.filter(year=year):
            row = {name: getattr(fact, name) for name in policy.FACT_FIELDS}
            verdict = policy.verdict(policy.explain(library.conditions, row, values))
            assert (verdict != policy.FAIL) == (fact.enterprise_id in expected), fact.name
    assert any(expected_members(key, built, y, values) for y in world.YEARS) or key == "leading"


def test_boundaries_qualify_exactly(make_enterprise):
    """On the line passes ("不低于"), one unit under fails, for a ratio, a tier and a ceiling."""
    editions = world.programs()
    base = {"operating_revenue": "5000", "main_revenue": "5000", "rd_expense": "250", "rd_domestic": "150",
            "hitech_revenue": "3000", "employees": "30", "tech_staff": "3", "total_assets": "20000",
            "invention_granted": "1", "major_incident": "no", "is_high_tech": "yes"}  # fmt: skip
    cases = {
        "on": {},
        "rd_under": {"rd_expense": "249.9999", "rd_domestic": "150"},
        "tier2": {
            "main_revenue": "5000.0001",
            "operating_revenue": "5000.0001",
            "rd_expense": "200.0001",
            "hitech_revenue": "3001",
        },
        "tech_under": {"employees": "31"},
        "assets_over": {"total_assets": "20000.0001"},
        "incident": {"major_incident": "yes"},
        "unknown_domestic": {"rd_domestic": None},
    }
    ids = {}
    for name, change in cases.items():
        e = make_enterprise("500240", name=f"边界{name}", established_date=date(2024, 12, 31))
        answers = {k: v for k, v in {**base, **change}.items() if v is not None}
        Submission.objects.create(program=editions[2025], enterprise=e, form=editions[2025].form, status="approved",
                                  region_path=e.region_path, answers=answers)  # fmt: skip
        ids[name] = e.pk
    lib = policy.LIBRARIES["high-tech-reserve"]
    members, result = screened("high-tech-reserve", 2025, lib.defaults())
    assert members == {ids["on"], ids["tier2"], ids["assets_over"], ids["unknown_domestic"]}
    assert result.unknown_count == 1
    sme, _ = screened("tech-sme-reserve", 2025, policy.LIBRARIES["tech-sme-reserve"].defaults())
    assert ids["assets_over"] not in sme and ids["on"] in sme and ids["tech_under"] not in sme
    fact = ReportFact.objects.get(enterprise_id=ids["rd_under"])
    row = {name: getattr(fact, name) for name in policy.FACT_FIELDS}
    rd = next(r for r in policy.explain(lib.conditions, row, lib.defaults()) if r.condition.key == "rd_ratio")
    assert rd.status == policy.FAIL and rd.checks[0].gap == "研发经费支出还差0.0001万元"


def test_scope_shizhu_only(built):
    shizhu = "500000/500240/"
    path = ReportFact.objects.filter(region__code="500240").values_list("region_path", flat=True).first()
    assert (path and path.endswith("500240/")) or path
    for key in EXPECTED:
        values = policy.LIBRARIES[key].defaults()
        members, result = screened(key, 2025, values, path)
        assert members == expected_members(key, built, 2025, values, path)
        assert all(region for region, _ in result.district_counts)
        assert {r for r, _ in result.district_counts} <= set(
            ReportFact.objects.filter(region__code="500240").values_list("region_id", flat=True)
        )
    assert shizhu


def test_fact_follows_decisions_and_first_year(built):
    growth_facts = ReportFact.objects.exclude(growth_first_year=None)
    assert growth_facts.exists()
    for fact in ReportFact.objects.all():
        years = built[fact.enterprise]
        first = min(
            (
                y
                for y in years
                if growth(fact.enterprise, years, y, {"growth_rate": 20, "growth_base": 500}, strict=True)
            ),
            default=None,
        )
        assert fact.growth_first_year == first
    submission = Submission.objects.filter(status="approved").first()
    submission.status = Submission.Status.RETURNED
    submission.save()
    assert not ReportFact.objects.filter(submission=submission).exists()
    before = facts.stamp()
    facts.rebuild()
    assert facts.stamp() > before
    assert ReportFact.objects.count() == Submission.objects.filter(status="approved").count()


@pytest.mark.django_db(transaction=True)
def test_stale_copy_served_while_one_thread_reloads(make_enterprise, settings):
    """ADR 0019: after a decision, a copy at most KEQI_LIBRARY_MAX_STALE behind keeps serving while
    a thread reloads; with the window at 0 (tests) every decision is read at once."""
    import threading

    world.build(make_enterprise, count=6)
    settings.KEQI_LIBRARY_MAX_STALE = 60
    screen._cache.clear()
    first = screen.columns(2025)
    facts.bump()
    served = screen.columns(2025)
    assert served is first and served.version != facts.stamp()
    for thread in threading.enumerate():
        if thread.name == "library-columns-2025":
            thread.join(timeout=30)
    fresh = screen.columns(2025)
    assert fresh is not first and fresh.version == facts.stamp()
    settings.KEQI_LIBRARY_MAX_STALE = 0
    facts.bump()
    assert screen.columns(2025).version == facts.stamp()


def test_sql_twin_is_exact_where_floats_are_not(make_enterprise):
    """Exactly at a growth or ratio threshold in figures a float cannot hold (SQLite keeps decimals
    as floats): the SQL twin (exports, 免申即享) agrees with the screen. Found by
    bench/library_speed.py at 1,000,000 reports on SQLite: 36 of 23,630 高成长 members missing."""
    editions = world.programs()
    cases = {  # name: (last year's revenue, this year's, R&D); 4778.3772 = 3981.9810 × 120 %
        "growth_on": ("3981.9810", "4778.3772", None),
        "growth_on_2": ("59956.7830", "71948.1396", None),
        "growth_under": ("3981.9810", "4778.3771", None),
        "rd_on": (None, "4778.4", "167.244"),  # 3.5 %
        "rd_under": (None, "4778.4", "167.2439"),
    }
    ids = {}
    for name, (previous, revenue, rd) in cases.items():
        e = make_enterprise("500240", name=f"浮点{name}", established_date=date(2015, 1, 1))
        if previous:
            Submission.objects.create(program=editions[2024], enterprise=e, form=editions[2024].form,
                                      status="approved", region_path=e.region_path,
                                      answers={"operating_revenue": previous})  # fmt: skip
        answers = {"operating_revenue": revenue, **({"rd_expense": rd} if rd else {})}
        Submission.objects.create(program=editions[2025], enterprise=e, form=editions[2025].form, status="approved",
                                  region_path=e.region_path, answers=answers)  # fmt: skip
        ids[name] = e.pk
    cols = screen.columns(2025)
    passing = {}
    for kind, fields, percent in [
        ("growth_min", ("operating_revenue", "revenue_prev1"), Decimal(20)),
        ("ratio_min", ("rd_expense", "operating_revenue"), Decimal("3.5")),
    ]:
        check = policy.Check(kind, fields, (policy.Param("p", "阈值", "percent", percent),))
        passing[kind] = set(
            ReportFact.objects.filter(year=2025)
            .filter(sql.check_q(check, {"p": percent}, strict=True))
            .values_list("enterprise_id", flat=True)
        )
        fails, unknown = screen.check_masks(check, cols, {"p": percent})
        assert passing[kind] == {int(e) for e in cols.enterprise_ids[~fails & ~unknown]}, kind
    assert passing["growth_min"] == {ids["growth_on"], ids["growth_on_2"]}
    assert passing["ratio_min"] == {ids["rd_on"]}
