from django.core.management.base import BaseCommand

from keqi.enterprises.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load demo regions' officers, agencies and enterprises, then print one login per role."

    def handle(self, *args, **options):
        rows = load_demo()
        self.stdout.write(f"\n演示账号（密码均为 {DEMO_PASSWORD}）：")
        for role, login, description in rows:
            self.stdout.write(f"  {role:<10} {login:<14} {description}")
        self.stdout.write("")
