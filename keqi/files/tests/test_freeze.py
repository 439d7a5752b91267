"""P8 / issue 9: attachments are frozen at submit. The snapshot lists each file's SHA-256; after
a return the applicant's delete only detaches a frozen file from the draft, the officer can
still download exactly what was submitted, and new versions go into the draft beside it.

The owner here is the enterprise record itself, with a read check registered the way a host
registers its own (files imports no program app)."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from keqi.accounts.models import Role
from keqi.files import access, services
from keqi.files.models import Attachment
from keqi.files.tests.builders import docx_bytes, pdf_bytes, zip_bytes, zip_with_gbk_names
from keqi.files.tests.urls import SLOTS

pytestmark = [pytest.mark.django_db, pytest.mark.urls("keqi.files.tests.urls")]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(make_enterprise, make_user):
    enterprise = make_enterprise("110114", name="北京昌平冻结测试科技有限公司")
    world = {
        "enterprise": enterprise,
        "applicant": make_user(Role.ENTERPRISE, enterprise=enterprise),
        "officer": make_user(Role.DISTRICT, region_code="110114"),
        "outsider": make_user(Role.ENTERPRISE, enterprise=make_enterprise("110114")),
    }
    officer_id = world["officer"].pk

    def may_read(user, owner_id):  # the host's rule: the owner's users and the reviewing officer
        return user.enterprise_id == owner_id or user.pk == officer_id

    access.register("enterprises.enterprise", may_read)
    yield world
    access._CHECKS.pop("enterprises.enterprise", None)


def store(world, slot, name, content, **kwargs):
    enterprise = world["enterprise"]
    return services.store(
        actor=world["applicant"],
        enterprise=enterprise,
        owner=enterprise,
        slot=SLOTS[slot],
        upload=SimpleUploadedFile(name, content),
        **kwargs,
    )


def downloaded(client, attachment_id) -> bytes:
    response = client.get(f"/files/{attachment_id}/")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_the_snapshot_lists_each_file_with_its_sha256_and_the_applicant_cannot_remove_it(
    world, client, media, django_capture_on_commit_callbacks
):
    license_pdf, plan_docx = pdf_bytes(), docx_bytes()
    evidence_zip = zip_bytes({"营业执照.pdf": license_pdf})
    store(world, "license", "营业执照.pdf", license_pdf)
    store(world, "plan", "实施方案.docx", plan_docx)
    store(world, "evidence", "佐证材料.zip", evidence_zip)

    # submit: the host freezes the draft's attachments inside its submit transaction
    snapshot = services.freeze_owner(world["enterprise"], actor=world["applicant"])
    assert [(e["slot"], e["name"], e["size"], e["sha256"]) for e in snapshot] == [
        ("evidence", "佐证材料.zip", len(evidence_zip), hashlib.sha256(evidence_zip).hexdigest()),
        ("license", "营业执照.pdf", len(license_pdf), hashlib.sha256(license_pdf).hexdigest()),
        ("plan", "实施方案.docx", len(plan_docx), hashlib.sha256(plan_docx).hexdigest()),
    ]
    assert set(snapshot[0]) == {"id", "slot", "row_key", "name", "size", "content_type", "sha256", "uploaded_at"}
    assert Attachment.objects.filter(frozen_at=None).count() == 0

    # returned for correction: the applicant deletes the reviewed licence and uploads a new one
    reviewed = Attachment.objects.get(slot="license")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.delete(actor=world["applicant"], attachment=reviewed) == "detached"
    assert not Attachment.objects.filter(pk=reviewed.pk).exists()  # gone from the draft
    assert Attachment.all_objects.get(pk=reviewed.pk).detached_at is not None
    assert (media / reviewed.file.name).exists()  # the file stays
    corrected = store(world, "license", "营业执照（更新）.pdf", pdf_bytes() + b"\n% v2\n")
    assert [a.pk for a in services.live_attachments(world["enterprise"]) if a.slot == "license"] == [corrected.pk]

    # the officer still downloads exactly what was submitted; an outsider does not
    client.force_login(world["officer"])
    assert hashlib.sha256(downloaded(client, reviewed.pk)).hexdigest() == snapshot[1]["sha256"]
    client.force_login(world["outsider"])
    assert client.get(f"/files/{reviewed.pk}/").status_code == 404
    client.force_login(world["applicant"])
    assert downloaded(client, reviewed.pk) == license_pdf  # their own earlier version, read-only

    assert [a.pk for a in services.snapshot_attachments(snapshot)] == [e["id"] for e in snapshot]
    assert services.verify_snapshot(snapshot) == []

    # resubmit: the new snapshot holds the corrected version, the first one is unchanged
    second = services.freeze_owner(world["enterprise"], actor=world["applicant"])
    assert corrected.pk in {e["id"] for e in second} and reviewed.pk not in {e["id"] for e in second}
    assert services.verify_snapshot(snapshot) == []


def test_unfrozen_files_are_deleted_and_replace_only_detaches_frozen_ones(
    world, media, django_capture_on_commit_callbacks
):
    draft = store(world, "plan", "草稿.docx", docx_bytes())
    path = media / draft.file.name
    with django_capture_on_commit_callbacks(execute=True):
        assert services.delete(actor=world["applicant"], attachment=draft) == "deleted"
    assert not Attachment.all_objects.filter(pk=draft.pk).exists() and not path.exists()

    frozen = store(world, "license", "营业执照.pdf", pdf_bytes())
    services.freeze([frozen])
    with django_capture_on_commit_callbacks(execute=True):
        new = store(world, "license", "营业执照2.pdf", pdf_bytes(), replace=True)
    assert list(Attachment.objects.filter(slot="license")) == [new]
    assert Attachment.all_objects.get(pk=frozen.pk).detached_at and (media / frozen.file.name).exists()
    # deleting again is harmless, and only a host removing the owner itself purges
    assert services.delete(actor=world["applicant"], attachment=frozen) == "detached"
    with django_capture_on_commit_callbacks(execute=True):
        services.purge(actor=None, attachment=Attachment.all_objects.get(pk=frozen.pk))
    assert not Attachment.all_objects.filter(pk=frozen.pk).exists() and not (media / frozen.file.name).exists()


def test_a_changed_file_no_longer_matches_its_snapshot(world, media):
    attachment = store(world, "license", "营业执照.pdf", pdf_bytes())
    snapshot = services.freeze([attachment])
    (media / attachment.file.name).write_bytes(pdf_bytes() + b"tampered")
    assert services.verify_snapshot(snapshot) == ["附件“营业执照.pdf”的内容与提交时不一致"]
    (media / attachment.file.name).unlink()
    assert services.verify_snapshot(snapshot) == ["附件“营业执照.pdf”的文件已丢失"]


def test_an_officer_sees_the_members_of_a_stored_zip(world):
    attachment = store(world, "evidence", "佐证材料.zip", zip_with_gbk_names(["营业执照.pdf", "合同/采购合同.pdf"]))
    members = services.zip_members(attachment)  # read back from storage, GBK names shown as Chinese
    assert [m.name for m in members] == ["营业执照.pdf", "合同/采购合同.pdf"]
    assert all(m.size > 0 for m in members)
    assert services.zip_members(store(world, "license", "营业执照.pdf", pdf_bytes())) == []


def test_frozen_at_is_kept_from_the_first_submit(world):
    attachment = store(world, "license", "营业执照.pdf", pdf_bytes())
    services.freeze([attachment])
    first = Attachment.objects.get(pk=attachment.pk).frozen_at
    services.freeze([attachment])
    assert Attachment.objects.get(pk=attachment.pk).frozen_at == first
