"""Who may read a declaration's attachments: whoever may view the submission, including the
files kept only in an earlier snapshot."""

from keqi.declarations.models import Snapshot, Submission
from keqi.declarations.selectors import visible
from keqi.files import access


def _submission(user, owner_id: int) -> bool:
    return visible(user).filter(pk=owner_id).exists()


def _snapshot(user, owner_id: int) -> bool:
    snapshot = Snapshot.objects.filter(pk=owner_id).only("submission_id").first()
    return bool(snapshot) and visible(user).filter(pk=snapshot.submission_id).exists()


access.register(Submission._meta.label_lower, _submission)
access.register("declarations.snapshot", _snapshot)
