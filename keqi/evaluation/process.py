"""The evaluation process as data (S1.16): states, transitions, who may fire them."""

from keqi.core.scope import region_covers
from keqi.evaluation.models import Status
from keqi.workflow.spec import Process, Transition

ENT, AGY, CITY, ADM = "ENT", "AGY", "CITY", "ADM"


def actor_scope(user, evaluation, transition) -> bool:
    """Which evaluations a user may act on at all: own enterprise, own agency, own region."""
    role = "ADM" if user.is_platform_admin else user.role
    if role == ADM:
        return True
    if role == ENT:
        return user.enterprise_id is not None and evaluation.enterprise_id == user.enterprise_id
    if role == AGY:
        return user.agency_id is not None and evaluation.agency_id == user.agency_id
    if role == CITY:
        if user.region_id is None:
            return False
        return region_covers(user.region.path, evaluation.enterprise)
    return False


EVALUATION_PROCESS = Process(
    key="evaluation",
    states=dict(Status.choices),
    initial=Status.DRAFT,
    editable_states=(Status.DRAFT, Status.RETURNED, Status.WITHDRAWN),
    deletable_states=(Status.DRAFT, Status.WITHDRAWN),
    actor_scope=actor_scope,
    transitions=(
        Transition(
            "submit",
            "提交",
            (Status.DRAFT, Status.RETURNED, Status.WITHDRAWN),
            Status.AGENCY_REVIEW,
            (ENT,),
            "企业",
            "提交",
            style="primary",
        ),
        Transition("withdraw", "撤回", (Status.AGENCY_REVIEW,), Status.WITHDRAWN, (ENT,), "企业", "撤回"),
        Transition(
            "agency_pass",
            "形式审查通过",
            (Status.AGENCY_REVIEW,),
            Status.PROVINCE_REVIEW,
            (AGY, ADM),
            "评价机构",
            "形式审查通过",
            style="primary",
        ),
        Transition(
            "agency_return",
            "退回修改",
            (Status.AGENCY_REVIEW,),
            Status.RETURNED,
            (AGY, ADM),
            "评价机构",
            "退回修改",
            opinion_required=True,
        ),
        Transition(
            "agency_reject",
            "不予入库",
            (Status.AGENCY_REVIEW,),
            Status.REJECTED,
            (AGY, ADM),
            "评价机构",
            "不予入库",
            opinion_required=True,
            style="danger",
        ),
        Transition(
            "province_publicize",
            "审核通过并公示",
            (Status.PROVINCE_REVIEW,),
            Status.PUBLICITY,
            (CITY, ADM),
            "省级主管部门",
            "审核通过（公示）",
            style="primary",
        ),
        Transition(
            "province_return",
            "退回修改",
            (Status.PROVINCE_REVIEW,),
            Status.RETURNED,
            (CITY, ADM),
            "省级主管部门",
            "退回修改",
            opinion_required=True,
        ),
        Transition(
            "province_reject",
            "不予入库",
            (Status.PROVINCE_REVIEW, Status.PUBLICITY),
            Status.REJECTED,
            (CITY, ADM),
            "省级主管部门",
            "不予入库",
            opinion_required=True,
            style="danger",
        ),
        Transition(
            "register",
            "公示无异议，办理入库登记",
            (Status.PUBLICITY,),
            Status.REGISTERED,
            (CITY, ADM),
            "省级主管部门",
            "入库登记",
            style="primary",
        ),
    ),
)

REVIEW_ACTIONS = tuple(t.name for t in EVALUATION_PROCESS.transitions if t.level != "企业")
