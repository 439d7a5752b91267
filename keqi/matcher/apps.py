from django.apps import AppConfig


class MatcherConfig(AppConfig):
    name = "keqi.matcher"
    verbose_name = "政策匹配"
