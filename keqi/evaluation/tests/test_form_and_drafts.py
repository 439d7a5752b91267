"""S1.2–S1.14, P7: the declared evaluation form — one per year, validation at the field with
nothing typed lost, computed figures, stale saves from a second tab, self-assessment."""

from decimal import Decimal

import pytest

from keqi.evaluation import services
from keqi.evaluation.models import Evaluation
from keqi.evaluation.tests.helpers import QUALIFYING

pytestmark = pytest.mark.django_db


def post_form(client, evaluation, **changes):
    data = {**QUALIFYING, "version": str(evaluation.version), **changes}
    data = {key: value for key, value in data.items() if value is not None}
    return client.post(f"/evaluation/{evaluation.pk}/form/", data)


@pytest.fixture
def draft(setup, client):
    evaluation = services.create_evaluation(actor=setup["ent"], enterprise=setup["enterprise"])
    services.acknowledge(actor=setup["ent"], evaluation=evaluation)
    client.force_login(setup["ent"])
    evaluation.refresh_from_db()
    return evaluation


def test_S1_2_second_evaluation_in_a_year_is_refused_with_the_seed_message(setup, client):
    client.force_login(setup["ent"])
    first = client.post("/evaluation/")
    assert first.status_code == 302
    response = client.post("/evaluation/", follow=True)
    assert "本年度已存在评价信息表，请勿重复添加" in response.content.decode()
    assert Evaluation.objects.filter(enterprise=setup["enterprise"]).count() == 1
    api = client.post("/api/v1/evaluations")
    assert api.status_code == 422
    assert api.json()["errors"][0]["message"] == "本年度已存在评价信息表，请勿重复添加"
    history = client.get("/evaluation/").content.decode()
    for heading in ("系统填报号", "评价年度", "创建日期", "最后提交日期", "当前状态"):
        assert heading in history


def test_S1_17_incomplete_profile_is_sent_to_the_profile_first(make_enterprise, make_user, client):
    enterprise = make_enterprise("110114")
    client.force_login(make_user("ENT", enterprise=enterprise))
    page = client.post("/evaluation/", follow=True).content.decode()
    assert "信息不完善" in page and "企业注册类型" in page
    assert not Evaluation.objects.exists()


def test_S1_3_wizard_requires_the_instructions_to_be_acknowledged(setup, client):
    evaluation = services.create_evaluation(actor=setup["ent"], enterprise=setup["enterprise"])
    client.force_login(setup["ent"])
    assert client.get(f"/evaluation/{evaluation.pk}/form/").url.endswith("/instructions/")
    page = client.post(f"/evaluation/{evaluation.pk}/instructions/", {}).content.decode()
    assert "请先阅读填报说明并勾选" in page
    assert client.post(f"/evaluation/{evaluation.pk}/instructions/", {"agree": "1"}).url.endswith("/form/")


def test_S1_9_four_products_are_refused_and_every_typed_value_is_kept(draft, client):
    extra = {}
    for index in range(1, 4):
        extra.update(
            {
                f"products-{index}-_uid": f"g{index + 1}",
                f"products-{index}-name": f"第{index + 1}个产品",
                f"products-{index}-tech_field": "电子信息",
                f"products-{index}-revenue": "10",
            }
        )
    response = post_form(client, draft, **extra)
    assert response.status_code == 422
    page = response.content.decode()
    assert "主要产品最多填写3条，当前4条" in page
    assert 'value="第4个产品"' in page and 'value="李四"' in page
    draft.refresh_from_db()
    assert draft.version == 1 and draft.answers.get("contact_name") is None


def test_S1_8_education_total_must_equal_the_staff_total(draft, client):
    response = post_form(client, draft, edu_other="5")
    assert response.status_code == 422
    assert "各学历人数之和（53人）应等于企业职工总数50人" in response.content.decode()
    assert 'value="5"' in response.content.decode()


def test_S1_8_quarterly_averages_are_computed(draft, client):
    data = {f"hr_quarters-{q}-emp_end": str(50 + 2 * (q + 1)) for q in range(4)}
    data["edu_other"] = "5"  # sum 53 = average 52.5 rounded half up
    assert post_form(client, draft, **data).status_code == 302
    draft.refresh_from_db()
    assert draft.employees == Decimal("52.50")  # (50+52+50+54+50+56+50+58)/8
    page = client.get(f"/evaluation/{draft.pk}/form/").content.decode()
    assert "52.5" in page


def test_S1_7_negative_amounts_are_refused_but_losses_are_allowed(draft, client):
    response = post_form(client, draft, sales_revenue="-100")
    assert response.status_code == 422
    page = response.content.decode()
    assert '<p class="error" id="id_sales_revenue-error">销售收入总额不能为负数</p>' in page
    assert 'value="-100"' in page
    assert post_form(client, draft, total_profit="-35.5").status_code == 302
    draft.refresh_from_db()
    assert draft.answers["total_profit"] == "-35.5000"


