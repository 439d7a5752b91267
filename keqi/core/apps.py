from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "keqi.core"
    label = "core"
    verbose_name = "基础"

    def ready(self):
        from keqi.core import forms

        forms.install()
