"""科技信息年报 as a program data file (issue 12, S2.3, S2.4): nine tabs, prefill from the profile
and last year's report with the source shown, district then city review with the program's own
decision labels, the series lists 年报数据审核 / 年报数据查询, scope, and refusals of bad input."""

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from keqi.accounts.models import Role
from keqi.declarations import prefill, program_services, series, services
from keqi.declarations.models import Figure, Submission
from keqi.formkit.document import check

pytestmark = pytest.mark.django_db
ANNUAL = Path(__file__).resolve().parents[1] / "programs" / "chongqing-annual-report-2025.json"
TABS = [
    "基本信息",
    "经营概况",
    "科技成果",
    "主导或参与标准制定",
    "人员状况",
    "研发平台",
    "挂牌上市",
    "高企认定情况",
    "高新技术产品数",
]
QUERY = "/declarations/series/chongqing-annual-report/query/"
REVIEW = "/declarations/series/chongqing-annual-report/review/"


def annual_data(year=2025, *, open_now=True):
    data = json.loads(ANNUAL.read_text(encoding="utf-8"))
    data["key"] = f"chongqing-annual-report-{year}"
    data["year"] = year
    data["name"] = f"{year}年度重庆市科技型企业科技信息年报"
    now = timezone.now()
    if open_now:
        data["windows"] = [
            {"opens": (now - timedelta(days=2)).isoformat(), "closes": (now + timedelta(days=20)).isoformat()}
        ]
    else:
        data["windows"] = [{"opens": "2025-01-01T00:00:00", "closes": "2025-03-31T23:59:59"}]
    return data


def full_answers(document: dict) -> dict:
    """Every required field of every tab with a valid value (yes/no questions answered 否)."""
    values = {"money": "100", "integer": "10", "date": "2024-05-01", "yesno": "no"}
    raw = {}
    for section in document["sections"]:
        for field in section.get("fields", []):
            if field.get("readonly") or "show_if" in field or field.get("required") is False:
                continue  # optional fields stay empty (e.g. 境内研发经费支出, checked against 研发经费支出)
            kind = field.get("type", "text")
            raw[field["key"]] = (
                field["choices"][0][0] if kind == "choice" else values.get(kind, f"{field['label']}内容")
            )
    raw["contact_phone"] = "13800000000"
    return raw


@pytest.fixture
def annual(db):
    return program_services.load(annual_data())


@pytest.fixture
def world(make_enterprise, make_user):
    shizhu = make_enterprise(
        "500240", name="石柱云岭科技有限公司", legal_representative="谭云", address="石柱县南宾街道1号", employees=40
    )
    liangjiang = make_enterprise("500109", name="两江智造科技有限公司", zone_code="500157")
    return {
        "enterprise": shizhu,
        "ent": make_user(Role.ENTERPRISE, enterprise=shizhu),
        "lj": liangjiang,
        "lj_ent": make_user(Role.ENTERPRISE, enterprise=liangjiang),
        "shizhu": make_user(Role.DISTRICT, region_code="500240"),
        "beibei": make_user(Role.DISTRICT, region_code="500109"),
        "city": make_user(Role.CITY, region_code="500000"),
    }


def filed(world, program, who="ent"):
    submission = services.start(actor=world[who], program=program)
    submission = services.save(
        actor=world[who],
        submission=submission,
        raw=full_answers(program.form.document),
        expected_version=submission.version,
    )
    return services.submit(actor=world[who], submission=submission)


def test_the_data_file_is_a_valid_nine_tab_form_with_two_levels_and_a_default_window():
    data = json.loads(ANNUAL.read_text(encoding="utf-8"))
    assert check(data["form"]) == []
    assert data["form"]["layout"] == "tabs"
    assert [s["title"] for s in data["form"]["sections"]] == TABS
    assert data["region"] == "500000" and data["year"] == 2025
    assert [(lvl["roles"], lvl["region_level"]) for lvl in data["levels"]] == [
        (["DIS"], "county"),
        (["CITY"], "province"),
    ]
    assert data["windows"] == [{"opens": "2026-01-01T00:00:00", "closes": "2026-03-31T23:59:59"}]
    assert "1月1日至3月31日" in data["notes"]
    money = [f for s in data["form"]["sections"] for f in s.get("fields", []) if f.get("type") == "money"]
    assert money and all(f.get("promote") for f in money)


