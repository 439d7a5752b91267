"""Walk every hash chain (X4) and name the first broken link; exit status 1 when one is found."""

from django.core.management.base import BaseCommand, CommandError

from keqi.core import records


class Command(BaseCommand):
    help = "校验审计日志、审核记录和提交快照的哈希链，指出第一处断链"

    def add_arguments(self, parser):
        parser.add_argument("--adopt", action="store_true", help="先为启用封存前的旧记录补做封存（升级后运行一次）")

    def handle(self, *args, adopt=False, **options):
        if adopt:
            self.stdout.write(f"补做封存 {records.adopt_unsealed()} 条")
        problem = records.verify()
        if problem:
            raise CommandError(f"记录校验未通过：{problem}")
        links = records.RecordSeal.objects.count()
        self.stdout.write(self.style.SUCCESS(f"记录完整：{len(records.chains())} 条链，共 {links} 环"))
