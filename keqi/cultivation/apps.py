from django.apps import AppConfig


class CultivationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "keqi.cultivation"
    verbose_name = "优质中小企业梯度培育"

    def ready(self):
        from keqi.cultivation import hooks  # noqa: F401  registers checks, providers and file access
