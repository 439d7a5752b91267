from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "keqi.reference"
    label = "reference"
    verbose_name = "基础数据"
