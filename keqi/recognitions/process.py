"""The major-change process (S3.9) on the workflow engine: 暂存 → 提交 → each recognising level
passes or rejects (with an opinion) → 审核通过 / 审核不通过. The levels are the ones that
recognise enterprises (区县 → 省级), the same depth rule as a declaration's levels."""

from keqi.declarations.process import is_level_officer
from keqi.workflow.spec import NEXT_LEVEL, Level, Process, Transition

DRAFT, REVIEW, APPROVED, REJECTED = "draft", "review", "approved", "rejected"
STATES = {DRAFT: "暂存", REVIEW: "审核中", APPROVED: "审核通过", REJECTED: "审核不通过"}
LEVELS = (
    Level("county", "区县主管部门", ("DIS",), "county"),
    Level("province", "省级主管部门", ("CITY",), "province"),
)


def actor_scope(user, change, transition) -> bool:
    if transition.at_level:
        return True  # the level check decides
    return user.enterprise_id is not None and change.enterprise_id == user.enterprise_id


MAJOR_CHANGE = Process(
    key="major_change",
    states=STATES,
    initial=DRAFT,
    transitions=(
        Transition("submit", "提交", (DRAFT,), REVIEW, ("ENT",), "企业", "提交", style="primary",
                   confirm="提交后进入审核，不能再修改或删除。"),
        Transition("pass", "审核通过", (REVIEW,), NEXT_LEVEL, (), "", "通过", style="primary", at_level=True,
                   confirm="通过后报送上一级审核；最后一级通过后变更写入企业信息和认定信息。"),
        Transition("reject", "审核不通过", (REVIEW,), REJECTED, (), "", "不通过", opinion_required=True,
                   style="danger", at_level=True, confirm="不通过后本次变更结束，企业信息不变。"),
    ),
    editable_states=(DRAFT,),
    deletable_states=(DRAFT,),
    actor_scope=actor_scope,
    levels=LEVELS,
    review_state=REVIEW,
    final=APPROVED,
    level_officer=is_level_officer,
)  # fmt: skip
