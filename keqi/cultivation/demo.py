"""Demo data for 梯度培育: a ministry officer, one published announcement per level, and the 重庆
province's windows for 创新型 and 专精特新 (the ministry's for 小巨人) open from today."""

from datetime import timedelta

from django.utils import timezone

from keqi.accounts.models import Role, User
from keqi.cultivation import services
from keqi.cultivation.models import Announcement
from keqi.declarations import program_services
from keqi.declarations.models import Program
from keqi.enterprises.demo import DEMO_PASSWORD
from keqi.reference.models import Region

WINDOW_DAYS = 60


def load(logins: list) -> None:
    ministry, created = User.objects.get_or_create(
        username="miit_officer",
        defaults={
            "display_name": "工业和信息化部审核员",
            "role": Role.CITY,
            "region": Region.objects.get(code="100000"),
        },
    )
    if created:
        ministry.set_password(DEMO_PASSWORD)
        ministry.save()
    logins.append(("部级主管部门", "miit_officer", "工业和信息化部审核员（小巨人审核、公告）"))
    province = User.objects.filter(username="cq_city").first()
    now = timezone.now()
    for series, actor in (("innovative-sme", province), ("specialized-sme", province), ("little-giant", ministry)):
        program = Program.objects.filter(series=series, status=Program.Status.PUBLISHED).order_by("-year").first()
        if program is None or actor is None:
            continue
        program.windows.filter(region__isnull=True).delete()  # the generic demo window: this one is per region
        program_services.set_region_window(
            actor=actor, program=program, opens=now - timedelta(days=1), closes=now + timedelta(days=WINDOW_DAYS)
        )
    for actor, title in (
        (ministry, "工业和信息化部办公厅关于开展第八批专精特新“小巨人”企业培育工作的通知"),
        (province, "关于开展2026年重庆市专精特新中小企业申报工作的通知"),
    ):
        if actor is None or Announcement.objects.filter(title=title).exists():
            continue
        notice = services.save_announcement(
            actor=actor, title=title, body="请符合条件的企业在申报时间内登录平台完成申报。"
        )
        services.announcement_action(actor=actor, announcement=notice, action="publish")
