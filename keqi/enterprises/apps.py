from django.apps import AppConfig

# Coded profile fields and the dictionary (reference.DictionaryEntry category) that names them.
DICTIONARY_FIELDS = {
    "registration_type": "registration_type",
    "tax_collection_method": "tax_collection",
    "high_tech_field": "high_tech_field",
    "shareholder_type": "shareholder_type",
    "kind": "qualification_kind",
}


class EnterprisesConfig(AppConfig):
    name = "keqi.enterprises"
    label = "enterprises"
    verbose_name = "企业"

    def ready(self):
        from keqi.enterprises import access  # noqa: F401  registers who may read qualification evidence

        self._register_directory()
        self._register_audit_text()

    @staticmethod
    def _register_directory():
        """Registration and 统一身份认证 open an enterprise through accounts.provisioning."""
        from keqi.accounts import provisioning
        from keqi.enterprises import directory

        provisioning.register_directory(directory)

    @staticmethod
    def _register_audit_text():
        """Profile fields hold dictionary codes; audit rows print their labels (core.audit_text)."""
        from keqi.core import audit_text
        from keqi.reference.selectors import dictionary_label

        for key, category in DICTIONARY_FIELDS.items():
            audit_text.register_resolver(key, lambda value, category=category: dictionary_label(category, str(value)))
