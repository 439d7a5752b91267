"""Sending and reading messages. `send` is idempotent per reason: a second call does nothing."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from keqi.accounts.sms import send_sms
from keqi.inbox.models import Message


def _mobile(enterprise) -> str:
    contact = enterprise.contacts.order_by("-is_primary", "id").first()
    return contact.mobile if contact else ""


def send(*, enterprise, kind: str, title: str, body: str, reason: str, link: str = "") -> Message | None:
    """Create the message unless its reason was already sent; returns it, or None when not new.
    认定到期 and 取消认定 also go by SMS to the primary contact (settings.INBOX_SMS_KINDS)."""
    if Message.objects.filter(reason=reason[:120]).exists():
        return None
    try:
        with transaction.atomic():
            message = Message.objects.create(
                enterprise=enterprise,
                kind=kind,
                title=title[:200],
                body=body,
                link=link[:200],
                reason=reason[:120],
                created_at=timezone.now(),
            )
    except IntegrityError:  # the same reason sent a moment earlier by another run
        return None
    if kind in getattr(settings, "INBOX_SMS_KINDS", ()):
        mobile = _mobile(enterprise)
        if mobile:
            transaction.on_commit(lambda: send_sms(mobile, f"【科企通】{title}，详情请登录平台查看我的消息。"))
            Message.objects.filter(pk=message.pk).update(sms_sent=True)
    return message


def mark_read(*, message: Message) -> Message:
    if message.read_at is None:
        message.read_at = timezone.now()
        Message.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=message.read_at)
    return message


def mark_all_read(*, enterprise) -> int:
    return Message.objects.filter(enterprise=enterprise, read_at__isnull=True).update(read_at=timezone.now())
