"""Document kinds: a template plus a context builder, registered by the program that uses them.

The engine never imports a program app. A program registers its kinds (usually in its
`AppConfig.ready`) and refers to them by key, e.g. ``"evaluation.cover"``; a program declared
as data names the key.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from keqi.formkit.spec import Slot


def answers_digest(data: Any) -> str:
    """SHA-256 of the canonical JSON of `data` (keys sorted, no whitespace)."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class DocumentKind:
    """One generated document of a program: 封面, 承诺函, 申报表, 入库审核表 …

    - `template`: a Django template rendered to PDF (extend ``documents/base.html``, or
      ``documents/form.html`` to print the bound form);
    - `context(record) -> dict`: what the template needs besides the defaults (``record``,
      ``answers``, ``document``);
    - `signed`: the slot where the signed and stamped scan is uploaded, or None when the
      document is only printed (e.g. 入库审核表);
    - `data(record)`: what the version digest covers (default: the record's answers);
    - `label`, `sign_by`, `record_noun`: how Chinese messages name the document, the signing
      and the record (“请下载《承诺函》，签字盖章后上传扫描件”).
    """

    key: str
    title: str
    template: str
    context: Callable[[Any], dict] | None = None
    signed: Slot | None = None
    filename: Callable[[Any], str] | None = None
    data: Callable[[Any], Any] | None = None
    label: str = ""
    sign_by: str = "签字盖章"
    record_noun: str = "填报信息"

    @property
    def name(self) -> str:
        return self.label or f"《{self.title}》"

    def version_of(self, record) -> int:
        return record.version

    def digest_of(self, record) -> str:
        return answers_digest(self.data(record) if self.data else record.answers)

    def file_name(self, record) -> str:
        return self.filename(record) if self.filename else f"{self.title}.pdf"

    # Chinese messages (the guard, the upload check, the page)
    @property
    def missing_text(self) -> str:
        return f"请下载{self.name}，{self.sign_by}后上传扫描件"

    @property
    def void_text(self) -> str:
        return f"{self.record_noun}已修改，原{self.name}已失效，请重新下载{self.name}，{self.sign_by}后重新上传"

    @property
    def stale_upload_text(self) -> str:
        return f"请先下载最新的{self.name}，{self.sign_by}后再上传"


_KINDS: dict[str, DocumentKind] = {}


def register(*kinds: DocumentKind) -> None:
    """Register document kinds; registering the same key again replaces it (tests, reloads)."""
    for kind in kinds:
        _KINDS[kind.key] = kind


def get(key: "str | DocumentKind") -> DocumentKind:
    if isinstance(key, DocumentKind):
        return key
    try:
        return _KINDS[key]
    except KeyError:
        raise LookupError(f"unknown document kind {key!r}; registered: {sorted(_KINDS)}") from None


def kinds() -> list[DocumentKind]:
    return list(_KINDS.values())
