"""Issue 10: recent operations and 变更记录 read in Chinese, with whole old → new values."""

import re

import pytest

from keqi.accounts.models import Role
from keqi.core.models import AuditLog
from keqi.enterprises import services as enterprise_services
from keqi.enterprises.models import InfoChangeRequest, Qualification

pytestmark = pytest.mark.django_db

IDENTIFIER = re.compile(r"\b[a-z]+(?:[._][a-z]+)+\b")


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style|template)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def history(make_enterprise, make_user):
    """An enterprise that added a contact, changed its profile, and had a change request approved."""
    enterprise = make_enterprise("110114", name="北京审计测试科技有限公司", registration_type="171")
    owner = make_user(Role.ENTERPRISE, enterprise=enterprise)
    officer = make_user(Role.DISTRICT, region_code="110114")
    enterprise_services.save_child(
        actor=owner, enterprise=enterprise, kind="contact", values={"name": "李四", "mobile": "13800001111"}
    )
    enterprise_services.save_profile(
        actor=owner,
        enterprise=enterprise,
        values={"tax_collection_method": "audit", "registration_type": "173", "address": "北京市昌平区科技园路1号"},
        expected_version=enterprise.version,
    )
    enterprise.refresh_from_db()
    Qualification.objects.create(enterprise=enterprise, kind="tech_sme", number="2026A", year=2026)
    enterprise_services.save_profile(
        actor=owner,
        enterprise=enterprise,
        values={"address": "北京市昌平区新址2号"},
        expected_version=enterprise.version,
    )
    change = InfoChangeRequest.objects.get(enterprise=enterprise, status="pending")
    enterprise_services.review_change_request(actor=officer, change_request=change, decision="approve", opinion="同意")
    return {"enterprise": enterprise, "owner": owner, "officer": officer}


def test_recent_operations_on_the_workbench_are_chinese(client, history):
    client.force_login(history["owner"])
    page = visible_text(client.get("/workbench/").content.decode())
    assert "新增联系人" in page and "修改企业基本信息" in page
    assert "征收方式：空 → 查账征收" in page
    assert "企业注册类型：私营独资企业 → 私营有限责任公司" in page
    assert not IDENTIFIER.findall(page), IDENTIFIER.findall(page)
    assert "add_contact" not in page and "update_profile" not in page


def test_officer_change_history_has_whole_values_and_chinese_labels(client, history):
    client.force_login(history["officer"])
    page = visible_text(client.get(f"/enterprise/{history['enterprise'].pk}/").content.decode())
    assert "工商登记信息变更审核通过" in page
    assert "审核意见：同意" in page  # whole, not "opinion：同 → 意"
    assert "状态：待审核 → 审核通过" in page
    assert "住所：北京市昌平区科技园路1号 → 北京市昌平区新址2号" in page
    assert "info_change.approve" not in page and "opinion" not in page and "legal_representative" not in page
    assert not IDENTIFIER.findall(page), IDENTIFIER.findall(page)


def test_every_recorded_action_has_a_chinese_label():
    from keqi.core.audit_text import action_label

    for action in ("add_contact", "delete_shareholder", "update_qualification", "evaluation.agency_return"):
        assert action_label(action) != "其他操作"
    assert action_label("evaluation.agency_return") == "评价机构退回修改"


def test_every_action_in_the_code_is_labelled():
    """Greps the services for audit actions, so a new one cannot ship as English."""
    import pathlib

    from keqi.core.audit_text import ACTIONS, action_label

    root = pathlib.Path(__file__).resolve().parents[3]
    found = set()
    for path in root.glob("keqi/*/*.py"):
        text = path.read_text(encoding="utf-8")
        for call in re.finditer(r"audit\.record\(", text):
            found |= set(re.findall(r'action="([a-z_.]+)"', text[call.end() : call.end() + 200])[:1])
        found |= set(re.findall(r'_store\([^)]*?"([a-z_.]+)"', text))  # declarations' saves
    assert {"update_profile", "evaluation.pick_ip", "declaration.start"} <= found
    missing = {action for action in found if action_label(action) == "其他操作"}
    assert not missing, missing
    assert AuditLog  # the model the labels describe
    assert ACTIONS


def test_every_workflow_transition_is_labelled():
    from keqi.core.audit_text import action_label
    from keqi.declarations.process import _transitions
    from keqi.enterprises.process import INFO_CHANGE
    from keqi.evaluation.process import EVALUATION_PROCESS
    from keqi.recognitions.process import MAJOR_CHANGE

    for transition in _transitions():
        assert action_label(f"declaration.{transition.name}") != "其他操作", transition.name
    for process in (EVALUATION_PROCESS, INFO_CHANGE, MAJOR_CHANGE):
        for transition in process.transitions:
            assert action_label(f"{process.key}.{transition.name}") != "其他操作", transition.name


def test_codes_named_by_apps_above_core_read_in_chinese():
    """core names region codes, roles and dictionary codes through the resolvers reference, accounts
    and enterprises register at start-up (ADR 0024), without importing those apps."""
    from keqi.core.audit_text import value_label
    from keqi.reference.models import Region

    changping = Region.objects.get(code="110114")
    assert value_label("accounts.user", "region", "110114") == changping.full_name
    assert value_label("accounts.user", "region", changping.pk) == changping.full_name
    assert value_label("accounts.user", "region", "not-a-code") == "not-a-code"
    assert value_label("accounts.user", "role", Role.DISTRICT) == Role.DISTRICT.label
    assert value_label("enterprises.enterprise", "registration_type", "171") == "私营独资企业"
