"""Attachment writes (P6, P8): sniff the content, cap the size, check ZIP members, keep a safe
name, stream to storage, freeze at submit, audit.

The engine imports no program app: the host resolves the owner record and the formkit `Slot`,
checks its own permissions and editable states, then calls `store`, `delete`, `freeze`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from collections.abc import Iterable
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from keqi.core import audit
from keqi.files import zipcheck
from keqi.files.models import Attachment
from keqi.files.sniff import Sniffed, extension_of, sniff

KIND_LABEL = {
    "pdf": "PDF",
    "image": "图片（JPG/PNG）",
    "zip": "ZIP压缩包",
    "office": "Office文档（Word/Excel/PPT/WPS）",
}
DEFAULT_MAX_UNPACKED = 1024**3
DEFAULT_MAX_MEMBERS = 2000


def safe_name(name: str) -> str:
    """Keep Chinese and ordinary punctuation; drop paths, control and bidi-override characters."""
    base = PurePath(str(name or "").replace("\\", "/").replace("\x00", "")).name
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = re.sub(r'[/:*?"<>|]', "_", base).strip(" ").rstrip(" .")
    if base.startswith("."):  # no hidden files; ".pdf" left after stripping keeps its type
        rest = base.lstrip(".")
        base = f"附件.{rest}" if rest else ""
    return (base or "附件")[-120:]


def display_name(name: str, sniffed: Sniffed) -> str:
    """The safe name, with the suffix the content really has (a DOCX named `.pdf` → `.docx`)."""
    base = safe_name(name)
    if extension_of(base) in (sniffed.extensions or (sniffed.extension,)):
        return base
    suffix = PurePath(base).suffix
    stem = (base[: -len(suffix)] if suffix else base) or "附件"
    return f"{stem[-110:]}.{sniffed.extension}"


def allowed_label(types) -> str:
    return "或".join(KIND_LABEL[kind] for kind in types)


def inspect(
    upload,
    *,
    types,
    max_bytes: int,
    label: str,
    max_unpacked_bytes: int = DEFAULT_MAX_UNPACKED,
    max_members: int = DEFAULT_MAX_MEMBERS,
) -> tuple[Sniffed, zipcheck.Listing | None]:
    """What the upload is (and a ZIP's member listing), or ValidationError({"file": reason}).

    Reads the first bytes and container directories only; a ZIP is listed from the spooled
    file (on disk above FILE_UPLOAD_MAX_MEMORY_SIZE), never extracted.
    """
    if upload is None:
        raise ValidationError({"file": "请选择要上传的文件"})
    limit = f"{max_bytes / 1024 / 1024:g}M"
    if upload.size > max_bytes:
        raise ValidationError({"file": f"{label}大小不能超过{limit}（当前{upload.size / 1024 / 1024:.1f}M）"})
    if not upload.size:
        raise ValidationError({"file": f"{label}是空文件，请重新选择"})
    upload.open("rb")
    found = sniff(upload.file, upload.name or "")
    if found.kind not in types:
        wanted = allowed_label(types)
        raise ValidationError(
            {
                "file": f"{label}文件类型不符合要求：仅支持{wanted}，请上传真实的{wanted}文件（所选文件实际为{found.description}）"
            }
        )
    if found.problem:
        raise ValidationError({"file": f"{label}：{found.problem}"})
    listing = None
    if found.kind == "zip":
        try:
            listing = zipcheck.check(
                upload.file, max_unpacked_bytes=max_unpacked_bytes, max_members=max_members, label=label
            )
        except zipcheck.ZipRefused as refused:
            raise ValidationError({"file": str(refused)}) from None
    upload.seek(0)
    return found, listing


def check_upload(upload, *, types, max_bytes: int, label: str) -> str:
    """The sniffed MIME type, or ValidationError with the Chinese reason."""
    return inspect(upload, types=types, max_bytes=max_bytes, label=label)[0].mime


def sha256_of(upload) -> str:
    """The digest the streaming upload handler computed, else one pass over the chunks."""
    digest = getattr(upload, "sha256", None)
    if digest:
        return digest
    hasher = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        hasher.update(chunk)
    upload.seek(0)
    return hasher.hexdigest()


@transaction.atomic
def store(*, actor, enterprise, owner, slot, upload, row_key: str = "", replace: bool = False) -> Attachment:
    """Store `upload` in `slot` (a formkit Slot) of `owner` after sniffing, size and ZIP checks.

    The file goes to storage in chunks (a spooled temporary file is moved, not read).
    `replace` removes the slot's earlier files first (frozen ones are only detached).
    """
    found, listing = inspect(
        upload,
        types=slot.types,
        max_bytes=slot.max_bytes,
        label=slot.label,
        max_unpacked_bytes=getattr(slot, "max_unpacked_bytes", DEFAULT_MAX_UNPACKED),
        max_members=getattr(slot, "max_members", DEFAULT_MAX_MEMBERS),
    )
    owner_type = owner._meta.label_lower
    existing = Attachment.objects.filter(owner_type=owner_type, owner_id=owner.pk, slot=slot.key, row_key=row_key)
    if replace:
        for old in existing:
            delete(actor=actor, attachment=old)
    elif existing.count() >= slot.max_count:
        raise ValidationError({"file": f"{slot.label}最多上传{slot.max_count}个文件，请先删除已上传的文件"})
    name = display_name(upload.name, found)
    digest = sha256_of(upload)
    attachment = Attachment(
        enterprise=enterprise,
        owner_type=owner_type,
        owner_id=owner.pk,
        slot=slot.key,
        row_key=row_key,
        original_name=name,
        size=upload.size,
        content_type=found.mime,
        sha256=digest,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    upload.seek(0)
    # Storage copies chunk by chunk or moves the temporary file; never `upload.read()` whole.
    attachment.file.save(f"{uuid.uuid4().hex}.{found.extension}", upload, save=False)
    attachment.save()
    changes = {
        "slot": slot.key,
        "slot_label": slot.label,  # a program's slot keys are its own: keep the words shown to people
        "name": name,
        "size": upload.size,
        "sha256": digest,
        "owner": f"{owner_type}#{owner.pk}",
    }
    if listing is not None:
        changes["members"] = len(listing.members)
    audit.record(
        actor=actor, action="upload_attachment", target=attachment, changes=changes, enterprise_id=enterprise.pk
    )
    return attachment


@transaction.atomic
def delete(*, actor, attachment: Attachment) -> str:
    """Remove the attachment from its owner's draft: "deleted", or "detached" when a frozen
    snapshot lists it (the file and the record stay for officers; the draft no longer shows it)."""
    locked = Attachment.all_objects.select_for_update().get(pk=attachment.pk)
    if locked.detached_at is not None:
        return "detached"
    if locked.frozen_at is not None:
        locked.detached_at = timezone.now()
        locked.save(update_fields=["detached_at"])
        audit.record(
            actor=actor,
            action="detach_attachment",
            target=locked,
            changes={"slot": locked.slot, "name": locked.original_name, "sha256": locked.sha256},
            enterprise_id=locked.enterprise_id,
        )
        attachment.detached_at = locked.detached_at
        return "detached"
    _erase(actor=actor, attachment=locked, action="delete_attachment")
    return "deleted"


@transaction.atomic
def purge(*, actor, attachment: Attachment) -> None:
    """Delete record and file even when frozen: only for a host removing the owner itself
    (and its snapshots) under its own rules, e.g. retention. Never for an applicant's delete."""
    _erase(actor=actor, attachment=attachment, action="purge_attachment")


def _erase(*, actor, attachment: Attachment, action: str) -> None:
    audit.record(
        actor=actor,
        action=action,
        target=attachment,
        changes={"slot": attachment.slot, "name": attachment.original_name},
        enterprise_id=attachment.enterprise_id,
    )
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))


