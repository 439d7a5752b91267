"""区县入库企业情况统计表 and 区县科技型企业年报统计表 (issue 12, S2.7) against an independent
count: a known set of annual reports filed and reviewed through the services, each table cell
asserted, the export equal to the table shown, scope by district."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from keqi.accounts.models import Role
from keqi.declarations import program_services, services
from keqi.declarations.tests.test_annual_report import annual_data, full_answers
from keqi.enterprises.models import Enterprise
from keqi.reports import statistics

pytestmark = pytest.mark.django_db
ENTERPRISES = "/reports/statistics/enterprises/"
ANNUAL = "/reports/statistics/annual-reports/"


def report(program, ent_user, officers, **answers):
    """File a report with these answers and have it pass every level (or stop at `stop`)."""
    stop = answers.pop("stop", None)
    submission = services.start(actor=ent_user, program=program)
    raw = {**full_answers(program.form.document), **answers}
    submission = services.save(actor=ent_user, submission=submission, raw=raw, expected_version=submission.version)
    submission = services.submit(actor=ent_user, submission=submission)
    for officer in officers[: stop if stop is not None else len(officers)]:
        submission = services.decide(actor=officer, submission=submission, action="pass")
    return submission


@pytest.fixture
def known(make_enterprise, make_user):
    program = program_services.load(annual_data(2025))
    older = program_services.load(annual_data(2024))
    city = make_user(Role.CITY, region_code="500000")
    shizhu_officer = make_user(Role.DISTRICT, region_code="500240")
    beibei_officer = make_user(Role.DISTRICT, region_code="500109")
    a, b, c, d = (make_enterprise("500240", name=f"石柱{x}科技有限公司") for x in "甲乙丙丁")
    e = make_enterprise("500109", name="两江北碚科技有限公司", zone_code="500157")
    Enterprise.objects.filter(pk__in=[a.pk, d.pk]).update(review_status="approved")
    users = {x: make_user(Role.ENTERPRISE, enterprise=x) for x in (a, b, c, e)}
    shizhu = [shizhu_officer, city]
    report(
        program,
        users[a],
        shizhu,
        scale="small",
        sector="secondary",
        above_scale="yes",
        operating_revenue="100.1234",
        employees="12",
        invention_granted="3",
    )
    report(program, users[b], shizhu, scale="micro", operating_revenue="50", main_revenue="50", hitech_revenue="50")
    report(program, users[c], shizhu, stop=1)  # still at the city: not counted
    report(program, users[e], [beibei_officer, city], operating_revenue="70", main_revenue="70", hitech_revenue="70")
    report(older, users[a], shizhu, operating_revenue="999", main_revenue="1", hitech_revenue="1")
    return {"city": city, "shizhu": shizhu_officer, "beibei": beibei_officer}


def row_of(table, name):
    return next(row for row in table.rows if row[1] == name)


def test_enterprise_table_counts_registered_stored_reported_and_above_scale(known):
    table = statistics.enterprise_table(known["city"], 2025)
    assert table.headers == [
        "序号",
        "区县",
        "两江新区/高新区、经开区",
        "注册企业数（家）",
        "入库科企数（家）",
        "年报科企数（家）",
        "规上工业企业（家）",
    ]
    assert row_of(table, "石柱土家族自治县")[2:] == ["--", 4, 2, 2, 1]
    assert row_of(table, "北碚区")[2:] == ["两江新区", 1, 0, 1, 0]
    assert table.total == ["", "合计", "--", 5, 2, 3, 1]
    assert statistics.enterprise_table(known["city"], 2024).total[5] == 1  # only 甲 reported for 2024


def test_category_tabs_count_reports_by_the_forms_choices(known):
    table = statistics.enterprise_table(known["city"], 2025, "scale")
    assert table.headers == ["序号", "区县", "大型（家）", "中型（家）", "小型（家）", "微型（家）", "年报科企数（家）"]
    assert row_of(table, "石柱土家族自治县")[2:] == [0, 0, 1, 1, 2]
    assert row_of(table, "北碚区")[2:] == [1, 0, 0, 0, 1]  # full_answers picks the first choice
    sector = statistics.enterprise_table(known["city"], 2025, "sector")
    assert row_of(sector, "石柱土家族自治县")[2:] == [1, 1, 0, 2]


def test_annual_table_sums_figures_in_thousand_yuan_exactly(known):
    table = statistics.annual_table(known["city"], 2025, "operations")
    assert table.headers[2:4] == ["年报科企数（家）", "营业收入（千元）"]
    assert row_of(table, "石柱土家族自治县")[2:4] == [2, Decimal("1501.234")]
    assert row_of(table, "北碚区")[2:4] == [1, Decimal("700")]
    assert table.total[2:4] == [3, Decimal("2201.234")]
    people = statistics.annual_table(known["city"], 2025, "people")
    assert row_of(people, "石柱土家族自治县")[3] == 22  # 12 + 10 employees
    achievements = statistics.annual_table(known["city"], 2025, "achievements")
    assert row_of(achievements, "石柱土家族自治县")[4] == 13  # 发明专利授权 3 + 10


def test_a_district_officer_sees_only_their_district(client, known):
    table = statistics.enterprise_table(known["shizhu"], 2025)
    assert [row[1] for row in table.rows] == ["石柱土家族自治县"]
    assert table.total[3:] == [4, 2, 2, 1]
    client.force_login(known["shizhu"])
    for url in (ENTERPRISES, ANNUAL):
        body = client.get(url).content.decode().split("<tbody>", 1)[1].split("</table>", 1)[0]
        assert "北碚区" not in body and "两江新区" not in body and "石柱土家族自治县" in body


def normal(value):
    return Decimal(str(value)) if isinstance(value, int | float | Decimal) else ("" if value is None else value)


@pytest.mark.parametrize(
    ("url", "tab", "builder"),
    [
        (ENTERPRISES, "reports", statistics.enterprise_table),
        (ENTERPRISES, "field", statistics.enterprise_table),
        (ANNUAL, "operations", statistics.annual_table),
        (ANNUAL, "achievements", statistics.annual_table),
    ],
)
def test_each_export_equals_the_table_shown(client, known, url, tab, builder):
    client.force_login(known["city"])
    page = client.get(url, {"tab": tab, "year": "2025"}).content.decode()
    table = builder(known["city"], 2025, tab)
    assert table.title in page and "导出 Excel" in page
    for row in table.rows:
        assert f"<td>{row[1]}</td>" in page
    response = client.get(url, {"tab": tab, "year": "2025", "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == table.title
    assert list(rows[1]) == table.headers
    assert [[normal(c) for c in row] for row in rows[2:]] == [[normal(c) for c in row] for row in table.all_rows()]


def test_bad_year_and_tab_are_explained_and_roles_are_checked(client, known, make_user, make_enterprise):
    client.force_login(known["city"])
    page = client.get(ENTERPRISES, {"year": "abc", "tab": "nope"}).content.decode()
    assert "年份“abc”不是四位数字年份" in page and "统计标签不存在" in page
    assert "2025年" in page
    assert "1999年没有年报数据" in client.get(ANNUAL, {"year": "1999"}).content.decode()
    enterprise_user = make_user(Role.ENTERPRISE, enterprise=make_enterprise("500240"))
    client.force_login(enterprise_user)
    assert client.get(ENTERPRISES).status_code == 403


def test_seed_002_labels_of_the_annual_report_and_statistics_are_in_the_product(client, known):
    """Seed 002 §3 and §5.2–§5.3 wording, as officers see it."""
    client.force_login(known["city"])
    pages = "".join(
        client.get(url, params).content.decode()
        for url, params in (
            ("/declarations/series/chongqing-annual-report/review/", {}),
            ("/declarations/series/chongqing-annual-report/query/", {}),
            (ENTERPRISES, {}),
            (ANNUAL, {}),
        )
    )
    for label in (
        "科技信息年报",
        "年报数据审核",
        "年报数据查询",
        "审核状态",
        "年份",
        "搜索",
        "查询",
        "重置",
        "导出 Excel",
        "科企信息统计表",
        "区县入库企业情况统计表",
        "区县科技型企业年报统计表",
        "年报数量",
        "企业规模",
        "产业类别",
        "高新技术领域",
        "经营概况",
        "人员和研发平台概况",
        "科技成果概况",
        "两江新区/高新区、经开区",
        "注册企业数",
        "入库科企数",
        "年报科企数",
        "规上工业企业",
        "合计",
    ):
        assert label in pages, label
