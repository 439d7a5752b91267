from django.apps import AppConfig


class FormkitConfig(AppConfig):
    name = "keqi.formkit"
    label = "formkit"
    verbose_name = "表单引擎"
