"""Per-key failure counters in the database (ADR 0014).

A limit is (failures, seconds): once `failures` failures for a key fall within the last `seconds`,
further attempts for that key are refused until the oldest one ages out. Counters are written
outside the transaction of the failing attempt, so they survive its rollback.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from keqi.accounts.models import ThrottleHit

# kind -> (failures, window seconds); settings.KEQI_THROTTLES overrides single kinds.
DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    "login_ip": (30, 15 * 60),  # failed logins from one client address
    "sms_verify_ip": (20, 60 * 60),  # wrong SMS codes from one client address
    "sms_verify_mobile": (10, 60 * 60),  # wrong SMS codes for one number (two codes' worth)
    "sms_send_ip": (20, 60 * 60),  # SMS codes requested from one client address
    "recognition_lookup_ip": (10, 60),  # 企业认定查询: every lookup from one client address (issue 15)
}
KEEP = timedelta(days=1)


def limit(kind: str) -> tuple[int, int]:
    return {**DEFAULT_LIMITS, **getattr(settings, "KEQI_THROTTLES", {})}[kind]


def exceeded(kind: str, key: str | None) -> bool:
    if not key:
        return False
    count, seconds = limit(kind)
    since = timezone.now() - timedelta(seconds=seconds)
    return ThrottleHit.objects.filter(kind=kind, key=key[:150], created_at__gte=since).count() >= count


def hit(kind: str, key: str | None) -> None:
    """Count one failure. Call it outside the failing transaction."""
    if not key:
        return
    now = timezone.now()
    with transaction.atomic():
        ThrottleHit.objects.create(kind=kind, key=key[:150], created_at=now)
        ThrottleHit.objects.filter(created_at__lt=now - KEEP).delete()  # every key's old rows