def test_S1_7_money_is_exact_decimal_in_wan_yuan(draft, client):
    assert post_form(client, draft, sales_revenue="1500.1234").status_code == 302
    draft.refresh_from_db()
    assert draft.sales_revenue == Decimal("1500.1234")
    assert "最多保留4位小数" in post_form(client, draft, sales_revenue="1.23456").content.decode()


def test_S1_4_contact_id_number_is_checked_by_id_type(draft, client):
    page = post_form(client, draft, contact_id_number="110105194912310021").content.decode()
    assert "居民身份证号码校验位不正确" in page
    assert post_form(client, draft, contact_id_type="passport", contact_id_number="E12345678").status_code == 302


def test_S1_6_rd_totals_use_80_percent_and_the_overseas_cap_and_flow_into_finance(draft, client):
    post_form(client, draft, **{"rd_projects-1-amount": "200"})
    draft.refresh_from_db()
    rows = draft.answers["rd_projects"]
    assert rows[1]["counted"] == "160.0000"  # 80 % of 200
    # overseas capped at 2/3 of the domestic 120 = 80
    assert draft.rd_expense == Decimal("200.0000")
    page = client.get(f"/evaluation/{draft.pk}/form/").content.decode()
    assert "研发费用总额（根据企业研发项目自动计算）" in page and "200" in page


def test_S1_13_financing_fields_become_required_on_yes(draft, client):
    assert post_form(client, draft, wants_financing="yes").status_code == 302
    draft.refresh_from_db()
    missing = services.completeness(draft)
    assert missing["invention_applications"] == "请填写与主营业务相关的发明专利申请量（件）"
    assert missing["equity_need"] == "请选择企业当前是否有股权融资需求"
    post_form(client, draft, wants_financing="no", invention_applications="3")
    draft.refresh_from_db()
    assert draft.answers["invention_applications"] is None
    assert "invention_applications" not in services.completeness(draft)


def test_P7_a_stale_save_from_a_second_tab_is_refused_with_a_clear_message(draft, client):
    assert post_form(client, draft).status_code == 302  # tab 1 saves: version 1 → 2
    stale = post_form(client, draft, contact_name="第二个标签页")  # tab 2 still holds version 1
    assert stale.status_code == 422
    page = stale.content.decode()
    assert services.STALE_MESSAGE in page and 'value="第二个标签页"' in page
    draft.refresh_from_db()
    assert draft.answers["contact_name"] == "李四" and draft.version == 2
    autosave = client.post(f"/evaluation/{draft.pk}/form/", {**QUALIFYING, "version": "1"}, headers={"X-Autosave": "1"})
    assert autosave.status_code == 409 and autosave.json()["errors"]["__all__"] == services.STALE_MESSAGE
    ok = client.post(
        f"/evaluation/{draft.pk}/form/",
        {**QUALIFYING, "version": "2", "contact_name": "王五"},
        headers={"X-Autosave": "1"},
    )
    assert ok.json() == {"ok": True, "version": 3, "errors": {}}


def test_P7_api_save_checks_the_version_too(draft, client):
    body = {"version": 99, "answers": {"contact_name": "接口"}}
    response = client.put(f"/api/v1/evaluations/{draft.pk}/answers", body, content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"][0]["message"] == services.STALE_MESSAGE
    body["version"] = draft.version
    response = client.put(f"/api/v1/evaluations/{draft.pk}/answers", body, content_type="application/json")
    assert response.status_code == 200 and response.json()["answers"]["contact_name"] == "接口"


def test_S1_14_self_assessment_shows_scores_indicators_and_hints(filled, setup, client):
    client.force_login(setup["ent"])
    page = client.get(f"/evaluation/{filled.pk}/result/").content.decode()
    assert "符合科技型中小企业条件" in page
    assert '<td id="score-total">70分</td>' in page
    for label in (
        "指标1：注册地",
        "指标4：企业信用",
        "指标5：高新技术企业",
        "指标8：制定标准",
        "指标9：科技人员",
        "指标11：科技成果",
    ):
        assert label in page
    assert "40.00%" in page  # tech staff ratio 20/50
    filled.refresh_from_db()
    assert filled.total_score == 70 and filled.qualified is True


def test_S1_14_not_qualified_lists_every_reason_including_the_rd_ledger(filled, setup, client):
    client.force_login(setup["ent"])
    post_form(client, filled, rd_ledger="no", credit="no")
    page = client.get(f"/evaluation/{filled.pk}/result/").content.decode()
    assert "不符合科技型中小企业条件" in page
    assert "研发项目立项时没有设置研发支出辅助帐" in page
    assert "科研严重失信行为" in page


def test_S1_14_what_if_hints_show_how_to_reach_the_next_tier(filled, setup, client):
    client.force_login(setup["ent"])
    low_staff = {f"hr_quarters-{q}-{c}": "2" for q in range(4) for c in ("tech_start", "tech_end")}
    filled.refresh_from_db()
    assert post_form(client, filled, **low_staff).status_code == 302
    page = client.get(f"/evaluation/{filled.pk}/result/").content.decode()
    assert "不符合科技型中小企业条件" in page and "科技人员占比 4" in page and "低于 10%" in page
    assert '<ul id="hints">' in page and "科技人员再增加" in page
