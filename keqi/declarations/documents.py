"""Generated documents of any program (S0.8, X5): declared in the program's data as a layout
("letter": paragraphs; "answers": the form's figures) and printed from the answers version
they are downloaded at. A signed copy counts only for that version."""

import re

from django.utils import timezone

from keqi.declarations.forms import form_of
from keqi.formkit import engine
from keqi.formkit.pdf import render_pdf
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


def _answer_rows(submission) -> list[dict]:
    form = form_of(submission.form)
    sections = []
    for section in form.sections:
        rows = [
            {
                "label": spec.label,
                "value": engine.bind_field(spec, submission.answers.get(spec.key), None, spec.key, {})["display"],
            }
            for spec in section.fields
        ]
        tables = []
        for table in section.tables:
            tables.append(
                {
                    "label": table.label,
                    "columns": [c.label for c in table.columns],
                    "rows": [
                        [engine.bind_field(c, row.get(c.key), None, c.key, row)["display"] for c in table.columns]
                        for row in submission.answers.get(table.key) or []
                    ],
                }
            )
        for records in section.records:
            count = len(submission.answers.get(records.key) or [])
            rows.append({"label": records.label, "value": f"{count}条" if count else "未申报"})
        if rows or tables:
            sections.append({"title": section.title, "rows": rows, "tables": tables})
    return sections


def render(submission, doc: dict) -> bytes:
    enterprise = submission.enterprise
    values = {
        "enterprise": enterprise.name,
        "uscc": enterprise.uscc,
        "program": submission.program.name,
        "year": str(submission.program.year),
        "date": f"{timezone.localdate():%Y年%m月%d日}",
    }
    context = {
        "doc": doc,
        "title": _fill(doc["title"], values),
        "paragraphs": [_fill(p, values) for p in doc.get("paragraphs", [])],
        "sections": _answer_rows(submission) if doc.get("layout") == "answers" else [],
        "submission": submission,
        "enterprise": enterprise,
        "values": values,
    }
    return render_pdf("declarations/pdf/document.html", context)
