from django.urls import reverse

from keqi.core.navigation import ADM, CITY, DIS, ENT
from keqi.cultivation import selectors

ITEMS = [
    (15, "梯度培育申报", "cultivation:enterprise", {ENT}),
    (16, "数字化水平评测", "cultivation:digital", {ENT}),
    (17, "法人实名认证", "cultivation:verify", {ENT}),
    (46, "梯度培育申报审核", "cultivation:declarations", {DIS, CITY, ADM}),
    (47, "人工实名认证审核", "cultivation:verification_queue", {CITY, ADM}),
    (48, "认定名单公示", "cultivation:batches", {CITY, ADM}),
    (860, "公告管理", "cultivation:announcement_manage", {CITY, ADM}),
]


def todos(user) -> list[dict]:
    """工作台: tier declarations waiting in the officer's region, per tier, and the manual verification queue."""
    if user.is_enterprise_user or not user.is_authenticated:
        return []
    found = []
    for row in selectors.counts(user):
        if row["review"]:
            found.append(
                {
                    "label": f"{row['label']}申报审核中",
                    "count": row["review"],
                    "url": reverse("cultivation:declarations") + f"?tier={row['series']}&status=review",
                }
            )
    if selectors.is_province_officer(user):
        pending = selectors.verification_queue(user).count()
        if pending:
            found.append(
                {"label": "人工实名认证待审核", "count": pending, "url": reverse("cultivation:verification_queue")}
            )
    return found
