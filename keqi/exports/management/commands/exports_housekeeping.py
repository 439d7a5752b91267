"""Run from cron (e.g. every 10 minutes): fail dead export jobs, delete expired and orphaned files."""

from django.core.management.base import BaseCommand

from keqi.exports import services


class Command(BaseCommand):
    help = "导出文件维护：中断任务置为失败，删除过期文件和无主文件"

    def handle(self, *args, **options):
        counts = services.housekeeping()
        self.stdout.write(
            f"中断任务 {counts['stale']} 个，过期文件 {counts['expired']} 个，无主文件 {counts['orphans']} 个"
        )
