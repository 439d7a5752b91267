from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "keqi.documents"
    label = "documents"
    verbose_name = "生成文件"
