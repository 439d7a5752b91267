from keqi.core.navigation import ADM, CITY, DIS, ENT

ITEMS = [
    (13, "企业重大变更", "recognitions:changes", {ENT}),
    (14, "认证到期管理", "recognitions:expiry", {ENT}),
    (30, "认定企业管理", "recognitions:manage", {DIS, CITY, ADM}),
    (31, "重大变更审核", "recognitions:change_queue", {DIS, CITY, ADM}),
]


def todos(user) -> list[dict]:
    """工作台: changes waiting at the officer's level, recognitions expiring within 90 days, overdue updates."""
    from django.urls import reverse
    from django.utils import timezone

    from keqi.recognitions import rules, selectors

    role = "ADM" if user.is_platform_admin else user.role
    if role not in (DIS, CITY, ADM):
        return []
    today = timezone.localdate()
    manage = reverse("recognitions:manage")
    rows = [
        {
            "label": "待审核的企业重大变更",
            "count": selectors.waiting_for(user),
            "url": reverse("recognitions:change_queue") + "?status=review",
        },
        {
            "label": "一年内到期的认定企业",
            "count": selectors.recognised_enterprises(user, day=today, expiring=True).count(),
            "url": manage + "?expiring=1",
        },
    ]
    late = today > rules.update_window(today.year).closes
    state = selectors.OVERDUE if late else selectors.NOT_YET
    rows.append(
        {
            "label": "逾期未信息更新的认定企业" if late else "尚未信息更新的认定企业",
            "count": selectors.recognised_enterprises(user, day=today, update=state).count(),
            "url": manage + f"?update={state}",
        }
    )
    return rows