def test_start_prefills_from_the_profile_and_last_years_report_and_shows_each_source(world, annual):
    last_year = program_services.load(annual_data(2024, open_now=False))
    Submission.objects.create(
        program=last_year,
        enterprise=world["enterprise"],
        form=last_year.form,
        status="approved",
        region_path=world["enterprise"].region_path,
        answers={"contact_person": "冉科", "scale": "small", "is_high_tech": "yes", "certificate_no": "GR202350000123"},
    )
    submission = services.start(actor=world["ent"], program=annual)
    answers = submission.answers
    assert answers["enterprise_name"] == "石柱云岭科技有限公司" and answers["employees"] == "40"
    assert answers["contact_person"] == "冉科" and answers["certificate_no"] == "GR202350000123"
    sources = prefill.sources(submission)
    assert sources["enterprise_name"] == sources["employees"] == "来自企业信息"
    assert sources["contact_person"] == sources["scale"] == "来自2024年度科技信息年报"
    assert "operating_revenue" not in sources

    # An edited value no longer claims its source; the page shows the remaining ones.
    submission = services.save(
        actor=world["ent"], submission=submission, raw={"contact_person": "冉新"}, expected_version=submission.version
    )
    assert "contact_person" not in prefill.sources(submission)
    assert prefill.sources(submission)["scale"] == "来自2024年度科技信息年报"


def test_edit_page_renders_the_nine_tabs_with_sources(client, world, annual):
    submission = services.start(actor=world["ent"], program=annual)
    client.force_login(world["ent"])
    html = client.get(f"/declarations/{submission.pk}/").content.decode()
    assert 'role="tablist"' in html
    for title in TABS:
        assert f">{title}</button>" in html or f">{title}<span" in html
    assert 'id="id_legal_representative-source">来自企业信息<' in html


def test_a_second_report_for_the_same_year_is_the_same_record(world, annual):
    first = services.start(actor=world["ent"], program=annual)
    again = services.start(actor=world["ent"], program=annual)
    assert again.pk == first.pk
    assert Submission.objects.filter(program=annual, enterprise=world["enterprise"]).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.create(
            program=annual, enterprise=world["enterprise"], form=annual.form, region_path=first.region_path
        )


def test_outside_the_window_the_refusal_gives_the_dates(world, db):
    closed = program_services.load(annual_data(open_now=False))
    with pytest.raises(ValidationError) as error:
        services.start(actor=world["ent"], program=closed)
    assert "申报已截止，申报时间：2025-01-01 00:00至2025-03-31 23:59" in str(error.value)


def test_negative_staff_and_revenue_with_five_decimals_are_refused_by_field(world, annual):
    submission = services.start(actor=world["ent"], program=annual)
    with pytest.raises(services.FormErrors) as error:
        services.save(
            actor=world["ent"],
            submission=submission,
            raw={"employees": "-3", "operating_revenue": "12.12345", "total_profit": "-5"},
            expected_version=submission.version,
        )
    assert error.value.field_errors == {
        "employees": "从业人员总数不能为负数",
        "operating_revenue": "营业收入最多保留4位小数（单位：万元）",
    }
    assert error.value.raw["operating_revenue"] == "12.12345"  # what was typed comes back


def test_cross_checks_name_both_figures(world, annual):
    submission = services.start(actor=world["ent"], program=annual)
    with pytest.raises(services.FormErrors) as error:
        services.save(
            actor=world["ent"],
            submission=submission,
            raw={"employees": "10", "tech_staff": "12", "operating_revenue": "50", "main_revenue": "60"},
            expected_version=submission.version,
        )
    assert error.value.field_errors["tech_staff"] == "科技人员数不能大于从业人员总数"
    assert error.value.field_errors["main_revenue"] == "主营业务收入不能大于营业收入"


