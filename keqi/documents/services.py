"""Generated documents (issue 9, S0.6, S1.15, P10): generate → download → sign and stamp →
upload; any edit after the download voids the signed copy.

    pdf, version = generate("evaluation.cover", record, actor=user)  # no writes (rate-limited per user)
    pdf, version = issue(actor=user, kind="evaluation.cover", record=record)  # + remembers the version
    upload_signed(actor=user, kind=..., record=record, enterprise=..., upload=file)
    signed_copy_status(kind, record)  -> "missing" | "current" | "void"
    problems(record, kinds)           -> Chinese messages naming each document not current
    require_current(record, kinds)    -> raises ValidationError with those messages
    guard(*kinds)                     -> a workflow guard (user, record) -> reason | None

A record is any model with `version` (bumped by every write) and `answers` — a formkit
`FormRecord`. Writes are keyword-only and audited; the caller holds the record's lock when the
record must not change meanwhile (upload, submit)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from keqi.accounts import throttle
from keqi.core import audit
from keqi.core.http import TooManyRequests
from keqi.documents import registry
from keqi.documents.models import DocumentState
from keqi.documents.registry import DocumentKind, get
from keqi.files import services as files
from keqi.files.models import Attachment
from keqi.formkit.pdf import render_pdf

MISSING, CURRENT, VOID = "missing", "current", "void"


def _owner(record) -> tuple[str, int]:
    return record._meta.label_lower, record.pk


def _state(kind: DocumentKind, record, *, lock: bool = False) -> DocumentState | None:
    owner_type, owner_id = _owner(record)
    queryset = DocumentState.objects.filter(owner_type=owner_type, owner_id=owner_id, kind=kind.key)
    if lock:
        queryset = queryset.select_for_update()
    return queryset.first()


def _state_for_update(kind: DocumentKind, record) -> DocumentState:
    owner_type, owner_id = _owner(record)
    state, _created = DocumentState.objects.select_for_update().get_or_create(
        owner_type=owner_type, owner_id=owner_id, kind=kind.key
    )
    return state


def context_for(kind: "str | DocumentKind", record) -> dict:
    kind = get(kind)
    version, digest = kind.version_of(record), kind.digest_of(record)
    context = {
        "record": record,
        "answers": getattr(record, "answers", {}),
        "document": {
            "kind": kind.key,
            "title": kind.title,
            "version": version,
            "digest": digest,
            "code": digest[:8].upper(),
            "generated_at": timezone.localtime(),
        },
    }
    if kind.context:
        context.update(kind.context(record))
    return context


def _rate_limited(actor) -> None:
    """Rendering a PDF costs a worker most of a second: each user gets settings' share (issue 11
    item 7); beyond it TooManyRequests (429) says when to try again."""
    if not getattr(actor, "is_authenticated", False):
        return
    key = str(actor.pk)
    if throttle.exceeded("pdf_user", key):
        minutes = max(1, throttle.limit("pdf_user")[1] // 60)
        raise TooManyRequests(f"生成PDF文件过于频繁，请{minutes}分钟后再试")
    throttle.hit("pdf_user", key)


def generate(kind: "str | DocumentKind", record, *, actor) -> tuple[bytes, int]:
    """The PDF of `kind` for `record` as it is now, and the record version it shows. No writes
    but the acting user's rate-limit count (`actor=None` only for the platform's own use)."""
    kind = get(kind)
    _rate_limited(actor)
    context = context_for(kind, record)
    return render_pdf(kind.template, context), context["document"]["version"]


def issue(*, actor, kind: "str | DocumentKind", record) -> tuple[bytes, int]:
    """Generate for signing: the PDF, and remember which version was handed out, so the signed
    upload is accepted for that version only. The PDF is rendered before the short write
    transaction; if the record changed meanwhile, the remembered version is the old one and the
    upload will ask for a new download."""
    kind = get(kind)
    _rate_limited(actor)
    context = context_for(kind, record)
    pdf = render_pdf(kind.template, context)
    record_issue(
        actor=actor,
        kind=kind,
        record=record,
        version=context["document"]["version"],
        digest=context["document"]["digest"],
    )
    return pdf, context["document"]["version"]


@transaction.atomic
def record_issue(*, actor, kind: "str | DocumentKind", record, version: int | None = None, digest: str | None = None):
    """Remember that `kind` was handed out for `record` at `version` (default: as it is now)."""
    kind = get(kind)
    state = _state_for_update(kind, record)
    state.issued_version = kind.version_of(record) if version is None else version
    state.issued_digest = kind.digest_of(record) if digest is None else digest
    state.issued_at = timezone.now()
    state.issued_by = actor if getattr(actor, "is_authenticated", False) else None
    state.save()
    audit.record(
        actor=actor,
        action="documents.issue",
        target=record,
        changes={"kind": kind.key, "version": state.issued_version, "digest": state.issued_digest},
        enterprise_id=getattr(record, "enterprise_id", None),
    )
    return state


def _is_current(kind: DocumentKind, record, version: int | None, digest: str) -> bool:
    return version is not None and version == kind.version_of(record) and digest == kind.digest_of(record)


def _status(kind: DocumentKind, record, state: DocumentState | None) -> str:
    if state is None:
        return MISSING
    if state.signed_id:
        return CURRENT if _is_current(kind, record, state.signed_version, state.signed_digest) else VOID
    if state.issued_version is not None and not _is_current(kind, record, state.issued_version, state.issued_digest):
        return VOID  # downloaded (and perhaps signed on paper), then edited: ask for a new download
    return MISSING


def signed_copy_status(kind: "str | DocumentKind", record) -> str:
    """ "current": a signed copy of the record's current version is on file; "void": the record
    changed after the download or the signed upload; "missing": nothing signed yet."""
    kind = get(kind)
    return _status(kind, record, _state(kind, record))


@dataclass(frozen=True)
class Status:
    """What a page shows for one document of one record."""

    kind: DocumentKind
    status: str
    version: int
    issued_version: int | None
    signed: Attachment | None

    @property
    def current(self) -> bool:
        return self.status == CURRENT

    @property
    def void(self) -> bool:
        return self.status == VOID

    @property
    def message(self) -> str:
        if self.status == VOID:
            return self.kind.void_text
        if self.status == MISSING and self.kind.signed:
            return self.kind.missing_text
        return ""


def status(kind: "str | DocumentKind", record) -> Status:
    kind = get(kind)
    state = _state(kind, record)
    return Status(
        kind=kind,
        status=_status(kind, record, state),
        version=kind.version_of(record),
        issued_version=state.issued_version if state else None,
        signed=state.signed if state and state.signed_id else None,
    )


def upload_signed(*, actor, kind: "str | DocumentKind", record, enterprise, upload) -> Attachment:
    """Store the signed and stamped scan of `kind`, replacing an earlier one. Accepted only when
    the copy last handed out is of the record's current version (ValidationError on `file`)."""
    kind = get(kind)
    if kind.signed is None:
        raise ValidationError({"file": f"{kind.name}无需上传签字盖章件"})
    with transaction.atomic():
        state = _state_for_update(kind, record)
        if not _is_current(kind, record, state.issued_version, state.issued_digest):
            raise ValidationError({"file": kind.stale_upload_text})
        attachment = files.store(
            actor=actor, enterprise=enterprise, owner=record, slot=kind.signed, upload=upload, replace=True
        )
        state.signed = attachment
        state.signed_version = state.issued_version
        state.signed_digest = state.issued_digest
        state.signed_at = timezone.now()
        state.save()
        audit.record(
            actor=actor,
            action="documents.upload_signed",
            target=record,
            changes={"kind": kind.key, "version": state.signed_version, "attachment": attachment.pk},
            enterprise_id=getattr(record, "enterprise_id", None),
        )
    return attachment


