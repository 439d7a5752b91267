"""Who may read a major change's evidence: whoever may see the change (P6)."""

from keqi.files import access
from keqi.recognitions.models import MajorChange
from keqi.recognitions.selectors import visible_changes


def _change(user, owner_id: int) -> bool:
    return visible_changes(user).filter(pk=owner_id).exists()


access.register(MajorChange._meta.label_lower, _change)
