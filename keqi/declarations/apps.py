from django.apps import AppConfig


class DeclarationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "keqi.declarations"
    verbose_name = "申报活动"

    def ready(self):
        from keqi.core import records, scope
        from keqi.declarations import (
            access,  # noqa: F401  registers file access for submissions
            form_functions,  # noqa: F401  registers the policy-based form functions (seed 001)
            selectors,
        )
        from keqi.declarations.models import Snapshot

        scope.register_agency_clients(selectors.agency_clients)
        records.register(Snapshot, chain=lambda row: f"snapshot:{row.submission_id}", label="提交快照")
