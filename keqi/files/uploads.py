"""Uploads are capped before the body is read and streamed to disk while they come in (P6).

`StreamingUploadHandler` is the only entry of `FILE_UPLOAD_HANDLERS`: every multipart body,
on every endpoint, is

- refused unread when its declared `Content-Length` exceeds the request's cap (the slot's
  `max_bytes` when the host called `limit_upload`, otherwise `FILES_MAX_UPLOAD_BYTES`);
- counted while it streams: past the cap, parsing stops (`StopUpload`) and nothing is kept;
- written in chunks to a temporary file (bodies above `FILE_UPLOAD_MAX_MEMORY_SIZE`) and
  hashed on the way: the received file carries `.sha256`, so nothing reads it whole again.

A host's upload view resolves the slot from the URL, then calls `limit_upload(request, slot)`
before anything touches `request.POST`/`request.FILES` (the CSRF check does), or wraps the
view in `upload_endpoint(...)`, which does both in the right order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile, TemporaryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import Http404, HttpResponse, QueryDict
from django.utils.datastructures import MultiValueDict
from django.views.decorators.csrf import csrf_exempt, csrf_protect

MULTIPART_OVERHEAD = 64 * 1024  # boundaries, part headers and the CSRF field around one file


def default_cap() -> int:
    return int(getattr(settings, "FILES_MAX_UPLOAD_BYTES", 300 * 1024 * 1024))


def size_label(limit: int) -> str:
    return f"{limit / (1024 * 1024):g}M"


def too_large_message(cap, size: int | None = None) -> str:
    """ "其他材料大小不能超过300M（当前301.0M）" for a Slot (or "文件…" for a byte count)."""
    limit = getattr(cap, "max_bytes", cap)
    label = getattr(cap, "label", "文件")
    current = f"（当前{size / 1024 / 1024:.1f}M）" if size else ""
    return f"{label}大小不能超过{size_label(limit)}{current}"


def declared_length(request) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except (TypeError, ValueError):
        return 0


class StreamingUploadHandler(FileUploadHandler):
    """Caps, spools and hashes every uploaded file; see the module docstring."""

    chunk_size = 256 * 1024

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0
        self.limit = default_cap()
        self.in_memory = False
        self.digest = None

    def _refuse(self, size: int | None) -> None:
        if self.request is not None:
            self.request.upload_too_large = True
            self.request.upload_refused_size = size

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.limit = getattr(self.request, "upload_limit", None) or default_cap()
        self.in_memory = bool(content_length) and content_length <= settings.FILE_UPLOAD_MAX_MEMORY_SIZE
        if content_length and content_length > self.limit + MULTIPART_OVERHEAD:
            self._refuse(content_length)
            return QueryDict(encoding=encoding), MultiValueDict()  # nothing parsed, nothing stored
        return None

    def new_file(self, field_name, file_name, content_type, content_length, charset=None, content_type_extra=None):
        super().new_file(field_name, file_name, content_type, content_length, charset, content_type_extra)
        self.digest = hashlib.sha256()
        if self.in_memory:
            self.file = BytesIO()
        else:
            self.file = TemporaryUploadedFile(self.file_name, self.content_type, 0, self.charset, content_type_extra)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self._refuse(None)
            self._discard()
            raise StopUpload(connection_reset=False)  # Django discards the rest (≤ the declared length)
        self.digest.update(raw_data)
        self.file.write(raw_data)
        return None  # later handlers get nothing: this one keeps the file

    def file_complete(self, file_size):
        self.file.seek(0)
        if self.in_memory:
            upload = InMemoryUploadedFile(
                self.file, self.field_name, self.file_name, self.content_type, file_size, self.charset,
                self.content_type_extra,
            )  # fmt: skip
        else:
            upload = self.file
            upload.size = file_size
        upload.sha256 = self.digest.hexdigest()
        del self.file  # Django closes `handler.file` when a later part stops the upload
        return upload

    def upload_interrupted(self):
        """The body ended inside a file part (a short Content-Length or a dropped connection)."""
        if self.request is not None:
            self.request.upload_incomplete = True
        self._discard()

    def _discard(self):
        if hasattr(self, "file"):
            try:
                self.file.close()  # a TemporaryUploadedFile deletes itself
            except FileNotFoundError:
                pass
            del self.file


def limit_upload(request, cap) -> str | None:
    """Cap this request's body at `cap` (a Slot or a byte count) before it is read.

    Returns the Chinese refusal message when the declared length is already too large (the
    body stays unread), else None; while the body streams, `request.upload_too_large` tells.
    Harmless after the body was parsed (a session API call whose CSRF check read it): the
    global cap applied then, and `received_file` checks the slot's cap on the received size.
    """
    limit = int(getattr(cap, "max_bytes", cap))
    request.upload_limit = limit
    request.upload_too_large = False
    request.upload_refused_size = None
    if not hasattr(request, "_files"):
        if not any(isinstance(handler, StreamingUploadHandler) for handler in request.upload_handlers):
            request.upload_handlers = [StreamingUploadHandler(request)]
    declared = declared_length(request)
    if declared > limit + MULTIPART_OVERHEAD:
        request.upload_too_large = True
        request.upload_refused_size = declared
        return too_large_message(cap, declared)
    return None


def received_file(request, slot, field: str = "file"):
    """The uploaded file for `slot`, or ValidationError({"file": message}) saying why not."""
    incoming = request.FILES.get(field)  # parses the body through the capped handler
    if getattr(request, "upload_too_large", False):
        raise ValidationError({"file": too_large_message(slot, getattr(request, "upload_refused_size", None))})
    if incoming is None and getattr(request, "upload_incomplete", False):
        raise ValidationError({"file": "文件没有完整上传（连接中断或请求长度与内容不符），请重新上传"})
    if incoming is None:
        raise ValidationError({"file": "请选择要上传的文件"})
    if incoming.size > slot.max_bytes:
        raise ValidationError({"file": too_large_message(slot, incoming.size)})
    return incoming


def plain_refusal(request, slot, message: str) -> HttpResponse:
    return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")


def upload_endpoint(resolve_slot: Callable, refused: Callable = plain_refusal):
    """Decorate a host's upload view so the slot's cap applies before the body is read.

    `resolve_slot(request, *args, **kwargs) -> Slot | None` works from the URL alone (404 when
    None). A declared length over the slot's cap is answered by `refused(request, slot,
    message)` without reading the body (and before the CSRF check, which would read it);
    otherwise the view runs CSRF-protected with `request.upload_slot = slot` and takes its file
    with `received_file(request, request.upload_slot)`.
    """

    def decorate(view):
        protected = csrf_protect(view)

        @csrf_exempt
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            slot = resolve_slot(request, *args, **kwargs)
            if slot is None:
                raise Http404
            request.upload_slot = slot
            message = limit_upload(request, slot)
            if message:
                return refused(request, slot, message)
            return protected(request, *args, **kwargs)

        return wrapper

    return decorate
