from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "keqi.core"
    label = "core"
    verbose_name = "基础"

    def ready(self):
        from keqi.core import forms, records
        from keqi.core.models import AuditLog

        forms.install()
        records.register(AuditLog, chain=lambda row: f"audit:{row.enterprise_id or 'platform'}", label="审计日志")
