"""我的消息 (S3.7, P9): five kinds, unread count in the top bar, read/unread, detail, mark all read."""

import pytest

from keqi.accounts.models import Role
from keqi.inbox import services
from keqi.inbox.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def inbox(make_enterprise, make_user):
    enterprise = make_enterprise("110114")
    for index, (kind, _label) in enumerate(Message.Kind.choices):
        services.send(enterprise=enterprise, kind=kind, title=f"消息{index}", body="内容", reason=f"t:{index}")
    return {"enterprise": enterprise, "user": make_user(Role.ENTERPRISE, enterprise=enterprise)}


def test_same_reason_sends_once(inbox):
    assert services.send(enterprise=inbox["enterprise"], kind="update", title="x", body="y", reason="t:0") is None
    assert Message.objects.count() == 5


def test_unread_count_in_top_bar_detail_marks_read_and_mark_all(client, inbox):
    client.force_login(inbox["user"])
    page = client.get("/messages/").content.decode()
    assert 'aria-label="未读5条">5</span>' in page
    for label in ("【认定到期】", "【信息更新】", "【认定通知】", "【取消认定】", "【申报提醒】"):
        assert label in page
    first = Message.objects.get(reason="t:0")
    assert "内容" in client.get(f"/messages/{first.pk}/").content.decode()
    assert 'aria-label="未读4条"' in client.get("/messages/").content.decode()
    assert [m.pk for m in client.get("/messages/?state=read").context["page"]] == [first.pk]
    assert len(client.get("/messages/?kind=update&state=unread").context["page"]) == 1
    client.post("/messages/read-all/")
    assert 'aria-label="未读' not in client.get("/messages/").content.decode()
    assert not Message.objects.filter(read_at__isnull=True).exists()


def test_bad_filters_and_other_enterprises_message_are_refused_plainly(client, inbox, make_enterprise, make_user):
    other = make_user(Role.ENTERPRISE, enterprise=make_enterprise("110114"))
    client.force_login(other)
    assert client.get(f"/messages/{Message.objects.first().pk}/").status_code == 404
    response = client.get("/messages/?kind=bogus&state=bogus")
    assert response.status_code == 200 and "已显示全部消息" in response.content.decode()
