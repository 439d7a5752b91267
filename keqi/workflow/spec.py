"""Declared processes: states and the transitions between them, with who may fire each.

"Can this user do X" is derived from the table (`allowed`), never re-listed in views.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

NEXT_LEVEL = "@next"  # a transition target: the next review level, or `Process.final` after the last


@dataclass(frozen=True)
class Level:
    """A review level (区县 → 市 → 省 → 部): who reviews there, found from the record's region."""

    key: str
    label: str
    roles: tuple[str, ...]
    region_level: str = ""  # the officer's region is an ancestor of the record's at this depth


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    roles: tuple[str, ...]
    level: str  # 企业 / 评价机构 / 省级主管部门 …
    decision: str  # 提交 / 通过 / 退回 / 不予入库 …
    opinion_required: bool = False
    # Extra guard: (user, obj) → None when allowed, else the Chinese reason.
    guard: Callable | None = None
    style: str = ""
    at_level: bool = False  # fired by the officer of the record's current level (roles from the level)
    confirm: str = ""  # the consequence, said in the 确认 dialog


@dataclass(frozen=True)
class Process:
    key: str
    states: dict[str, str]
    initial: str
    transitions: tuple[Transition, ...]
    editable_states: tuple[str, ...] = ()
    deletable_states: tuple[str, ...] = ()
    # Which records of `obj`'s kind the user may act on at all (scope); (user, obj) → bool.
    actor_scope: Callable | None = field(default=None)
    levels: tuple[Level, ...] = ()
    review_state: str = ""  # the state a record is in while a level holds it
    final: str = ""  # where NEXT_LEVEL leads after the last level
    # state → roles (besides the record's owner) who may view records in it
    viewers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # (user, obj, level) → is this user the officer of that level for this record?
    level_officer: Callable | None = field(default=None)

    def label(self, state: str) -> str:
        return self.states.get(state, state)

    def transition(self, name: str) -> Transition | None:
        return next((t for t in self.transitions if t.name == name), None)

    def role_of(self, user) -> str:
        return "ADM" if getattr(user, "is_platform_admin", False) else getattr(user, "role", "")

    def current_level(self, obj) -> Level | None:
        index = getattr(obj, "level", None)
        if not self.levels or index is None or index >= len(self.levels):
            return None
        return self.levels[index]

    def target_of(self, item: Transition, obj) -> tuple[str, int | None]:
        """(state, level index) the record moves to."""
        if item.target != NEXT_LEVEL:
            return item.target, None
        index = getattr(obj, "level", 0) + 1
        if index < len(self.levels):
            return self.review_state, index
        return self.final, None

    def allowed(self, user, obj) -> list[Transition]:
        role = self.role_of(user)
        found = []
        for item in self.transitions:
            if obj.status not in item.sources:
                continue
            if item.at_level:
                level = self.current_level(obj)
                if level is None or not (role == "ADM" or role in level.roles):
                    continue
                if role != "ADM" and self.level_officer and not self.level_officer(user, obj, level):
                    continue
            elif role not in item.roles:
                continue
            if self.actor_scope and not self.actor_scope(user, obj, item):
                continue
            found.append(item)
        return found
