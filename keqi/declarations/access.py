"""Who may read a declaration's attachments: whoever may view the submission (files detached
after a return stay readable: they belong to an earlier snapshot)."""

from keqi.declarations.models import Submission
from keqi.declarations.selectors import visible
from keqi.files import access


def _submission(user, owner_id: int) -> bool:
    return visible(user).filter(pk=owner_id).exists()


access.register(Submission._meta.label_lower, _submission)
