"""Attachment writes: sniff the content, cap the size, keep a safe name, audit (P6)."""

import hashlib
import re
import unicodedata
import uuid
from pathlib import PurePath

import filetype
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from keqi.core import audit
from keqi.files.models import Attachment

KIND_MIME = {"pdf": ("application/pdf",), "image": ("image/png", "image/jpeg")}
KIND_LABEL = {"pdf": "PDF", "image": "图片（JPG/PNG）"}


def safe_name(name: str) -> str:
    """Keep Chinese and ordinary punctuation; drop paths and control characters."""
    base = PurePath(str(name or "").replace("\\", "/")).name
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = re.sub(r'[/:*?"<>|]', "_", base).strip(" .")
    return (base or "附件")[-120:]


def allowed_label(types) -> str:
    return "或".join(KIND_LABEL[kind] for kind in types)


def check_upload(upload, *, types, max_bytes: int, label: str) -> str:
    """The sniffed MIME type, or ValidationError with the Chinese reason."""
    if upload is None:
        raise ValidationError({"file": "请选择要上传的文件"})
    limit = f"{max_bytes / 1024 / 1024:g}M"
    if upload.size > max_bytes:
        raise ValidationError({"file": f"{label}大小不能超过{limit}（当前{upload.size / 1024 / 1024:.1f}M）"})
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else ""
    allowed = {m for t in types for m in KIND_MIME.get(t, ())}
    if mime not in allowed:
        raise ValidationError(
            {"file": f"{label}文件类型不符合要求：仅支持{allowed_label(types)}，请上传真实的{allowed_label(types)}文件"}
        )
    return mime


@transaction.atomic
def store(*, actor, enterprise, owner, slot, upload, row_key: str = "", replace: bool = False) -> Attachment:
    """Store `upload` in `slot` (a formkit Slot) of `owner` after sniffing and size checks."""
    mime = check_upload(upload, types=slot.types, max_bytes=slot.max_bytes, label=slot.label)
    owner_type = owner._meta.label_lower
    existing = Attachment.objects.filter(owner_type=owner_type, owner_id=owner.pk, slot=slot.key, row_key=row_key)
    if replace:
        for old in existing:
            delete(actor=actor, attachment=old)
    elif existing.count() >= slot.max_count:
        raise ValidationError({"file": f"{slot.label}最多上传{slot.max_count}个文件，请先删除已上传的文件"})
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    name = safe_name(upload.name)
    suffix = ".pdf" if mime == "application/pdf" else (".png" if mime == "image/png" else ".jpg")
    attachment = Attachment(
        enterprise=enterprise,
        owner_type=owner_type,
        owner_id=owner.pk,
        slot=slot.key,
        row_key=row_key,
        original_name=name,
        size=upload.size,
        content_type=mime,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
    )
    upload.seek(0)
    attachment.file.save(uuid.uuid4().hex + suffix, ContentFile(upload.read()), save=False)
    attachment.save()
    audit.record(
        actor=actor,
        action="upload_attachment",
        target=attachment,
        changes={"slot": slot.key, "name": name, "size": upload.size, "owner": f"{owner_type}#{owner.pk}"},
        enterprise_id=enterprise.pk,
    )
    return attachment


@transaction.atomic
def delete(*, actor, attachment: Attachment) -> None:
    audit.record(
        actor=actor,
        action="delete_attachment",
        target=attachment,
        changes={"slot": attachment.slot, "name": attachment.original_name},
        enterprise_id=attachment.enterprise_id,
    )
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))
