"""An out-of-scope message for the permission walker (P1): only its enterprise reads it."""

from keqi.inbox.services import send


def build(world, make_enterprise, make_user) -> None:
    message = send(enterprise=world["outside"], kind="notice", title="范围外消息标题", body="范围外消息内容",
                   reason="walker:outside")
    world["route_params"]["messages/<int:pk>/"] = {"pk": message.pk}
    world["secrets"] += ["范围外消息标题", "范围外消息内容"]

    def message_unread():
        message.refresh_from_db()
        assert message.read_at is None

    world["untouched"].append(message_unread)
