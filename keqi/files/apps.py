from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "keqi.files"
    label = "files"
    verbose_name = "附件"
