"""企业信息同步 as a host capability (issue 10 item 6, seed 001 图31, S1.17, X5): a program whose
form copies the profile (`prefill`) offers it on the enterprise's 申报活动 list and fill page,
behind a 确认 dialog; it refreshes only the copied fields, only while editable, and is audited
in Chinese."""

import pytest
from django.core.exceptions import ValidationError

from keqi.core.audit_text import details
from keqi.core.models import AuditLog
from keqi.declarations import services
from keqi.declarations.tests.test_platform import make_ready

pytestmark = pytest.mark.django_db


def test_sync_copies_the_profile_into_prefilled_fields_only_while_editable(client, people, changping):
    ent, enterprise = people["ent"], people["enterprise"]
    submission = services.start(actor=ent, program=changping)
    submission = services.save(
        actor=ent, submission=submission, raw={"tech_field": "electronics"}, expected_version=submission.version
    )
    enterprise.name, enterprise.address = "北京昌平精工新材料科技有限公司", "北京市昌平区创新路9号"
    enterprise.save()
    client.force_login(ent)
    # offered on the list and the fill page, each behind a confirm dialog
    listing = client.get("/declarations/").content.decode()
    assert (
        f'action="/declarations/{submission.pk}/sync/"' in listing
        and 'data-confirm-title="确认企业信息同步"' in listing
    )
    page = client.get(f"/declarations/{submission.pk}/").content.decode()
    assert 'id="sync-profile"' in page and "其他已填写的内容不变" in page
    response = client.post(f"/declarations/{submission.pk}/sync/", {"next": "list"}, follow=True)
    assert response.redirect_chain[-1][0] == "/declarations/" and "企业信息已同步" in response.content.decode()
    submission.refresh_from_db()
    assert submission.answers["ent_name"] == "北京昌平精工新材料科技有限公司"
    assert submission.answers["ent_address"] == "北京市昌平区创新路9号"
    assert submission.answers["tech_field"] == "electronics"  # typed answers stay
    log = AuditLog.objects.filter(action="declaration.sync_profile").get()
    assert "企业名称：北京昌平精工科技有限公司 → 北京昌平精工新材料科技有限公司" in "".join(details(log))
    # nothing changed since: says so, version unchanged
    version = submission.version
    response = client.post(f"/declarations/{submission.pk}/sync/", follow=True)
    assert "无需同步" in response.content.decode()
    submission.refresh_from_db()
    assert submission.version == version


def test_sync_is_refused_once_submitted_and_not_offered(client, people, changping):
    submission, _uid = make_ready(people, changping)
    submission = services.submit(actor=people["ent"], submission=submission)
    with pytest.raises(ValidationError, match="不可修改"):
        services.sync_profile(actor=people["ent"], submission=submission)
    client.force_login(people["ent"])
    assert "企业信息同步" not in client.get("/declarations/").content.decode()
    assert "企业信息同步" not in client.get(f"/declarations/{submission.pk}/").content.decode()
    response = client.post(f"/declarations/{submission.pk}/sync/", follow=True)
    assert "不可修改" in response.content.decode()


def test_a_form_without_profile_fields_offers_no_sync(client, people, program_data):
    from keqi.declarations import program_services

    for section in program_data["form"]["sections"]:
        for field in section.get("fields", []):
            field.pop("prefill", None)
    program = program_services.load(program_data)
    submission = services.start(actor=people["ent"], program=program)
    with pytest.raises(ValidationError, match="无需同步"):
        services.sync_profile(actor=people["ent"], submission=submission)
    client.force_login(people["ent"])
    assert "企业信息同步" not in client.get(f"/declarations/{submission.pk}/").content.decode()
