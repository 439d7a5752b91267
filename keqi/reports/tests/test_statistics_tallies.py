"""The statistics tables and charts read per-district tallies kept per process (ADR 0026): every cell
must equal the plain per-request SQL over the same rows (GROUP BY region and COUNT of the fact
and enterprise tables; sums of the Decimal figures) — for boundary figures (4 decimal places, 0,
negative, 10^11 万元, missing), for a city and a district officer, for each year, after a
decision and after a registration. Runs on SQLite and PostgreSQL.

The reference adds the Decimal figures in Python, row by row: SQLite keeps a decimal column as a
float (15 significant digits) and its SUM is a float sum, which loses the 4th decimal place of a
city's revenue above 10^11 万元; on PostgreSQL the SQL SUM is compared as well."""

import calendar
import threading
from collections import Counter
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, F, Min, Q, Sum
from django.utils import timezone

from keqi.accounts.models import Role
from keqi.declarations import program_services
from keqi.declarations.models import Submission
from keqi.declarations.tests.test_annual_report import annual_data
from keqi.enterprises.models import Enterprise, InfoChangeRequest, ReviewStatus
from keqi.libraries import facts
from keqi.libraries.models import ReportFact
from keqi.reports import charts, progress, statistics, tallies

pytestmark = pytest.mark.django_db

BOUNDARY = [  # (district, zone, answers): figures at the edges of what a sum must keep exact
    ("500240", None, {"operating_revenue": "0.0001", "total_profit": "-12.3456", "employees": "0", "scale": "micro"}),
    ("500240", None, {"operating_revenue": "99999999999.9999", "main_revenue": "1", "above_scale": "yes"}),
    ("500240", None, {"operating_revenue": "33.3333", "rd_expense": "0.0005", "sector": "tertiary"}),
    ("500240", None, {}),  # every figure missing: counted as a report, adds nothing
    ("500109", "500157", {"operating_revenue": "70.07", "invention_granted": "4", "high_tech_field": "energy"}),
    ("500107", "Z50010001", {"operating_revenue": "5", "doctors": "2", "scale": "large", "above_scale": "yes"}),
]


def approve(program, enterprise, answers):
    """An approved report written as the review's last decision leaves it (the fact row follows
    through the libraries' receiver)."""
    return Submission.objects.create(
        program=program,
        enterprise=enterprise,
        form=program.form,
        status=Submission.Status.APPROVED,
        level=2,
        region_path=enterprise.region_path,
        zone_path=enterprise.zone_path,
        answers=answers,
    )


@pytest.fixture
def world(make_enterprise, make_user):
    programs = {year: program_services.load(annual_data(year)) for year in (2024, 2025)}
    made = []
    for index, (district, zone, answers) in enumerate(BOUNDARY):
        enterprise = make_enterprise(district, name=f"边界{index}科技有限公司", zone_code=zone)
        approve(programs[2025], enterprise, answers)
        if index % 2 == 0:
            approve(programs[2024], enterprise, {**answers, "operating_revenue": "1.5"})
        made.append(enterprise)
    make_enterprise("500240", name="未填报科技有限公司")  # registered, no report
    Enterprise.objects.filter(pk__in=[made[0].pk, made[4].pk, made[5].pk]).update(review_status=ReviewStatus.APPROVED)
    tallies.forget()
    return {
        "programs": programs,
        "made": made,
        "city": make_user(Role.CITY, region_code="500000"),
        "shizhu": make_user(Role.DISTRICT, region_code="500240"),
        "beibei": make_user(Role.DISTRICT, region_code="500109"),
    }


# The per-request SQL path, as the tables were computed before the tallies ------------------------


def sql_sums(base, year, columns):
    reports = ReportFact.objects.filter(year=year, region_path__startswith=base.path)
    found = {
        row["region_id"]: row
        for row in reports.values("region_id").annotate(n=Count("id"), above=Count("id", filter=Q(above_scale=1)))
    }
    for region_id, *values in reports.values_list("region_id", *columns):
        for column, value in zip(columns, values, strict=True):
            found[region_id][column] = found[region_id].get(column, 0) + (value or 0)
    if connection.vendor == "postgresql" and columns:  # exact there: compare the SQL SUM too
        summed = reports.values("region_id").annotate(**{c: Sum(c) for c in columns})
        for row in summed:
            assert all((row[c] or 0) == found[row["region_id"]][c] for c in columns)
    return found


