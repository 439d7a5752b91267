from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "keqi.exports"
    label = "exports"
    verbose_name = "导出"
