"""issue 11 #7 (P6): the attachment `next=` stays on this site; file names lose control characters."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from keqi.evaluation.tests.helpers import pdf_bytes
from keqi.files.models import Attachment

pytestmark = pytest.mark.django_db


def test_delete_attachment_next_is_limited_to_this_site(filled, setup, client):
    client.force_login(setup["ent"])
    attachment = Attachment.objects.filter(slot="staff_table").first()
    url = f"/evaluation/{filled.pk}/attachments/{attachment.pk}/delete/"
    response = client.post(url, {"next": "https://evil.example/phish"})
    assert response.status_code == 302
    assert response["Location"] == f"/evaluation/{filled.pk}/result/"
    other = Attachment.objects.filter(slot="balance_sheet").first()
    response = client.post(f"/evaluation/{filled.pk}/attachments/{other.pk}/delete/", {"next": "//evil.example/"})
    assert response["Location"] == f"/evaluation/{filled.pk}/result/"


def test_delete_attachment_keeps_a_local_next(filled, setup, client):
    client.force_login(setup["ent"])
    attachment = Attachment.objects.filter(slot="staff_table").first()
    url = f"/evaluation/{filled.pk}/attachments/{attachment.pk}/delete/"
    response = client.post(url, {"next": f"/evaluation/{filled.pk}/form/"})
    assert response["Location"] == f"/evaluation/{filled.pk}/form/"


@pytest.mark.parametrize("bad", ["\u202e", "\u202d", "\u2066", "\u200f", "\x00", "\x1b", "\x7f", "\u0085"])
def test_uploaded_file_names_lose_bidi_overrides_and_control_characters(filled, setup, client, bad):
    client.force_login(setup["ent"])
    name = f"报告{bad}fdp.exe{bad}.pdf"
    response = client.post(
        f"/evaluation/{filled.pk}/upload/other_evidence/", {"file": SimpleUploadedFile(name, pdf_bytes())}
    )
    assert response.status_code == 200
    stored = Attachment.objects.get(slot="other_evidence")
    assert stored.original_name == "报告fdp.exe.pdf"


def test_evaluation_pages_have_no_inline_script_or_style(filled, setup, client):
    """The Content-Security-Policy allows only this site's files: formkit's script and style are static."""
    from keqi.accounts.tests.test_hardening import INLINE

    client.force_login(setup["ent"])
    for url in (f"/evaluation/{filled.pk}/form/", f"/evaluation/{filled.pk}/result/", "/evaluation/"):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert not INLINE.search(body), f"{url}: {INLINE.search(body).group(0)}"
        assert "/static/formkit/formkit" in body or url == "/evaluation/"