def sql_annual_cells(user, year, tab):
    _label, columns = statistics.ANNUAL_TABS[tab]
    found = sql_sums(statistics.base_region(user), year, [c[0] for c in columns])
    cells = []
    for region in statistics.districts(user):
        row = found.get(region.pk, {})
        values = [Decimal(row.get(key) or 0) * (10 if money else 1) for key, _l, money in columns]
        cells.append([row.get("n", 0), *values])
    return cells


def sql_enterprise_cells(user, year):
    base = statistics.base_region(user)
    found = sql_sums(base, year, [])
    inside = Enterprise.objects.filter(region_path__startswith=base.path)
    registered = dict(inside.values_list("region_id").annotate(n=Count("id")))
    stored = dict(inside.filter(review_status=ReviewStatus.APPROVED).values_list("region_id").annotate(n=Count("id")))
    zones = {}
    for region_id, name in inside.filter(zone__isnull=False).values_list("region_id", "zone__name").distinct():
        zones.setdefault(region_id, set()).add(name)
    return [
        [
            "、".join(sorted(zones.get(r.pk, []))) or statistics.NO_ZONE,
            registered.get(r.pk, 0),
            stored.get(r.pk, 0),
            found.get(r.pk, {}).get("n", 0),
            found.get(r.pk, {}).get("above", 0),
        ]
        for r in statistics.districts(user)
    ]


def sql_category_cells(user, year, column):
    base = statistics.base_region(user)
    counts = Counter(
        {
            (r, v): n
            for r, v, n in ReportFact.objects.filter(year=year, region_path__startswith=base.path)
            .values_list("region_id", column)
            .annotate(n=Count("id"))
        }
    )
    choices = statistics._choices(year, column)
    return [[counts[(r.pk, value)] for value, _l in choices] for r in statistics.districts(user)]


def assert_every_table_equals_sql(user, year):
    for tab in statistics.ANNUAL_TABS:
        table = statistics.annual_table(user, year, tab)
        assert [row[2:] for row in table.rows] == sql_annual_cells(user, year, tab), (tab, year)
    table = statistics.enterprise_table(user, year)
    assert [row[2:] for row in table.rows] == sql_enterprise_cells(user, year), year
    for tab, column in statistics.CATEGORY_FIELDS.items():
        table = statistics.enterprise_table(user, year, tab)
        assert [row[2:-1] for row in table.rows] == sql_category_cells(user, year, column), (tab, year)


def test_the_tallies_sum_every_column_the_tables_show():
    shown = {key for _label, columns in statistics.ANNUAL_TABS.values() for key, _l, _m in columns}
    assert shown <= set(tallies.SUMMED)
    assert set(statistics.CATEGORY_FIELDS.values()) <= set(tallies.CATEGORIES)


@pytest.mark.parametrize("officer", ["city", "shizhu", "beibei"])
@pytest.mark.parametrize("year", [2024, 2025, 2023])
def test_every_table_equals_the_sql_path(world, officer, year):
    assert_every_table_equals_sql(world[officer], year)


def test_boundary_figures_are_summed_exactly(world):
    shizhu = next(row for row in statistics.annual_table(world["city"], 2025).rows if row[1] == "石柱土家族自治县")
    # 营业收入 0.0001 + 99999999999.9999 + 33.3333 万元 = 100000000033.3333 万元, shown in 千元
    assert shizhu[2:4] == [4, Decimal("1000000000333.333")]
    assert shizhu[5] == Decimal("-123.456")  # 利润总额 −12.3456 万元
    assert shizhu[9] == Decimal("0.005")  # 研发经费支出 0.0005 万元


def test_tables_follow_a_decision_and_a_registration_at_once_in_tests(world, make_enterprise):
    """With KEQI_LIBRARY_MAX_STALE = 0 (tests) every decision and registration shows at once."""
    before = statistics.enterprise_table(world["city"], 2025).total
    newcomer = make_enterprise("500240", name="新注册科技有限公司")
    approve(world["programs"][2025], newcomer, {"operating_revenue": "1"})
    after = statistics.enterprise_table(world["city"], 2025).total
    assert after[3] == before[3] + 1 and after[5] == before[5] + 1
    ReportFact.objects.filter(enterprise=newcomer).delete()  # what leaving "approved" does
    facts.bump()
    assert statistics.enterprise_table(world["city"], 2025).total[5] == before[5]
    assert_every_table_equals_sql(world["city"], 2025)


