"""The one `transition()` service: check, move, write the review record and the audit row."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from keqi.core import audit
from keqi.workflow.models import ReviewRecord
from keqi.workflow.spec import Process


def organisation_of(user) -> str:
    if getattr(user, "agency_id", None):
        return user.agency.name
    if getattr(user, "region_id", None):
        return user.region.full_name
    if getattr(user, "enterprise_id", None):
        return user.enterprise.name
    return ""


@transaction.atomic
def transition(
    *,
    actor,
    process: Process,
    obj,
    name: str,
    opinion: str = "",
    before_move: Callable | None = None,
    ip_address: str | None = None,
):
    """Fire transition `name` on `obj` (locked for the update). Raises PermissionDenied when
    the table does not allow it for this user and state, ValidationError for a missing opinion
    or a failed guard. `before_move(locked_obj, transition)` may set more fields or raise."""
    locked = type(obj).objects.select_for_update().get(pk=obj.pk)
    item = process.transition(name)
    if item is None or item not in process.allowed(actor, locked):
        raise PermissionDenied(f"当前状态（{process.label(locked.status)}）下不能执行该操作")
    opinion = (opinion or "").strip()
    if item.opinion_required and not opinion:
        raise ValidationError({"opinion": f"请填写{item.label}意见"})
    if len(opinion) > 2000:
        raise ValidationError({"opinion": "审核意见不能超过2000字"})
    if item.guard:
        reason = item.guard(actor, locked)
        if reason:
            raise ValidationError({"__all__": reason})
    source = locked.status
    level = process.current_level(locked)
    target, next_level = process.target_of(item, locked)
    if before_move:
        before_move(locked, item)
    locked.status = target
    if next_level is not None:
        locked.level = next_level
    if hasattr(locked, "status_changed_at"):
        locked.status_changed_at = timezone.now()
    locked.save()
    ReviewRecord.objects.create(
        process=process.key,
        target_type=locked._meta.label_lower,
        target_id=locked.pk,
        transition=item.name,
        from_state=source,
        to_state=target,
        actor=actor,
        actor_name=str(actor),
        organisation=organisation_of(actor),
        level=level.label if item.at_level and level else item.level,
        decision=item.decision,
        opinion=opinion,
    )
    audit.record(
        actor=actor,
        action=f"{process.key}.{item.name}",
        target=locked,
        changes={"status": [source, target], "opinion": opinion},
        enterprise_id=getattr(locked, "enterprise_id", None),
        ip_address=ip_address,
    )
    return locked


def records_for(obj) -> list[ReviewRecord]:
    return list(ReviewRecord.objects.filter(target_type=obj._meta.label_lower, target_id=obj.pk))
