from django.apps import AppConfig


class LibrariesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "keqi.libraries"
    verbose_name = "科企培育库"

    def ready(self):
        from keqi.libraries import signals  # noqa: F401  keeps the fact table in step with decisions
