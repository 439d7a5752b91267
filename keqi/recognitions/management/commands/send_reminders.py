"""Daily (cron, e.g. `15 7 * * * manage.py send_reminders`): 认定到期, 信息更新 and 申报提醒 messages."""

from django.core.management.base import BaseCommand

from keqi.recognitions import jobs


class Command(BaseCommand):
    help = "发送认定到期、信息更新、申报提醒消息（每天运行一次；重复运行不会重复发送）"

    def handle(self, *args, **options):
        counts = jobs.run()
        self.stdout.write("；".join(f"{kind}{count}条" for kind, count in counts.items()))
