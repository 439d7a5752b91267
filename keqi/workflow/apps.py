from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "keqi.workflow"
    label = "workflow"
    verbose_name = "流程"

    def ready(self):
        from keqi.core import records
        from keqi.workflow.models import ReviewRecord

        records.register(ReviewRecord, chain=lambda row: f"review:{row.target_type}:{row.target_id}", label="审核记录")
