"""Issue 10 items 5, 7: defects the browser crawl (keqi/core/tests/test_browser_crawl.py) found on
the declarations pages, each pinned here."""

import re

import pytest

from keqi.core.models import AuditLog
from keqi.declarations import services
from keqi.declarations.tests.test_platform import make_ready

pytestmark = pytest.mark.django_db


def test_a_programs_attachment_lines_name_the_slot_in_words_not_its_key(people, changping):
    """Found by the browser crawl: the workbench showed "附件类别：loan_contract" for a declaration's
    upload. The files engine records the slot's label; a later delete line finds it too."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from keqi.core.audit_text import details
    from keqi.core.tests.sample_files import pdf_bytes
    from keqi.declarations import services as declarations

    submission = declarations.start(actor=people["ent"], program=changping)
    upload = SimpleUploadedFile("承诺函.pdf", pdf_bytes(), content_type="application/pdf")
    declarations.issue_document(actor=people["ent"], submission=submission, key="commitment")
    attachment = declarations.upload(
        actor=people["ent"], submission=submission, slot_key="signed_commitment", path="", upload_file=upload
    )
    declarations.remove_attachment(actor=people["ent"], submission=submission, attachment_id=attachment.pk)
    lines = [
        line
        for log in AuditLog.objects.filter(action__in=["upload_attachment", "delete_attachment"])
        for line in details(log)
    ]
    slot_lines = [line for line in lines if line.startswith("附件类别")]
    assert len(slot_lines) == 2 and all("signed_commitment" not in line for line in slot_lines), slot_lines
    assert all("承诺" in line for line in slot_lines), slot_lines
    assert not any(line.startswith("SHA-256") for line in lines)  # a hash is not history a person reads


def test_review_page_title_holds_no_script_and_record_links_stay_on_the_page(client, people, changping):
    submission, uid = make_ready(people, changping)
    services.submit(actor=people["ent"], submission=submission)
    client.force_login(people["district"])
    page = client.get(f"/declarations/review/{submission.pk}/").content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S)[1]
    assert "<script" not in title  # formkit.js was printed as the page's title text
    assert page.count('src="/static/formkit/formkit.js"') == 1
    # 查看 of a record jumps to that record shown further down, not to a page that does not exist
    assert f'href="#record-loan_interest-{uid}"' in page and f'id="record-loan_interest-{uid}"' in page
    assert f'href="loan_interest/{uid}/"' not in page


def test_preview_offers_no_add_link_to_a_page_that_does_not_exist(client, people, changping):
    client.force_login(people["city"])
    page = client.get(f"/declarations/manage/{changping.key}/preview/").content.decode()
    assert 'href="loan_interest/new/"' not in page and "+ 添加" not in page


def test_upload_help_names_the_format_in_capitals(client, people, changping):
    submission = services.start(actor=people["ent"], program=changping)
    client.force_login(people["ent"])
    page = client.get(f"/declarations/{submission.pk}/records/rd_awards/new/").content.decode()
    assert "请上传PDF文件" in page and "pdf文件" not in page
