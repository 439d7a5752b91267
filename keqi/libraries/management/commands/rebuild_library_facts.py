from django.core.management.base import BaseCommand

from keqi.libraries import facts


class Command(BaseCommand):
    help = "重建培育库筛选用的年报数据表（由审核通过的科技信息年报重新计算）"

    def handle(self, *args, **options):
        made = facts.rebuild(log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"完成：{made} 条年报数据"))
