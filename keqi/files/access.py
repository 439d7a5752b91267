"""Who may read an attachment: each owning app registers a check for its owner type."""

from collections.abc import Callable

from django.http import Http404

from keqi.files.models import Attachment

_CHECKS: dict[str, Callable] = {}


def register(owner_type: str, check: Callable) -> None:
    """`check(user, owner_id) -> bool`: may the user read attachments of this owner?"""
    _CHECKS[owner_type] = check


def attachment_for(user, pk: int) -> Attachment:
    """The attachment if the user may read its owner; 404 otherwise."""
    if user is None or not user.is_authenticated:
        raise Http404
    attachment = Attachment.all_objects.filter(pk=pk).first()  # frozen-then-detached files too
    check = _CHECKS.get(attachment.owner_type) if attachment else None
    if attachment is None or check is None or not check(user, attachment.owner_id):
        raise Http404("附件不存在或无权查看")
    return attachment
