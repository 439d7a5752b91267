"""The enterprise's IP register as rows a form table may pick (`"pick": "ip_register"`, S1.10)."""

from keqi.formkit import registry


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
