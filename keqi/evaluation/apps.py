from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "keqi.evaluation"
    label = "evaluation"
    verbose_name = "科技型中小企业评价"
