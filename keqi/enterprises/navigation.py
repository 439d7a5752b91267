from keqi.core.navigation import ADM, CITY, DIS, ENT, OFFICERS

ITEMS = [
    (10, "企业基本信息", "enterprises:profile", {ENT}),
    (15, "基本信息审核", "enterprises:changes", {DIS, CITY, ADM}),
    (16, "企业资质确认", "enterprises:qualifications", {DIS}),
    (20, "企业查询", "enterprises:list", OFFICERS | {ADM}),
]

# The profile fields whose absence the enterprise's 工作台 points out.
WORKBENCH_ESSENTIALS = (
    ("industry_id", "所属行业"),
    ("legal_representative", "法定代表人"),
    ("established_date", "成立日期"),
    ("address", "住所"),
    ("employees", "职工总数"),
)


def workbench(user) -> dict:
    """工作台: the enterprise and its missing profile fields; an officer's count of enterprises in scope."""
    from keqi.enterprises.selectors import visible_enterprises

    enterprises = visible_enterprises(user)
    if not user.is_enterprise_user:
        return {"enterprise_count": enterprises.count()}
    enterprise = enterprises.filter(pk=user.enterprise_id).first()
    missing = [
        label for field, label in WORKBENCH_ESSENTIALS if enterprise is not None and not getattr(enterprise, field)
    ]
    return {"enterprise": enterprise, "missing": missing}


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
