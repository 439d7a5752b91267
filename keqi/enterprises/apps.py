from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "keqi.enterprises"
    label = "enterprises"
    verbose_name = "企业"

    def ready(self):
        from keqi.enterprises import (
            access,  # noqa: F401  registers who may read qualification evidence
            form_functions,  # noqa: F401  registers the IP register as a form picker
        )
