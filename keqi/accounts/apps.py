from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "keqi.accounts"
    label = "accounts"
    verbose_name = "账号"

    def ready(self):
        from django.contrib import admin

        from keqi.accounts.views import admin_login

        # /admin/login/ is the site login: the same captcha, lockout, throttle and login log.
        admin.site.login = admin_login

        from keqi.accounts.models import Role
        from keqi.core import audit_text

        roles = dict(Role.choices)
        audit_text.register_resolver("role", roles.get)
