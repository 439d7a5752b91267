"""A program's generated documents (S0.8, X5) on the documents engine: each document the
program's data declares ("letter" paragraphs or the "answers" of its form) becomes a
DocumentKind made from that data, so the engine's download → sign → upload → void-on-edit
cycle works for any program without code of its own."""

import re
from decimal import Decimal

from django.utils import timezone

from keqi.declarations.forms import form_of
from keqi.documents.registry import DocumentKind
from keqi.documents.words import rmb_upper
from keqi.formkit import engine
from keqi.formkit.spec import MONEY, Slot

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
    """Tokens a document may use: the enterprise, the program, today, the calculated amount
    (万元, in yuan and in words) and every answered field as the form shows it."""
    enterprise = submission.enterprise
    program = submission.program
    calculated = submission.calculated_amount
    yuan = None if calculated is None else calculated * 10000
    form = form_of(submission.form)
    values = {
        spec.key: _shown(spec, submission.answers.get(spec.key))
        for spec in form.all_fields()
        if submission.answers.get(spec.key) not in (None, "")
    }
    values.update(
        {
            key: _shown_computed(value)
            for key, value in form.computed(submission.answers).items()
            if value not in (None, "")
        }
    )
    values.update(_assessment_values(submission))
    values.update(
        {
            "serial": submission.serial or "",
            "registration_number": submission.registration_number or "",
            "enterprise": enterprise.name,
            "uscc": enterprise.uscc,
            "address": enterprise.address,
            "legal": enterprise.legal_representative,
            "program": program.name,
            "year": str(program.year),
            "date": f"{timezone.localdate():%Y年%m月%d日}",
            "amount_label": (program.amount or {}).get("label", program.name),
            "calculated": "—" if calculated is None else engine.plain(calculated),
            "calculated_yuan": "—" if yuan is None else format(yuan.quantize(Decimal("0.01")), ",.2f"),
            "calculated_upper": "—" if yuan is None else rmb_upper(yuan),
        }
    )
    return values


def _shown_computed(value) -> str:
    return engine.plain(value) if isinstance(value, Decimal) else str(value)


def _assessment_values(submission) -> dict[str, str]:
    """{{assessment_total}}, {{assessment_verdict}} and {{score_<key>}} of the self-assessment."""
    from keqi.declarations import assessment

    if not (submission.program.assessment or {}).get("scheme"):
        return {}
    found = assessment.run(submission)
    result = found["result"] if found else None
    if result is None:
        return {"assessment_total": "—", "assessment_verdict": "需补充信息"}
    values = {f"score_{key}": str(value) for key, value in (result.get("scores") or {}).items()}
    values["assessment_total"] = str(result.get("total", "—"))
    values["assessment_verdict"] = {True: "符合", False: "不符合", None: "需补充信息"}[result.get("qualified")]
    return values


def signed_documents(program) -> list[tuple[dict, DocumentKind]]:
    """The documents the enterprise downloads, signs and uploads (`"signed": false` ones are only
    printed, e.g. an officers' 入库审核表)."""
    return [(doc, kind) for doc, kind in kinds(program) if doc.get("signed", True)]


def _shown(spec, value) -> str:
    """A value as printed on an official form: money without thousands separators (the form
    states the unit), choices by their label."""
    if spec.type == MONEY:
        return engine.plain(value)
    return engine.bind_field(spec, value, None, spec.key, {})["display"]


def _truthy(value) -> bool:
    if isinstance(value, list):
        return bool(value)
    if isinstance(value, int | Decimal):
        return value > 0
    if isinstance(value, str):
        number = engine.dec(value)
        if number is not None and value.strip().lstrip("-").replace(".", "").isdigit():
            return number > 0
        return value not in ("", "no")
    return bool(value)