def test_district_then_city_with_not_pass_and_resubmit_promotes_figures(world, annual):
    submission = filed(world, annual)
    assert submission.level == 0
    with pytest.raises(ValidationError) as error:
        services.decide(actor=world["shizhu"], submission=submission, action="reject", opinion="不用")
    assert "本级审核只能选择：审核通过、审核不通过" in str(error.value)
    services.decide(actor=world["shizhu"], submission=submission, action="return", opinion="营业收入请按审计报告填写")
    submission.refresh_from_db()
    assert submission.status == "returned" and submission.last_opinion == "营业收入请按审计报告填写"
    submission = services.save(
        actor=world["ent"],
        submission=submission,
        raw={"operating_revenue": "120.5"},
        expected_version=submission.version,
    )
    submission = services.submit(actor=world["ent"], submission=submission)
    services.decide(actor=world["shizhu"], submission=submission, action="pass")
    submission.refresh_from_db()
    assert (submission.status, submission.level) == ("review", 1)
    services.decide(actor=world["city"], submission=submission, action="pass")
    submission.refresh_from_db()
    assert submission.status == "approved"
    assert Figure.objects.get(submission=submission, key="operating_revenue").number == 120.5
    assert Figure.objects.get(submission=submission, key="employees").number == 10


def test_review_queue_holds_what_waits_for_the_officers_own_level(client, world, annual):
    submission = filed(world, annual)
    client.force_login(world["city"])
    assert "石柱云岭科技有限公司" not in client.get(REVIEW).content.decode()
    client.force_login(world["shizhu"])
    page = client.get(REVIEW).content.decode()
    assert "年报数据审核" in page and "石柱云岭科技有限公司" in page
    assert "科技信息年报 / 年报数据审核" in page
    detail = client.get(
        f"/declarations/review/{submission.pk}/?series=chongqing-annual-report&list=review"
    ).content.decode()
    assert ">审核不通过</button>" in detail and "不予通过</button>" not in detail
    assert 'role="tablist"' in detail and "已是最后一条，回到列表" in detail
    response = client.post(
        f"/declarations/review/{submission.pk}/decide/",
        {"action": "return", "opinion": "请补充研发平台", "back": REVIEW},
    )
    assert response.status_code == 302 and response["Location"] == REVIEW
    client.force_login(world["ent"])
    page = client.get(f"/declarations/{submission.pk}/").content.decode()
    assert 'id="opinions"' in page and "审核不通过" in page and "请补充研发平台" in page


