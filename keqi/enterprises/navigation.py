from keqi.core.navigation import ADM, CITY, DIS, ENT, OFFICERS

ITEMS = [
    (10, "企业基本信息", "enterprises:profile", {ENT}),
    (15, "基本信息审核", "enterprises:changes", {DIS, CITY, ADM}),
    (16, "企业资质确认", "enterprises:qualifications", {DIS}),
    (20, "企业查询", "enterprises:list", OFFICERS | {ADM}),
]


def todos(user) -> list[dict]:
    """工作台 待办 of info-change requests: the district's (and city's) pending queue."""
    from django.urls import reverse

    from keqi.enterprises.selectors import change_request_queue, qualification_claims

    role = "ADM" if user.is_platform_admin else user.role
    if role not in (DIS, CITY):
        return []
    count = change_request_queue(user, status="pending").count()
    items = [
        {"label": "待审核的基本信息变更", "count": count, "url": reverse("enterprises:changes") + "?status=pending"}
    ]
    if role == DIS:
        claims = qualification_claims(user).count()
        items.append({"label": "待确认的企业资质", "count": claims, "url": reverse("enterprises:qualifications")})
    return items