def discard_void(*, actor, record, kinds) -> list[DocumentKind]:
    """Delete signed copies the record's edits have voided (for programs that do not keep them
    listed as 已失效). Call it with the record as it is about to be saved. Returns the kinds."""
    discarded = []
    for kind in map(get, kinds):
        state = _state(kind, record)
        if state and state.signed_id and _status(kind, record, state) == VOID:
            files.delete(actor=actor, attachment=state.signed)
            discarded.append(kind)
    return discarded


def problems(record, kinds) -> list[str]:
    """The guard before submit: a Chinese message for every signed document that is not current."""
    messages = []
    for kind in map(get, kinds):
        if kind.signed is None:
            continue
        current = signed_copy_status(kind, record)
        if current == MISSING:
            messages.append(kind.missing_text)
        elif current == VOID:
            messages.append(kind.void_text)
    return messages


def require_current(record, kinds) -> None:
    found = problems(record, kinds)
    if found:
        raise ValidationError({"__all__": found})


def guard(*kinds):
    """A workflow guard (`Transition.guard`): "generated documents current"."""

    def check(_user, record) -> str | None:
        found = problems(record, kinds)
        return "；".join(found) or None

    check.__name__ = "documents_current"
    return check


def forget(record) -> None:
    """Drop the document states of a deleted record (its attachments go with the record)."""
    owner_type, owner_id = _owner(record)
    DocumentState.objects.filter(owner_type=owner_type, owner_id=owner_id).delete()


def warm_up() -> None:
    """Before the first request (keqi.wsgi): the renderer, the font, and every registered
    document kind's template compiled (a worker forked after this renders warm)."""
    from django.template.loader import get_template

    from keqi.formkit import pdf

    pdf.warm_up()
    for kind in registry.kinds():
        get_template(kind.template)
