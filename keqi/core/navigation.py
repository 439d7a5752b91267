"""Left navigation per role. Each app declares its entries in `<app>/navigation.py` as
ITEMS = [(order, label, url name, roles)], so apps add menu items without touching core."""

from django.urls import reverse

from keqi.core.discovery import app_modules

ENT, AGY, DIS, CITY, ADM = "ENT", "AGY", "DIS", "CITY", "ADM"
EVERYONE = {ENT, AGY, DIS, CITY, ADM}
OFFICERS = {AGY, DIS, CITY}

CORE_ITEMS = [
    (0, "工作台", "core:workbench", EVERYONE),
    (900, "主管部门账号", "accounts:officers", {ADM}),
    (990, "API 令牌", "accounts:api_tokens", EVERYONE),
]


def _modules():
    return app_modules("navigation")


def all_items() -> list[tuple]:
    items = list(CORE_ITEMS)
    for module in _modules():
        items.extend(getattr(module, "ITEMS", []))
    return sorted(items, key=lambda item: item[0])


def todos_for(user) -> list[dict]:
    """工作台 待办: each app's `todos(user)` gives [{"label", "count", "url"}] linking to its filtered queue."""
    found = []
    for module in _modules():
        todos = getattr(module, "todos", None)
        if todos is not None:
            found.extend(todos(user))
    return found


def workbench_facts(user) -> dict:
    """工作台 figures an app owns: each app's `workbench(user)` gives a dict for the page's context
    (e.g. enterprises: the enterprise, its missing profile fields, an officer's enterprise count)."""
    found = {}
    for module in _modules():
        workbench = getattr(module, "workbench", None)
        if workbench is not None:
            found.update(workbench(user))
    return found


def menu_for(user) -> list[dict]:
    role = ADM if user.is_platform_admin else user.role
    return [
        {"label": label, "url": reverse(name), "name": name}
        for _order, label, name, roles in all_items()
        if role in roles
    ]


def programs_for(user) -> list[dict]:
    """工作台 “我的业务” of an enterprise: each app's `programs(user)` gives
    [{"title", "year", "status", "status_label", "deadline", "url"}] (deadline a date or None)."""
    found = []
    for module in _modules():
        programs = getattr(module, "programs", None)
        if programs is not None:
            found.extend(programs(user))
    return found
