from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "keqi.reference"
    label = "reference"
    verbose_name = "基础数据"

    def ready(self):
        # Forms as data may take a choice list from an editable dictionary:
        # "choices": {"source": "dictionary", "argument": "voucher_type"}.
        from keqi.formkit import registry
        from keqi.reference import selectors

        registry.choice_source("dictionary", lambda category: tuple(selectors.dictionary_choices(category)))
        # Audit rows name a region by its code; core prints them without importing reference.
        from keqi.core import audit_text

        for key in ("region", "zone"):
            audit_text.register_resolver(key, selectors.region_name)