def _cell(cell: dict, values: dict, answers: dict) -> dict:
    if "ticks" in cell:
        text = ""
        ticks = [(tick["label"], _truthy(answers.get(tick["when"]))) for tick in cell["ticks"]]
    else:
        ticks = []
        if "value" in cell:
            text = values.get(cell["value"].lstrip("$"), "")
        else:
            text = _fill(cell.get("text", ""), values)
    return {
        "lines": text.split("\n"),
        "ticks": ticks,
        "colspan": cell.get("colspan", 1),
        "rowspan": cell.get("rowspan", 1),
        "head": cell.get("head", False),
        "tall": cell.get("tall", False),
    }


def _tree(block: dict, values: dict, answers: dict) -> list[list[dict]]:
    """An indicator tree (一级 → 二级 → rows of a table): label cells span their rows."""
    rows = list(answers.get(block["tree"]) or [])
    out: list[list[dict]] = []
    index = 0
    for branch in block["branches"]:
        span = sum(child.get("rows", 1) for child in branch["children"])
        first_of_branch = True
        for child in branch["children"]:
            for offset in range(child.get("rows", 1)):
                row = rows[index] if index < len(rows) else {}
                index += 1
                cells = []
                if first_of_branch:
                    cells.append(_cell({"text": branch["label"], "rowspan": span, "head": True}, values, answers))
                    first_of_branch = False
                if offset == 0:
                    cells.append(
                        _cell({"text": child["label"], "rowspan": child.get("rows", 1), "head": True}, values, answers)
                    )
                for column in block["columns"]:
                    cells.append(_cell({"text": str(row.get(column) or "")}, values, answers))
                out.append(cells)
    return out


def _blocks(doc: dict, values: dict, answers: dict) -> list[dict]:
    """A "sheet" document's blocks resolved: lines of label/value pairs, grid tables with spans,
    tick boxes and indicator trees, headings and paragraphs (text with tokens or an answer)."""
    blocks = []
    for block in doc.get("blocks", []):
        if "line" in block:
            pairs = [(label, _fill(text, values)) for label, text in block["line"]]
            blocks.append({"kind": "line", "pairs": pairs, "align": block.get("align", "")})
        elif "table" in block:
            rows = [[_cell(cell, values, answers) for cell in row] for row in block["table"]]
            blocks.append({"kind": "table", "rows": rows, "widths": block.get("widths", [])})
        elif "tree" in block:
            head = [{"lines": [text], "head": True, "colspan": 1, "rowspan": 1} for text in block["head"]]
            rows = [head, *_tree(block, values, answers)]
            widths = block.get("widths", [14, 20, 44, 22])
            if block.get("label"):  # the tree's name in a first column spanning every row (附件3)
                rows[0] = [{"lines": [block["label"]], "head": True, "colspan": 1, "rowspan": len(rows)}, *head]
                widths = block.get("widths", [12, 12, 18, 38, 20])
            blocks.append({"kind": "table", "rows": rows, "widths": widths})
        elif "p_value" in block:
            text = values.get(block["p_value"], "") or "（未填写）"
            blocks.append({"kind": "p", "lines": text.split("\n")})
        else:
            for kind in ("h", "h2", "p"):
                if kind in block:
                    blocks.append({"kind": kind, "lines": _fill(block[kind], values).split("\n")})
    return blocks


def _context(doc: dict):
    def build(submission) -> dict:
        values = _values(submission)
        context = {
            "heading": _fill(doc.get("heading", doc["title"]), values),
            "fields": [("申报单位", values["enterprise"]), ("统一社会信用代码", values["uscc"])],
            "paragraphs": [_fill(p, values) for p in doc.get("paragraphs", [])],
            "signatures": doc.get("signatures"),
            "label": doc.get("label", ""),
        }
        if doc.get("layout") == "sheet":
            context["blocks"] = _blocks(doc, values, submission.answers)
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


TEMPLATES = {"answers": "declarations/pdf/answers.html", "sheet": "documents/sheet.html"}


def kind_for(program, doc: dict) -> DocumentKind:
    return DocumentKind(
        key=f"program.{program.key}.{doc['key']}",
        title=doc["title"],
        template=TEMPLATES.get(doc.get("layout", ""), "documents/letter.html"),
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
