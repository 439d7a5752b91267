"""The declaration process, instantiated per program with its review levels (P8, X5).

One table for every program: the enterprise submits to the first level (or to the level that
returned it); the officer of the current level passes it on, returns it for correction or
rejects it; after the last level it is approved."""

from functools import lru_cache

from keqi.core.scope import region_covers
from keqi.workflow.spec import NEXT_LEVEL, Level, Process, Transition

S_DRAFT, S_REVIEW, S_RETURNED, S_WITHDRAWN, S_APPROVED, S_REJECTED = (
    "draft",
    "review",
    "returned",
    "withdrawn",
    "approved",
    "rejected",
)
STATES = {
    S_DRAFT: "填报中",
    S_REVIEW: "审核中",
    S_RETURNED: "退回补正",
    S_WITHDRAWN: "已撤回",
    S_APPROVED: "审核通过",
    S_REJECTED: "不予通过",
}
OFFICERS = ("DIS", "CITY", "AGY")


AGENCY_LEVEL = "agency"  # region_level of a level reviewed by the agency the enterprise chose


def is_level_officer(user, submission, level: Level) -> bool:
    """The officer of `level` for this submission: their region covers the enterprise's and sits
    at the level's depth (区县, 市, 省), or, at an agency level, they work for the chosen agency."""
    if level.region_level == AGENCY_LEVEL:
        return user.agency_id is not None and user.agency_id == submission.agency_id
    region = getattr(user, "region", None)
    if region is None:
        return False
    if level.region_level and region.level != level.region_level:
        return False
    return region_covers(region.path, submission)


def actor_scope(user, submission, transition) -> bool:
    if transition.at_level:
        return True  # the level check decides
    return user.enterprise_id is not None and submission.enterprise_id == user.enterprise_id


def _transitions() -> tuple[Transition, ...]:
    return (
        Transition(
            "submit",
            "提交",
            (S_DRAFT, S_RETURNED, S_WITHDRAWN),
            S_REVIEW,
            ("ENT",),
            "企业",
            "提交",
            style="primary",
            confirm="提交后进入审核，审核期间不能修改申报内容。",
        ),
        Transition(
            "withdraw",
            "撤回",
            (S_REVIEW,),
            S_WITHDRAWN,
            ("ENT",),
            "企业",
            "撤回",
            confirm="撤回后需重新提交才会进入审核。",
        ),
        Transition(
            "pass",
            "审核通过",
            (S_REVIEW,),
            NEXT_LEVEL,
            (),
            "",
            "通过",
            style="primary",
            at_level=True,
            confirm="通过后将报送上一级审核，或完成审核。",
        ),
        Transition(
            "return",
            "退回补正",
            (S_REVIEW,),
            S_RETURNED,
            (),
            "",
            "退回补正",
            opinion_required=True,
            at_level=True,
            confirm="退回后企业可修改并重新提交到本级。",
        ),
        Transition(
            "reject",
            "不予通过",
            (S_REVIEW,),
            S_REJECTED,
            (),
            "",
            "不予通过",
            opinion_required=True,
            style="danger",
            at_level=True,
            confirm="不予通过后本次申报结束，企业不能再提交。",
        ),
    )


@lru_cache(maxsize=256)
def _process(levels: tuple[tuple[str, str, tuple[str, ...], str], ...]) -> Process:
    return Process(
        key="declaration",
        states=STATES,
        initial=S_DRAFT,
        transitions=_transitions(),
        editable_states=(S_DRAFT, S_RETURNED, S_WITHDRAWN),
        deletable_states=(S_DRAFT, S_WITHDRAWN),
        actor_scope=actor_scope,
        levels=tuple(Level(*item) for item in levels),
        review_state=S_REVIEW,
        final=S_APPROVED,
        # Officers see a declaration once it is submitted; drafts are the enterprise's own.
        viewers={
            S_REVIEW: OFFICERS,
            S_RETURNED: OFFICERS,
            S_APPROVED: OFFICERS,
            S_REJECTED: OFFICERS,
            S_WITHDRAWN: OFFICERS,
        },
        level_officer=is_level_officer,
    )


def process_for(program) -> Process:
    """The process table with this program's levels (cached per distinct level list)."""
    levels = tuple(
        (item["key"], item["label"], tuple(item["roles"]), item.get("region_level", "")) for item in program.levels
    )
    return _process(levels)
