"""The info-change process as data (P5, S1.17, S2.1), on the shared workflow engine.

new → (enterprise submits) → pending → (district officer) approved / rejected (opinion required).
Only a district officer (DIS, including zone officers) of the enterprise's region — or a
platform administrator — may decide; city officers see the queue read-only.
"""

from django.db.models import TextChoices

from keqi.core.scope import region_covers
from keqi.workflow.spec import Process, Transition

ENT, DIS, ADM = "ENT", "DIS", "ADM"


class ChangeState(TextChoices):
    NEW = "new", "未提交"
    PENDING = "pending", "待审核"
    APPROVED = "approved", "审核通过"
    REJECTED = "rejected", "审核不通过"


def actor_scope(user, change_request, transition) -> bool:
    if user.is_platform_admin:
        return True
    enterprise = change_request.enterprise
    if user.is_enterprise_user:
        return user.enterprise_id == enterprise.pk
    if user.role == DIS and user.region_id is not None:
        return region_covers(user.region.path, enterprise)
    return False


INFO_CHANGE = Process(
    key="info_change",
    states=dict(ChangeState.choices),
    initial=ChangeState.NEW,
    actor_scope=actor_scope,
    transitions=(
        Transition("submit", "提交", (ChangeState.NEW,), ChangeState.PENDING, (ENT,), "企业", "提交"),
        Transition(
            "approve", "审核通过", (ChangeState.PENDING,), ChangeState.APPROVED, (DIS, ADM), "区县主管部门", "审核通过",
            style="primary",
        ),
        Transition(
            "reject", "审核不通过", (ChangeState.PENDING,), ChangeState.REJECTED, (DIS, ADM), "区县主管部门", "审核不通过",
            opinion_required=True, style="danger",
        ),
    ),
)  # fmt: skip
