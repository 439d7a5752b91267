from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "keqi.accounts"
    label = "accounts"
    verbose_name = "账号"
