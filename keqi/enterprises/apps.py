from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "keqi.enterprises"
    label = "enterprises"
    verbose_name = "企业"
