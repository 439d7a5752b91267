from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    """科技型中小企业评价 now runs on the program host as `declarations/programs/tech-sme-*.json`
    (ADR 0023). This app keeps the old table (migrated, readable) and redirects its old URLs."""

    name = "keqi.evaluation"
    label = "evaluation"
    verbose_name = "科技型中小企业评价（已并入申报活动）"
