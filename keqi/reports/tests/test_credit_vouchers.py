"""知识价值信用评级列表, 科技创新券 (program as data with 兑现登记), 培育进度统计表 and 全市概况图
(issue 12 items 3–5; S2.5, S2.6, S2.7, S2.8) against an independent count: a known set of
reports and applications, every cell asserted, exports equal to the tables, scope by district."""

import io
import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from keqi.accounts.models import Role
from keqi.declarations import follow_up, program_services, services
from keqi.declarations.models import Submission
from keqi.declarations.tests.test_annual_report import annual_data
from keqi.enterprises.models import Enterprise, InfoChangeRequest
from keqi.reports import charts, credit, progress, vouchers
from keqi.reports.models import CreditParameters
from keqi.reports.tests.test_statistics import normal, report

pytestmark = pytest.mark.django_db
VOUCHER = Path(__file__).resolve().parents[2] / "declarations/programs/chongqing-innovation-voucher-2026.json"
CREDIT = "/reports/credit-ratings/"
PARAMETERS = "/reports/credit-ratings/parameters/"
COUNTS = "/reports/vouchers/statistics/"
LIST = "/reports/vouchers/"
PROGRESS = "/reports/statistics/progress/"
OVERVIEW = "/reports/statistics/overview/"


def voucher_program():
    return program_services.load(json.loads(VOUCHER.read_text(encoding="utf-8")))


def apply(program, user, officer=None, *, decision="pass", **answers):
    raw = {
        "voucher_type": "testing",
        "amount": "10",
        "provider": "重庆检测中心",
        "purpose": "检测服务",
        "scale": "small",
        "sector": "secondary",
        "high_tech_field": "electronics",
        **answers,
    }
    with time_machine.travel(datetime(2026, 5, 1, 10, tzinfo=timezone.get_current_timezone())):
        submission = services.start(actor=user, program=program)
        submission = services.save(actor=user, submission=submission, raw=raw, expected_version=submission.version)
        submission = services.submit(actor=user, submission=submission)
        if officer is not None:
            opinion = "" if decision == "pass" else "材料不全"
            submission = services.decide(actor=officer, submission=submission, action=decision, opinion=opinion)
    return submission


@pytest.fixture
def world(make_enterprise, make_user):
    annual = program_services.load(annual_data(2025))
    city = make_user(Role.CITY, region_code="500000")
    shizhu = make_user(Role.DISTRICT, region_code="500240")
    beibei = make_user(Role.DISTRICT, region_code="500109")
    a, b, c = (make_enterprise("500240", name=f"石柱{x}科技有限公司") for x in "甲乙丙")
    e = make_enterprise("500109", name="两江北碚科技有限公司", zone_code="500157")
    users = {x: make_user(Role.ENTERPRISE, enterprise=x) for x in (a, b, c, e)}
    # 甲: 2 inventions + 1 utility → 60; R&D 40/1000 = 4% → 80; bonuses: 8/20 staff, 1 product, 高企 → A (90)
    report(
        annual,
        users[a],
        [shizhu, city],
        invention_granted="2",
        utility_granted="1",
        design_granted="0",
        software_copyrights="0",
        ic_layouts="0",
        new_varieties="0",
        rd_expense="40",
        operating_revenue="1000",
        main_revenue="900",
        hitech_revenue="100",
        employees="20",
        tech_staff="8",
        rd_staff="5",
        hitech_products="1",
        is_high_tech="yes",
        certificate_no="GR202550000001",
        certified_on="2024-12-01",
    )
    # 乙: full_answers gives 10 of each IP kind (capped 100), R&D 100/100 → 100; talent 10/10 → A as well;
    # make it weaker: no IP, R&D 5/1000 = 0.5% → 0; no bonus → E
    report(
        annual,
        users[b],
        [shizhu, city],
        invention_granted="0",
        utility_granted="0",
        design_granted="0",
        software_copyrights="0",
        ic_layouts="0",
        new_varieties="0",
        rd_expense="5",
        operating_revenue="1000",
        main_revenue="900",
        hitech_revenue="0",
        employees="10",
        tech_staff="1",
        rd_staff="1",
        hitech_products="0",
        is_high_tech="no",
    )
    report(annual, users[c], [shizhu, city], stop=1)  # not passed by the city: no grade
    report(annual, users[e], [beibei, city], operating_revenue="70", main_revenue="70", hitech_revenue="70")
    return {"city": city, "shizhu": shizhu, "beibei": beibei, "users": users, "ents": (a, b, c, e), "annual": annual}


# ---------------------------------------------------------------- 知识价值信用评级