def zip_members(attachment: Attachment) -> list[zipcheck.Member]:
    """The members of a stored ZIP (names as unpacked, sizes), read from storage with `zipfile`
    (central directory only), e.g. for an officer's review page. [] for other types."""
    if attachment.content_type != "application/zip":
        return []
    with attachment.file.open("rb") as handle:
        listing = zipcheck.check(handle, max_unpacked_bytes=2**63, max_members=2**31, label=attachment.original_name)
    return list(listing.members)


def snapshot_entry(attachment: Attachment) -> dict:
    return {
        "id": attachment.pk,
        "slot": attachment.slot,
        "row_key": attachment.row_key,
        "name": attachment.original_name,
        "size": attachment.size,
        "content_type": attachment.content_type,
        "sha256": attachment.sha256,
        "uploaded_at": attachment.created_at.isoformat(),
    }


@transaction.atomic
def freeze(attachments: Iterable[Attachment], *, actor=None) -> list[dict]:
    """Mark the attachments as part of a submitted snapshot and describe them for it.

    Call inside the host's submit transaction; store the returned list in the snapshot.
    Each entry: id, slot, row_key, name, size, content_type, sha256, uploaded_at.
    From then on `delete` only detaches them, and downloads keep working for whoever the
    owner's registered read check admits.
    """
    ids = [attachment.pk for attachment in attachments]
    now = timezone.now()
    Attachment.all_objects.filter(pk__in=ids, frozen_at=None).update(frozen_at=now)
    frozen = Attachment.all_objects.filter(pk__in=ids).order_by("slot", "row_key", "id")
    entries = [snapshot_entry(attachment) for attachment in frozen]
    if actor is not None and entries:
        first = frozen[0]
        audit.record(
            actor=actor,
            action="freeze_attachments",
            target=first,
            changes={
                "owner": f"{first.owner_type}#{first.owner_id}",
                "files": [(e["id"], e["sha256"]) for e in entries],
            },
            enterprise_id=first.enterprise_id,
        )
    return entries


def freeze_owner(owner, *, actor=None) -> list[dict]:
    """`freeze` every attachment currently on the owner's draft (all slots and rows)."""
    return freeze(live_attachments(owner), actor=actor)


def live_attachments(owner) -> list[Attachment]:
    """The owner's attachments as the draft shows them (detached ones left out)."""
    return list(Attachment.objects.filter(owner_type=owner._meta.label_lower, owner_id=owner.pk))


def snapshot_attachments(entries: Iterable[dict]) -> list[Attachment]:
    """The attachments a frozen snapshot lists (detached ones included), in the snapshot's order."""
    entries = list(entries)
    found = Attachment.all_objects.in_bulk([entry["id"] for entry in entries])
    return [found[entry["id"]] for entry in entries if entry["id"] in found]


def verify_snapshot(entries: Iterable[dict]) -> list[str]:
    """Problems with a snapshot's files (missing, or content changed since it was frozen): [] when intact.

    Re-hashes each stored file in chunks."""
    problems = []
    entries = list(entries)
    found = Attachment.all_objects.in_bulk([entry["id"] for entry in entries])
    for entry in entries:
        attachment = found.get(entry["id"])
        if attachment is None:
            problems.append(f"附件“{entry['name']}”已不存在")
            continue
        hasher = hashlib.sha256()
        try:
            with attachment.file.open("rb") as handle:
                for chunk in handle.chunks():
                    hasher.update(chunk)
        except FileNotFoundError:
            problems.append(f"附件“{entry['name']}”的文件已丢失")
            continue
        if hasher.hexdigest() != entry["sha256"]:
            problems.append(f"附件“{entry['name']}”的内容与提交时不一致")
    return problems
