from django.core.management.base import BaseCommand

from keqi.declarations import program_services


class Command(BaseCommand):
    help = "载入随产品发布的申报活动数据文件（可重复执行）"

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="申报活动数据文件（JSON）；省略时载入内置的全部活动")

    def handle(self, *args, paths, **options):
        programs = (
            [program for p in paths for program in program_services.load_path(p)]
            if paths
            else program_services.load_bundled()
        )
        for program in programs:
            self.stdout.write(
                f"已载入：{program.name}（表单第{program.form.number}版，{program.get_status_display()}）"
            )
