from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "keqi.evaluation"
    label = "evaluation"
    verbose_name = "科技型中小企业评价"

    def ready(self):
        from keqi.core import scope
        from keqi.documents import registry
        from keqi.evaluation import documents, selectors
        from keqi.files import access

        access.register("evaluation.evaluation", selectors.can_read)
        scope.register_agency_clients(selectors.agency_clients)
        registry.register(*documents.KINDS)
        self._register_audit_text()

    @staticmethod
    def _register_audit_text():
        """Audit rows name answer keys, profile keys and slots: give them their Chinese labels."""
        from keqi.core import audit_text
        from keqi.evaluation.declaration import EVALUATION_FORM
        from keqi.evaluation.services import STEP4_SLOTS

        labels = {spec.key: spec.label for spec in EVALUATION_FORM.all_fields()}
        labels |= {table.key: table.label for table in EVALUATION_FORM.all_tables()}
        labels |= {
            "name": "企业名称",
            "uscc": "统一社会信用代码",
            "registration_type": "企业注册类型",
            "legal_representative": "法定代表人",
            "established_date": "成立日期",
            "region": "注册地",
            "tax_collection_method": "征收方式",
            "address": "住所",
        }
        audit_text.register_labels("evaluation.evaluation", labels)
        slots = [*EVALUATION_FORM.all_slots(), *STEP4_SLOTS.values()]
        audit_text.register_values("slot", {slot.key: slot.label for slot in slots})
