"""Issue 11 item 7: generating PDFs is rate-limited per user (keqi.documents, exercised here through a program document): beyond the share a
429 says when to try again; another user is not affected."""

import pytest

from keqi.accounts.models import Role
from keqi.declarations import services

pytestmark = pytest.mark.django_db


def test_pdf_generation_is_limited_per_user(client, settings, people, changping, make_user, qualified):
    settings.KEQI_THROTTLES = {"pdf_user": (3, 600)}
    submission = services.start(actor=people["ent"], program=changping)
    client.force_login(people["ent"])
    url = f"/declarations/{submission.pk}/documents/commitment.pdf"
    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    refused = client.get(url)
    assert refused.status_code == 429
    assert "生成PDF文件过于频繁，请10分钟后再试" in refused.content.decode()

    other = qualified(name="北京昌平另一家科技有限公司")
    other_user = make_user(Role.ENTERPRISE, enterprise=other)
    theirs = services.start(actor=other_user, program=changping)
    client.force_login(other_user)
    assert client.get(f"/declarations/{theirs.pk}/documents/commitment.pdf").status_code == 200
