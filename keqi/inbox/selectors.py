from django.db.models import QuerySet
from django.http import Http404

from keqi.inbox.models import Message


def messages_for(user, *, kind: str = "", state: str = "") -> QuerySet[Message]:
    """The enterprise user's own messages; nobody else has an inbox."""
    if not getattr(user, "enterprise_id", None):
        return Message.objects.none()
    queryset = Message.objects.filter(enterprise_id=user.enterprise_id)
    if kind:
        queryset = queryset.filter(kind=kind)
    if state == "unread":
        queryset = queryset.filter(read_at__isnull=True)
    elif state == "read":
        queryset = queryset.filter(read_at__isnull=False)
    return queryset


def message_for(user, pk: int) -> Message:
    message = messages_for(user).filter(pk=pk).first()
    if message is None:
        raise Http404("消息不存在")
    return message


def unread_count(user) -> int:
    return messages_for(user, state="unread").count()


def sent_reasons(prefix: str) -> set[str]:
    """The reasons already sent that start with `prefix` (a job skips work whose message exists)."""
    return set(Message.objects.filter(reason__startswith=prefix).values_list("reason", flat=True))