def test_query_list_filters_by_status_year_and_search_and_exports_the_same(client, world, annual):
    from openpyxl import load_workbook

    filed(world, annual)
    client.force_login(world["city"])
    page = client.get(QUERY, {"status": "review", "year": "2025", "q": "云岭"}).content.decode()
    assert "石柱云岭科技有限公司" in page and "导出 Excel" in page and "审核状态" in page and "年份" in page
    assert "石柱云岭科技有限公司" not in client.get(QUERY, {"status": "approved"}).content.decode()
    response = client.post(
        f"/exports/new/program:{annual.key}/",
        {"fields": ["enterprise", "status", "operating_revenue"], "status": "review"},
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [row for row in sheet.iter_rows(values_only=True)]
    header = next(row for row in rows if row and "企业名称" in row)
    assert dict(zip(header, rows[rows.index(header) + 1], strict=False))["营业收入（万元）"] == 100


def test_bad_search_and_year_are_explained_not_500(client, world, annual):
    client.force_login(world["shizhu"])
    for url in (QUERY, REVIEW):
        response = client.get(url, {"q": "企" * 10_000, "year": "abc", "status": "nonsense"})
        assert response.status_code == 200
        page = response.content.decode()
        assert "搜索内容不能超过100个字符" in page
        assert "年份“abc”不是四位数字年份" in page
    assert "审核状态不存在" in client.get(QUERY, {"status": "nonsense"}).content.decode()
    assert client.get("/declarations/series/chongqing-annual-report/other/").status_code == 404


def test_a_shizhu_officer_never_sees_a_liangjiang_report(client, world, annual):
    other = filed(world, annual, who="lj_ent")
    client.force_login(world["shizhu"])
    for url in (QUERY, REVIEW):
        assert "两江智造" not in client.get(url).content.decode()
    assert client.get(f"/declarations/review/{other.pk}/").status_code == 404
    export = client.post(f"/exports/new/program:{annual.key}/", {"fields": ["enterprise"]})
    body = b"".join(export.streaming_content) if getattr(export, "streaming", False) else export.content
    assert "两江智造".encode() not in body
    with pytest.raises(Exception):  # noqa: B017 - the workflow refuses an officer outside the region
        services.decide(actor=world["shizhu"], submission=other, action="pass")
    client.force_login(world["beibei"])
    assert "两江智造科技有限公司" in client.get(REVIEW).content.decode()


def test_menu_entries_come_from_the_program_file(client, world, annual):
    assert {(e["list"], e["label"]) for e in series.menu_entries()} >= {
        ("review", "年报数据审核"),
        ("query", "年报数据查询"),
    }
    client.force_login(world["shizhu"])
    page = client.get("/", follow=True).content.decode()
    assert "年报数据审核" in page and "年报数据查询" in page
    client.force_login(world["ent"])
    assert "年报数据审核" not in client.get("/", follow=True).content.decode()


def test_a_level_without_declared_decisions_offers_every_decision_with_the_process_labels():
    from keqi.declarations import levels
    from keqi.declarations.models import Program
    from keqi.declarations.process import process_for

    program = Program(levels=[{"key": "county", "label": "县科技局", "roles": ["DIS"], "region_level": "county"}])
    offered = levels.offered(Submission(program=program, level=0), process_for(program).transitions)
    assert [(d["name"], d["label"]) for d in offered if d["name"] in ("pass", "return", "reject")] == [
        ("pass", "审核通过"),
        ("return", "退回补正"),
        ("reject", "不予通过"),
    ]
    levels.check_decision(Submission(program=program, level=0), "reject")  # allowed: no error


def test_review_page_of_a_form_with_record_lists_shows_records_and_opinions(client, make_enterprise, make_user):
    """The review page's record lists and its 审核记录 / 审批意见 are different things."""
    data = json.loads((Path(__file__).with_name("data") / "test-program.json").read_text(encoding="utf-8"))
    program = program_services.load(data)
    enterprise = make_enterprise("500240", name="石柱记录科技有限公司")
    submission = Submission.objects.create(
        program=program,
        enterprise=enterprise,
        form=program.form,
        status="review",
        region_path=enterprise.region_path,
        answers={"project_title": "茶园", "proofs": [{"_uid": "r1", "proof_name": "立项书"}]},
    )
    county = make_user(Role.DISTRICT, region_code="500240")
    services.decide(actor=county, submission=submission, action="return", opinion="请补充合作协议")
    client.force_login(make_user(Role.CITY, region_code="500000"))
    page = client.get(f"/declarations/review/{submission.pk}/").content.decode()
    assert "佐证材料（第1条）" in page and "立项书" in page
    assert 'id="opinions"' in page and "请补充合作协议" in page and "退回补正" in page


def test_a_district_officer_cannot_decide_at_the_city_level(client, world, annual):
    from django.core.exceptions import PermissionDenied

    submission = filed(world, annual)
    submission = services.decide(actor=world["shizhu"], submission=submission, action="pass")
    assert submission.level == 1
    with pytest.raises(PermissionDenied):
        services.decide(actor=world["shizhu"], submission=submission, action="pass")
    client.force_login(world["shizhu"])
    page = client.get(f"/declarations/review/{submission.pk}/").content.decode()
    assert 'id="decide"' not in page  # the district may read it, not decide
    response = client.post(f"/declarations/review/{submission.pk}/decide/", {"action": "pass"}, follow=True)
    assert "审核意见已提交" not in response.content.decode()
    submission.refresh_from_db()
    assert (submission.status, submission.level) == ("review", 1)
