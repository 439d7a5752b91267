"""Left navigation per role, declared once (labels in Chinese, like the seeds' menus)."""

from django.urls import reverse

ENT, AGY, DIS, CITY, ADM = "ENT", "AGY", "DIS", "CITY", "ADM"

MENU = [
    ("工作台", "core:workbench", {ENT, AGY, DIS, CITY, ADM}),
    ("企业基本信息", "enterprises:profile", {ENT}),
    ("企业查询", "enterprises:list", {AGY, DIS, CITY}),
    ("主管部门账号", "accounts:officers", {ADM}),
    ("API 令牌", "accounts:api_tokens", {ENT, AGY, DIS, CITY, ADM}),
]


def menu_for(user) -> list[dict]:
    role = ADM if user.is_platform_admin else user.role
    return [{"label": label, "url": reverse(name), "name": name} for label, name, roles in MENU if role in roles]