def test_ratings_are_computed_from_passed_reports_and_explained(world):
    credit.refresh()
    filters = credit.parse(world["city"], {})
    rows = {r.enterprise.name: r for r in credit.ratings(world["city"], filters)}
    assert set(rows) == {"石柱甲科技有限公司", "石柱乙科技有限公司", "两江北碚科技有限公司"}
    assert rows["石柱甲科技有限公司"].grade == "A" and rows["石柱甲科技有限公司"].score == Decimal(90)
    assert rows["石柱乙科技有限公司"].grade == "E" and rows["石柱乙科技有限公司"].score == Decimal(0)
    explanation = "\n".join(rows["石柱甲科技有限公司"].result["explanation"])
    assert "研发经费支出占营业收入 4.0%，计 80 分" in explanation


def test_credit_list_filters_scope_and_export(client, world):
    client.force_login(world["shizhu"])
    page = client.get(CREDIT).content.decode()
    assert "石柱甲科技有限公司" in page and "两江北碚科技有限公司" not in page and "A级" in page
    assert "石柱乙科技有限公司" not in client.get(CREDIT, {"grade": "A"}).content.decode()
    response = client.get(CREDIT, {"grade": "E", "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "知识价值信用评级列表（2025年）"
    assert list(rows[1]) == credit.HEADERS
    assert [r[2] for r in rows[2:]] == ["石柱乙科技有限公司"] and rows[2][5] == "E级"
    client.force_login(world["city"])
    all_rows = list(
        load_workbook(io.BytesIO(client.get(CREDIT, {"export": "xlsx"}).content)).active.iter_rows(values_only=True)
    )
    expected = credit.table_rows(credit.ratings(world["city"], credit.parse(world["city"], {})))
    assert [[normal(c) for c in r] for r in all_rows[2:]] == [[normal(c) for c in r] for r in expected]
    beibei_only = client.get(CREDIT, {"district": "500109"}).content.decode()
    assert "两江北碚科技有限公司" in beibei_only and "石柱甲科技有限公司" not in beibei_only


def test_credit_list_bad_input_is_explained(client, world):
    client.force_login(world["shizhu"])
    page = client.get(CREDIT, {"year": "abc", "grade": "Z", "district": "500109", "q": "甲" * 10_000}).content.decode()
    for text in (
        "年份“abc”不是四位数字年份",
        "信用等级不存在",
        "区县不存在或不在您的管辖范围内",
        "搜索内容不能超过100个字符",
    ):
        assert text in page
    assert client.get(CREDIT, {"year": "1999"}).status_code == 200


def test_parameters_page_saves_a_version_and_grades_follow(client, world, make_user):
    admin = make_user(Role.ENTERPRISE)
    admin.is_superuser = admin.is_staff = True
    admin.role = "ADM"
    admin.save()
    client.force_login(world["shizhu"])
    assert client.get(PARAMETERS).status_code == 403
    client.force_login(admin)
    page = client.get(PARAMETERS).content.decode()
    assert "假设值" in page and "知识产权权重（%）" in page
    form = {row["name"]: str(row["value"]) for row in credit_views_rows()}
    form["weights.ip"] = "70"  # 70 + 50 ≠ 100
    bad = client.post(PARAMETERS, form)
    assert bad.status_code == 400 and "权重合计应为 100%" in bad.content.decode()
    form.update({"weights.ip": "50", "cutoffs.A": "95", "note": "测试调整"})
    assert client.post(PARAMETERS, form).status_code == 302
    assert CreditParameters.objects.order_by("-number").first().number == 2
    credit.refresh()
    grade = (
        credit.ratings(world["city"], credit.parse(world["city"], {})).get(enterprise__name="石柱甲科技有限公司").grade
    )
    assert grade == "B"  # 90 < 95


def credit_views_rows():
    from keqi.reports.credit_views import _rows

    return _rows(credit.current().parameters)


# ---------------------------------------------------------------- 科技创新券


@pytest.fixture
def voucher_world(world, make_enterprise, make_user):
    program = voucher_program()
    a, b, c, e = world["ents"]
    users = world["users"]
    d = make_enterprise("500240", name="石柱丁科技有限公司")
    users[d] = make_user(Role.ENTERPRISE, enterprise=d)
    passed = apply(program, users[a], world["shizhu"], amount="10")
    apply(program, users[b], world["shizhu"], voucher_type="rd_design", amount="5.5", scale="micro")
    apply(program, users[c], decision=None)  # still under review
    apply(program, users[d], world["shizhu"], decision="reject", amount="3")
    apply(program, users[e], world["beibei"], voucher_type="rd_design", amount="20", sector="tertiary")
    return {**world, "program": program, "passed": passed}


def test_redemption_is_recorded_once_by_the_district_and_checked(voucher_world):
    passed = voucher_world["passed"]
    with pytest.raises(PermissionDenied):
        follow_up.record(actor=voucher_world["city"], submission=passed, raw={"redeemed_amount": "8"})
    with pytest.raises(ValidationError) as caught:
        follow_up.record(
            actor=voucher_world["shizhu"],
            submission=passed,
            raw={"redeemed_amount": "12", "redeemed_on": "2026-06-01", "redemption_note": "HT-1"},
        )
    assert "兑现金额（万元）不能大于申报的10" in str(caught.value)
    follow_up.record(
        actor=voucher_world["shizhu"],
        submission=passed,
        raw={"redeemed_amount": "8", "redeemed_on": "2026-06-01", "redemption_note": "HT-1"},
    )
    with pytest.raises(ValidationError, match="已兑现登记"):
        follow_up.record(actor=voucher_world["shizhu"], submission=passed, raw={"redeemed_amount": "8"})


def test_redemption_from_the_review_page(client, voucher_world):
    passed = voucher_world["passed"]
    client.force_login(voucher_world["shizhu"])
    page = client.get(f"/declarations/review/{passed.pk}/").content.decode()
    assert "兑现登记" in page and "兑现金额（万元）" in page
    response = client.post(
        f"/declarations/review/{passed.pk}/follow-up/",
        {"redeemed_amount": "abc", "redeemed_on": "2026-06-01"},
        follow=True,
    )
    assert (
        "兑现登记" in response.content.decode()
        and not passed.__class__.objects.get(pk=passed.pk).figures.filter(key="redeemed_amount").exists()
    )
    client.post(f"/declarations/review/{passed.pk}/follow-up/", {"redeemed_amount": "8", "redeemed_on": "2026-06-01"})
    assert passed.figures.get(key="redeemed_amount").number == Decimal(8)


def test_voucher_count_table_cells(voucher_world):
    follow_up.record(
        actor=voucher_world["shizhu"],
        submission=voucher_world["passed"],
        raw={"redeemed_amount": "8", "redeemed_on": "2026-06-01"},
    )
    table = vouchers.count_table(voucher_world["city"], 2026, "voucher_type")
    rows = {row[1]: row[2:] for row in table.rows}
    assert rows["检验检测券"] == [3, 1, Decimal(10), 1, Decimal(8)]  # 甲 passed, 丙 in review, 丁 rejected
    assert rows["研发设计券"] == [2, 2, Decimal("25.5"), 0, Decimal(0)]
    assert table.total == ["", "合计", 5, 3, Decimal("35.5"), 1, Decimal(8)]
    shizhu = vouchers.count_table(voucher_world["shizhu"], 2026, "scale")
    assert {row[1]: row[2] for row in shizhu.rows} == {"大型": 0, "中型": 0, "小型": 3, "微型": 1}
    sector = vouchers.count_table(voucher_world["city"], 2026, "sector")
    assert {row[1]: row[2] for row in sector.rows}["第三产业"] == 1
    assert vouchers.count_table(voucher_world["city"], 2026, "high_tech_field").total[2] == 5


@pytest.mark.parametrize(("url", "params"), [(COUNTS, {"tab": "scale"}), (COUNTS, {}), (LIST, {}), (LIST, {"q": "乙"})])
def test_voucher_exports_equal_the_tables_and_scope_holds(client, voucher_world, url, params):
    client.force_login(voucher_world["shizhu"])
    page = client.get(url, params).content.decode()
    assert "两江北碚科技有限公司" not in page
    response = client.get(url, {**params, "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    if url == COUNTS:
        table = vouchers.count_table(voucher_world["shizhu"], 2026, params.get("tab", "voucher_type"))
        expected, headers, title = table.all_rows(), table.headers, table.title
    else:
        expected = vouchers.list_rows(vouchers.listing(voucher_world["shizhu"], 2026, params.get("q", "")))
        headers, title = vouchers.LIST_HEADERS, "科技创新券情况统计表（2026年）"
    assert rows[0][0] == title and list(rows[1]) == headers
    assert [[normal(c) for c in r] for r in rows[2:]] == [[normal(c) for c in r] for r in expected]
    for row in expected:
        assert str(row[1]) in page


def test_voucher_bad_input_is_explained(client, voucher_world):
    client.force_login(voucher_world["city"])
    page = client.get(LIST, {"year": "abc", "q": "x" * 10_000}).content.decode()
    assert "年份“abc”不是四位数字年份" in page and "搜索内容不能超过100个字符" in page
    assert "统计标签不存在" in client.get(COUNTS, {"tab": "nope"}).content.decode()


# ---------------------------------------------------------------- 培育进度统计表


def test_progress_table_counts_by_month(client, world, make_enterprise):
    zone = timezone.get_current_timezone()
    a, b, c, _e = world["ents"]

    def on(month, day):
        return datetime(2026 if month < 13 else 2025, month if month < 13 else 12, day, tzinfo=zone)

    for enterprise, created in ((a, on(1, 10)), (b, on(2, 10)), (c, on(13, 1))):
        Enterprise.objects.filter(pk=enterprise.pk).update(created_at=created)
    for enterprise, day in ((a, on(1, 20)), (b, on(2, 20))):
        InfoChangeRequest.objects.create(enterprise=enterprise, status="approved", base_version=1, decided_at=day)
    reports = Submission.objects.filter(program=world["annual"])
    reports.filter(enterprise=a).update(submitted_at=on(2, 5), status_changed_at=on(2, 10))
    reports.filter(enterprise=b).update(submitted_at=on(2, 6), status_changed_at=on(3, 5))
    reports.filter(enterprise=c).update(submitted_at=on(3, 2), status_changed_at=on(3, 2))
    with time_machine.travel(on(3, 15)):
        january = progress.progress_table(world["city"], progress.parse_month("2026-01")[0])
        february = progress.progress_table(world["city"], progress.parse_month("2026-02")[0])
        shizhu = progress.progress_table(world["shizhu"], progress.parse_month("2026-02")[0])
        client.force_login(world["shizhu"])
        page = client.get(PROGRESS, {"month": "abc"}).content.decode()
        future = client.get(PROGRESS, {"month": "2027-01"}).content.decode()
        exported = client.get(PROGRESS, {"month": "2026-02", "export": "xlsx"})
    # 注册 (累计, 本月), 入库 (累计, 本月), 年报提交, 年报通过, 填报率
    assert next(r for r in january.rows if r[1] == "石柱土家族自治县")[2:] == ["--", 2, 1, 1, 1, 0, 0, "0.0%"]
    assert next(r for r in february.rows if r[1] == "石柱土家族自治县")[2:] == ["--", 3, 1, 2, 1, 2, 1, "100.0%"]
    assert next(r for r in february.rows if r[1] == "北碚区")[2] == "两江新区"
    assert [r[1] for r in shizhu.rows] == ["石柱土家族自治县"]
    assert "月份“abc”不是“年-月”格式" in page and "2027年1月尚未到来" in future
    rows = list(load_workbook(io.BytesIO(exported.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "培育进度统计表（2026年2月）"
    assert [[normal(c) for c in r] for r in rows[2:]] == [[normal(c) for c in r] for r in shizhu.all_rows()]


# ---------------------------------------------------------------- 全市概况图


def test_overview_charts_match_the_table_and_respect_scope(client, world):
    district = charts.district_chart(world["city"], 2025)
    assert district["series"][2]["name"] == "年报科企数"
    numbers = dict(zip(district["labels"], district["series"][2]["data"], strict=True))
    assert numbers["石柱土家族自治县"] == 2 and numbers["北碚区"] == 1
    zone = charts.zone_chart(world["city"], 2025)
    assert dict(zip(zone["labels"], zone["series"][1]["data"], strict=True))["两江新区"] == 1
    client.force_login(world["shizhu"])
    data = client.get("/reports/statistics/overview/data/").json()
    assert data["districts"]["labels"] == ["石柱土家族自治县"] and data["zones"]["labels"] == []
    page = client.get(OVERVIEW).content.decode()
    assert (
        "区县科技型企业数据统计图" in page and "两江新区、国家级高新区和经开区、市级高新区科技型企业数量统计图" in page
    )
    assert "北碚区" not in page and "表格视图" in page and "下载图片" in page


# ---------------------------------------------------------------- seed 002 §4–§5 labels


def test_seed_002_labels_of_section_4_and_5_are_in_the_product(client, voucher_world):
    client.force_login(voucher_world["city"])
    pages = "".join(
        client.get(url).content.decode()
        for url in (
            CREDIT,
            COUNTS,
            LIST,
            PROGRESS,
            OVERVIEW,
            "/reports/statistics/enterprises/",
            "/reports/statistics/annual-reports/",
            "/reports/custom-query/",
        )
    )
    for label in (
        "申报事项",
        "知识价值信用评级列表",
        "信用等级",
        "年份",
        "区县",
        "搜索",
        "查询",
        "重置",
        "导出 Excel",
        "科技创新券申领统计表",
        "创新券类型",
        "企业规模",
        "产业类型",
        "高新技术领域",
        "科技创新券情况统计表",
        "科企信息统计表",
        "培育进度统计表",
        "月份",
        "区县入库企业情况统计表",
        "区县科技型企业年报统计表",
        "全市概况图",
        "区县科技型企业数据统计图",
        "两江新区、国家级高新区和经开区、市级高新区科技型企业数量统计图",
        "自定义查询",
    ):
        assert label in pages, label
