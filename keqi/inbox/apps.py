from django.apps import AppConfig


class InboxConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "keqi.inbox"
    label = "inbox"
    verbose_name = "我的消息"

    def ready(self):
        from keqi.inbox import receivers  # noqa: F401  messages on recognition and review events
