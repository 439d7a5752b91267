"""Who may read a qualification's evidence: the enterprise itself and officers whose scope holds it."""

from keqi.core.scope import enterprise_q
from keqi.enterprises.models import Enterprise, Qualification
from keqi.files import access


def _qualification(user, owner_id: int) -> bool:
    enterprise_id = Qualification.objects.filter(pk=owner_id).values_list("enterprise_id", flat=True).first()
    if enterprise_id is None:
        return False
    return Enterprise.objects.filter(enterprise_q(user)).filter(pk=enterprise_id).exists()


access.register(Qualification._meta.label_lower, _qualification)
