"""A program's generated documents (S0.8, X5) on the documents engine: each document the
program's data declares ("letter" paragraphs or the "answers" of its form) becomes a
DocumentKind made from that data, so the engine's download → sign → upload → void-on-edit
cycle works for any program without code of its own."""

import re

from django.utils import timezone

from keqi.declarations.forms import form_of
from keqi.documents.registry import DocumentKind
from keqi.formkit import engine
from keqi.formkit.spec import Slot

_TOKEN = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def signed_slot(doc: dict) -> Slot:
    return Slot(
        f"signed_{doc['key']}",
        f"签字盖章后的{doc['title']}",
        types=("pdf", "image"),
        max_bytes=10 * 1024 * 1024,
        help=f"下载{doc['title']}，法定代表人签字并加盖企业公章后上传",
    )


def _fill(text: str, values: dict[str, str]) -> str:
    """Only the named tokens are replaced; data never runs code."""
    return _TOKEN.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def _values(submission) -> dict[str, str]:
    enterprise = submission.enterprise
    return {
        "enterprise": enterprise.name,
        "uscc": enterprise.uscc,
        "program": submission.program.name,
        "year": str(submission.program.year),
        "date": f"{timezone.localdate():%Y年%m月%d日}",
    }


def _context(doc: dict):
    def build(submission) -> dict:
        values = _values(submission)
        context = {
            "heading": _fill(doc.get("heading", doc["title"]), values),
            "fields": [("申报单位", values["enterprise"]), ("统一社会信用代码", values["uscc"])],
            "paragraphs": [_fill(p, values) for p in doc.get("paragraphs", [])],
        }
        if doc.get("layout") == "answers":
            form = form_of(submission.form)
            context["sections"] = engine.bind(form, submission.answers)
            context["record_lists"] = [
                {
                    "label": records.label,
                    "items": [engine.bind(records.form, item) for item in submission.answers.get(records.key) or []],
                }
                for records in form.all_records()
            ]
        return context

    return build


def kind_for(program, doc: dict) -> DocumentKind:
    return DocumentKind(
        key=f"program.{program.key}.{doc['key']}",
        title=doc["title"],
        template="declarations/pdf/answers.html" if doc.get("layout") == "answers" else "documents/letter.html",
        context=_context(doc),
        signed=signed_slot(doc),
        record_noun="申报内容",
    )


def kinds(program) -> list[tuple[dict, DocumentKind]]:
    return [(doc, kind_for(program, doc)) for doc in program.documents]


def find(program, key: str) -> tuple[dict, DocumentKind] | None:
    return next(((doc, kind) for doc, kind in kinds(program) if doc["key"] == key), None)


def answers_context(submission, title: str) -> dict:
    """The filled declaration for 下载 (not a document to sign): the "answers" layout's context."""
    return _context({"key": "filled", "title": title, "layout": "answers"})(submission)
