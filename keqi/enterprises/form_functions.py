"""Form functions about enterprises: the IP register as rows a form table may pick
(`"pick": "ip_register"`, S1.10) and checks of a contact's phone and ID number."""

import re

from keqi.core.identifiers import mobile_error, resident_id_error
from keqi.formkit import registry
from keqi.formkit.registry import validator


def ip_register(enterprise) -> list[dict]:
    from keqi.enterprises.models import IntellectualProperty

    items = IntellectualProperty.objects.filter(enterprise=enterprise, is_valid=True).select_related("ip_type")
    return [
        {
            "_ref": item.pk,
            "name": item.name,
            "ip_type": item.ip_type.code,
            "granted_on": item.granted_on.isoformat(),
            "acquisition": item.acquisition,
            "number": item.number,
        }
        for item in items
    ]


registry.picker("ip_register", ip_register)


@validator("phone")
def phone(value, answers: dict) -> str | None:
    """An 11-digit mobile or a landline with its area code."""
    text = str(value)
    if mobile_error(text) is None or re.fullmatch(r"0\d{2,3}-?\d{7,8}(-\d{1,6})?", text):
        return None
    return "请填写11位手机号码或带区号的固定电话（如010-12345678）"


@validator("id_number")
def id_number(value, answers: dict, *, type_field: str) -> str | None:
    """An ID number checked by the kind chosen in `type_field` (居民身份证 / 普通护照)."""
    kind = answers.get(type_field)
    if kind == "id_card":
        return resident_id_error(value)
    if kind == "passport" and not re.fullmatch(r"[A-Za-z0-9]{5,17}", str(value)):
        return "护照号码应为5至17位字母或数字"
    return None
