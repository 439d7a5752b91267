from keqi.core.navigation import ADM, AGY, CITY, DIS, ENT
from keqi.declarations.series import menu_entries

ITEMS = [
    (20, "申报活动", "declarations:programs", {ENT}),
    (45, "申报审核", "declarations:review_list", {AGY, DIS, CITY, ADM}),
    (870, "申报时间维护", "declarations:region_windows", {CITY}),
    (46, "奖补汇总", "declarations:award_totals", {DIS, CITY}),
    (47, "公示与入库登记", "declarations:publicity", {DIS, CITY, ADM}),
    (21, "入库公告", "declarations:announcements", {ENT, AGY, DIS, CITY, ADM}),
    (880, "申报活动管理", "declarations:manage", {DIS, CITY, ADM}),
]
# Series lists declared in the bundled program files (e.g. 年报数据审核, 年报数据查询).
ITEMS += [
    (e["order"], e["label"], f"declarations:series-{e['series']}-{e['list']}", set(e["roles"])) for e in menu_entries()
]


def todos(user) -> list[dict]:
    """工作台 待办: the enterprise's returned and unsubmitted declarations; an officer's
    declarations waiting at their own level (the agency's: those sent to it)."""
    from django.urls import reverse

    from keqi.declarations.selectors import visible, waiting_for

    if not user.is_authenticated:
        return []
    if user.is_enterprise_user:
        mine = visible(user)
        url = reverse("declarations:programs")
        return [
            {"label": "被退回待修改的申报", "count": mine.filter(status="returned").count(), "url": url},
            {"label": "未提交的申报", "count": mine.filter(status__in=["draft", "withdrawn"]).count(), "url": url},
        ]
    if user.role not in (AGY, DIS, CITY):
        return []
    url = reverse("declarations:review_list") + "?status=review"
    return [{"label": "待本级审核的申报", "count": waiting_for(user).count(), "url": url}]


def programs(user) -> list[dict]:
    """工作台 “我的业务”: the enterprise's declarations of this year's programs."""
    from django.urls import reverse

    from keqi.declarations.process import process_for
    from keqi.declarations.selectors import visible
    from keqi.declarations.services import today

    if not user.is_enterprise_user:
        return []
    rows = visible(user).filter(program__year=today().year).order_by("program__name")
    return [
        {
            "title": row.program.name,
            "year": row.program.year,
            "status": row.status,
            "status_label": process_for(row.program).label(row.status),
            "deadline": None,
            "url": reverse("declarations:edit", args=[row.pk]),
        }
        for row in rows
    ]
