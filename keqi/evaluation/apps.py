from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "keqi.evaluation"
    label = "evaluation"
    verbose_name = "科技型中小企业评价"

    def ready(self):
        from keqi.evaluation import selectors
        from keqi.files import access

        access.register("evaluation.evaluation", selectors.can_read)
