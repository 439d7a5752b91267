from keqi.core.navigation import AGY, CITY, ENT

ITEMS = [
    (30, "评价概览", "evaluation:overview", {ENT}),
    (31, "评价信息", "evaluation:list", {ENT}),
    (40, "评价审核", "evaluation:review_list", {AGY, CITY}),
]


def todos(user) -> list[dict]:
    """工作台 待办 of evaluations: counts that open the filtered 评价审核 queue or the enterprise's list."""
    from django.urls import reverse

    from keqi.evaluation.models import Status
    from keqi.evaluation.selectors import visible_evaluations

    role = "ADM" if user.is_platform_admin else user.role
    queue = reverse("evaluation:review_list")
    if role == AGY:
        wanted = [(Status.AGENCY_REVIEW, "待形式审查")]
    elif role == CITY:
        wanted = [(Status.PROVINCE_REVIEW, "待审核"), (Status.PUBLICITY, "公示中待入库")]
    elif role == ENT:
        mine = reverse("evaluation:list")
        counts = visible_evaluations(user).filter(status__in=[Status.RETURNED, Status.DRAFT, Status.WITHDRAWN])
        returned = counts.filter(status=Status.RETURNED).count()
        unfinished = counts.exclude(status=Status.RETURNED).count()
        return [
            {"label": "被退回待修改的评价", "count": returned, "url": mine},
            {"label": "未提交的评价", "count": unfinished, "url": mine},
        ]
    else:
        return []
    return [
        {
            "label": label,
            "count": visible_evaluations(user).filter(status=status).count(),
            "url": f"{queue}?status={status}",
        }
        for status, label in wanted
    ]


def programs(user) -> list[dict]:
    """工作台 “我的业务”: this year's 科技型中小企业评价 of the enterprise, or an invitation to start it."""
    from django.urls import reverse

    from keqi.evaluation.selectors import visible_evaluations
    from keqi.evaluation.services import current_year

    if user.role != ENT:
        return []
    year = current_year()
    evaluation = visible_evaluations(user).filter(year=year).first()
    return [
        {
            "title": "科技型中小企业评价",
            "year": year,
            "status": evaluation.status if evaluation else "none",
            "status_label": evaluation.get_status_display() if evaluation else "未开始",
            "deadline": None,
            "url": reverse("evaluation:list"),
        }
    ]
