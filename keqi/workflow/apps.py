from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "keqi.workflow"
    label = "workflow"
    verbose_name = "流程"
