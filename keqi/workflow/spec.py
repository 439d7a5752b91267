"""Declared processes: states and the transitions between them, with who may fire each.

"Can this user do X" is derived from the table (`allowed`), never re-listed in views.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


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

    def label(self, state: str) -> str:
        return self.states.get(state, state)

    def transition(self, name: str) -> Transition | None:
        return next((t for t in self.transitions if t.name == name), None)

    def role_of(self, user) -> str:
        return "ADM" if getattr(user, "is_platform_admin", False) else getattr(user, "role", "")

    def allowed(self, user, obj) -> list[Transition]:
        role = self.role_of(user)
        found = []
        for item in self.transitions:
            if obj.status not in item.sources or role not in item.roles:
                continue
            if self.actor_scope and not self.actor_scope(user, obj, item):
                continue
            found.append(item)
        return found