@pytest.mark.django_db(transaction=True)
def test_a_kept_tally_serves_while_one_thread_rebuilds_it(world, settings):
    settings.KEQI_LIBRARY_MAX_STALE = 60
    tallies.forget()
    kept = tallies.for_year(2025)
    ReportFact.objects.filter(enterprise=world["made"][0], year=2025).delete()
    facts.bump()
    assert tallies.for_year(2025) is kept  # a decision ago: still served
    for thread in threading.enumerate():
        if thread.name == "statistics-year-2025":
            thread.join(timeout=30)
    assert tallies.for_year(2025) is not kept
    assert_every_table_equals_sql(world["city"], 2025)


def test_zone_chart_counts_equal_the_sql_path(world):
    chart = charts.zone_chart(world["city"], 2025)
    base = statistics.base_region(world["city"])
    inside = Enterprise.objects.filter(region_path__startswith=base.path)
    expected_stored, expected_reported = [], []
    for zone in charts.zones(base):
        located = inside.filter(Q(zone=zone) | Q(region=zone))
        expected_stored.append(located.filter(review_status=ReviewStatus.APPROVED).count())
        expected_reported.append(
            Submission.objects.filter(program__year=2025, status="approved", enterprise__in=located).count()
        )
    assert chart["series"][0]["data"] == expected_stored
    assert chart["series"][1]["data"] == expected_reported
    assert sum(expected_reported) >= 2  # 两江新区 and 重庆高新区 both hold a report


# 培育进度统计表 ------------------------------------------------------------------------------------


def sql_progress_cells(user, month):
    """The table as it was counted per request: events up to the last instant of the month."""
    last = calendar.monthrange(month.year, month.month)[1]
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(month, time.min), zone)
    end = timezone.make_aware(datetime.combine(month.replace(day=last), time.max), zone)
    base = statistics.base_region(user)
    inside = Enterprise.objects.filter(region_path__startswith=base.path)
    by_region = lambda qs: dict(qs.values_list("region_id").annotate(n=Count("id")))  # noqa: E731
    firsts = (
        InfoChangeRequest.objects.filter(enterprise__in=inside, status="approved", decided_at__isnull=False)
        .values("enterprise_id", region=F("enterprise__region_id"))
        .annotate(first=Min("decided_at"))
    )
    reports = Submission.objects.filter(program__year=month.year - 1, region_path__startswith=base.path)
    submitted = dict(reports.filter(submitted_at__lte=end).values_list("enterprise__region_id").annotate(n=Count("id")))
    passed = dict(
        reports.filter(status="approved", status_changed_at__lte=end)
        .values_list("enterprise__region_id")
        .annotate(n=Count("id"))
    )
    cells = []
    for r in statistics.districts(user):
        cells.append(
            [
                by_region(inside.filter(created_at__lte=end)).get(r.pk, 0),
                by_region(inside.filter(created_at__gte=start, created_at__lte=end)).get(r.pk, 0),
                sum(1 for f in firsts if f["region"] == r.pk and f["first"] <= end),
                sum(1 for f in firsts if f["region"] == r.pk and start <= f["first"] <= end),
                submitted.get(r.pk, 0),
                passed.get(r.pk, 0),
            ]
        )
    return cells


def test_progress_table_equals_the_sql_path_at_month_edges(world):
    zone = timezone.get_current_timezone()
    edge = timezone.make_aware(datetime(2026, 1, 31, 23, 59, 59, 999999), zone)  # the last instant of January
    after = timezone.make_aware(datetime(2026, 2, 1), zone)
    a, b, _c, _d, e, f = world["made"]
    Enterprise.objects.filter(pk=a.pk).update(created_at=edge)
    Enterprise.objects.filter(pk=b.pk).update(created_at=after)
    for enterprise, when in ((a, edge), (a, after + timedelta(days=40)), (b, after), (e, edge - timedelta(days=400))):
        InfoChangeRequest.objects.create(enterprise=enterprise, status="approved", base_version=1, decided_at=when)
    reports = Submission.objects.filter(program=world["programs"][2025])
    reports.filter(enterprise=a).update(submitted_at=edge, status_changed_at=after)
    reports.filter(enterprise=e).update(submitted_at=edge - timedelta(days=3), status_changed_at=edge)
    reports.filter(enterprise=f).update(submitted_at=after, status_changed_at=None)
    for officer in ("city", "shizhu", "beibei"):
        for month in (date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1), date(2025, 12, 1)):
            table = progress.progress_table(world[officer], month)
            assert [row[3:9] for row in table.rows] == sql_progress_cells(world[officer], month), (officer, month)
    january = progress.progress_table(world["city"], date(2026, 1, 1))
    # 入库 by then a (on the edge) and e (a year before), new in January a; submitted a, e; passed e
    assert january.total[5:9] == [2, 1, 2, 1]
