"""Issue 10: the self-assessment result before and while data is filled (defects list)."""

import re

import pytest

from keqi.evaluation import services
from keqi.evaluation.declaration import EVALUATION_FORM
from keqi.evaluation.tests.helpers import QUALIFYING

pytestmark = pytest.mark.django_db

ENGLISH = re.compile(r"\bNone\b|\b[a-z]+_[a-z_]+\b|\bemployees\b")


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style|template)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def fresh(setup, client):
    ent = setup["ent"]
    evaluation = services.create_evaluation(actor=ent, enterprise=setup["enterprise"])
    services.acknowledge(actor=ent, evaluation=evaluation)
    evaluation.refresh_from_db()
    client.force_login(ent)
    return evaluation


def post_form(client, evaluation, data):
    evaluation.refresh_from_db()
    return client.post(f"/evaluation/{evaluation.pk}/form/", {**data, "version": str(evaluation.version)})


def blank_browser_post() -> dict:
    """What the browser posts for an untouched form: every input present and empty."""
    data = {spec.key: "" for spec in EVALUATION_FORM.all_fields() if not spec.readonly}
    data["hr_quarters-present"] = "1"
    for quarter in range(4):
        for column in ("_uid", "emp_start", "emp_end", "tech_start", "tech_end"):
            data[f"hr_quarters-{quarter}-{column}"] = ""
    return data


def test_unanswered_admission_questions_are_not_failure_reasons(fresh, client):
    data = {key: value for key, value in QUALIFYING.items() if key not in ("products_scope", "credit")}
    assert post_form(client, fresh, data).status_code == 302
    page = visible_text(client.get(f"/evaluation/{fresh.pk}/result/").content.decode())
    assert "禁止、限制和淘汰类，不符合评价条件" not in page
    assert "严重违法失信名单" not in page.split("企业不符合原因")[-1].split("企业主要数据")[0]
    assert "指标3：产品及服务范围 企业提供的产品和服务不属于国家规定的禁止、限制和淘汰类 请选择" in page
    assert "尚未判定：请先选择产品及服务范围、企业信用" in page
    assert "不符合科技型中小企业条件" not in page
    fresh.refresh_from_db()
    assert fresh.qualified is None


def test_answered_no_is_still_a_failure_reason(fresh, client):
    assert post_form(client, fresh, {**QUALIFYING, "products_scope": "no"}).status_code == 302
    page = visible_text(client.get(f"/evaluation/{fresh.pk}/result/").content.decode())
    assert "产品和服务属于国家规定的禁止、限制和淘汰类，不符合评价条件" in page


def test_result_before_data_is_filled_shows_no_none_and_no_english(fresh, client):
    assert post_form(client, fresh, blank_browser_post()).status_code == 302
    for url in (f"/evaluation/{fresh.pk}/result/", f"/evaluation/{fresh.pk}/form/"):
        page = visible_text(client.get(url).content.decode())
        assert not ENGLISH.findall(page), (url, ENGLISH.findall(page))
    page = visible_text(client.get(f"/evaluation/{fresh.pk}/result/").content.decode())
    assert "请在“上一年度企业人力资源情况表”中填写四个季度的职工人数（季初、季末）" in page


def test_profile_codes_show_their_labels(fresh, setup, client):
    enterprise = setup["enterprise"]
    enterprise.registration_type, enterprise.tax_collection_method = "173", "audit"
    enterprise.save()
    fresh = services.sync_profile(actor=setup["ent"], evaluation=fresh)
    page = visible_text(client.get(f"/evaluation/{fresh.pk}/result/").content.decode())
    assert "企业注册类型 私营有限责任公司" in page and "征收方式 查账征收" in page
    assert "173" not in page and "audit" not in page


def half_staff(edu_total: int) -> dict:
    """Quarters of 85 → 86 people: a full-year average of 85.5."""
    data = dict(QUALIFYING)
    for quarter in range(4):
        data[f"hr_quarters-{quarter}-emp_start"] = "85"
        data[f"hr_quarters-{quarter}-emp_end"] = "86"
    data.update({"edu_doctor": "0", "edu_master": "0", "edu_bachelor": "0", "edu_college": "0"})
    data["edu_other"] = str(edu_total)
    return data


def test_staff_total_is_rounded_once_and_shown_the_same_everywhere(fresh, client):
    response = post_form(client, fresh, half_staff(85))
    assert response.status_code == 422
    page = visible_text(response.content.decode())
    assert "各学历人数之和（85人）应等于企业职工总数86人（全年季平均数85.5人，四舍五入）" in page
    assert "企业职工总数（全年季平均数） 86人（全年季平均数85.5人，四舍五入）" in page
    assert post_form(client, fresh, half_staff(86)).status_code == 302
    page = visible_text(client.get(f"/evaluation/{fresh.pk}/result/").content.decode())
    assert "86人（全年季平均数85.5人，四舍五入）" in page
    assert "85.5 /" not in page


def test_repeated_messages_name_their_quarter_or_row(fresh, client):
    data = blank_browser_post()
    data.update({"products-present": "1", "products-0-_uid": "a", "products-1-_uid": "b"})
    data.update({"products-0-name": "", "products-1-name": ""})
    assert post_form(client, fresh, data).status_code == 302
    page = visible_text(client.get(f"/evaluation/{fresh.pk}/result/").content.decode())
    for quarter in ("第一季度", "第二季度", "第三季度", "第四季度"):
        assert f"季度人员情况·{quarter}：请填写职工人数（季初）" in page
    assert "主要产品·第1行：请填写产品（服务）名称" in page
    assert "主要产品·第2行：请填写产品（服务）名称" in page
