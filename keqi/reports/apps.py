from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "keqi.reports"
    verbose_name = "科企信息统计"
