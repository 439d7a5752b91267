from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "keqi.evaluation"
    label = "evaluation"
    verbose_name = "科技型中小企业评价"

    def ready(self):
        from keqi.documents import registry
        from keqi.evaluation import documents, selectors
        from keqi.files import access

        access.register("evaluation.evaluation", selectors.can_read)
        registry.register(*documents.KINDS)
