"""Form documents: a form is JSON data validated against `form-document.schema.json` and
compiled into the engine's declarations (`spec.Form`). Functions are named, never code."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from functools import lru_cache, partial
from pathlib import Path

from jsonschema import Draft202012Validator

from keqi.formkit import registry
from keqi.formkit.spec import Computed, Field, Form, RecordList, Section, Slot, Table

SCHEMA_PATH = Path(__file__).with_name("form-document.schema.json")
MB = 1024 * 1024


class FormDocumentError(ValueError):
    """The document is not a valid form; `problems` lists each one with where it is."""

    def __init__(self, problems: list[str]):
        super().__init__("；".join(problems))
        self.problems = problems


@lru_cache(maxsize=1)
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def digest(document: dict) -> str:
    """Identity of a document's content (key order and spacing do not matter)."""
    canonical = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def check(document) -> list[str]:
    """Every problem with the document: schema violations, then names the engine does not know."""
    validator = Draft202012Validator(schema())
    problems = [
        f"{'/'.join(str(p) for p in error.absolute_path) or '（根）'}：{error.message}"
        for error in sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    ]
    if problems:
        return problems
    seen: set[str] = set()
    _check_sections(document["sections"], "sections", seen, problems)
    slot_keys = _slot_keys(document["sections"])
    for key in sorted({k for k in slot_keys if slot_keys.count(k) > 1}):
        problems.append(f"附件类别 {key} 重复：同一表单内附件标识须唯一")
    for index, item in enumerate(document.get("figures", [])):
        if item["function"] not in registry.COMPUTED:
            problems.append(f"figures/{index}：未知的计算函数 {item['function']}")
    for index, item in enumerate(document.get("checks", [])):
        if item["function"] not in registry.CHECKS:
            problems.append(f"checks/{index}：未知的校验函数 {item['function']}")
    return problems


def _check_sections(sections: list[dict], where: str, seen: set[str], problems: list[str]) -> None:
    keys = [f["key"] for s in sections for f in s.get("fields", [])]
    for s_index, section in enumerate(sections):
        here = f"{where}/{s_index}"
        names = [f["key"] for f in section.get("fields", [])]
        names += [t["key"] for t in section.get("tables", [])]
        names += [r["key"] for r in section.get("records", [])]
        names += [c["key"] for c in section.get("computed", [])]
        for name in names:
            if name in seen:
                problems.append(f"{here}：字段名 {name} 重复")
            seen.add(name)
        for f_index, field in enumerate(section.get("fields", [])):
            _check_field(field, f"{here}/fields/{f_index}", keys, problems)
        for t_index, table in enumerate(section.get("tables", [])):
            columns = [c["key"] for c in table["columns"]]
            for rule, known in (("row_compute", registry.ROW_COMPUTE), ("row_check", registry.ROW_CHECKS)):
                if rule in table and table[rule]["function"] not in known:
                    problems.append(f"{here}/tables/{t_index}：未知的行函数 {table[rule]['function']}")
            for c_index, column in enumerate(table["columns"]):
                _check_field(column, f"{here}/tables/{t_index}/columns/{c_index}", columns, problems)
        for c_index, item in enumerate(section.get("computed", [])):
            if item["function"] not in registry.COMPUTED:
                problems.append(f"{here}/computed/{c_index}：未知的计算函数 {item['function']}")
        for r_index, records in enumerate(section.get("records", [])):
            _check_sections(records["sections"], f"{here}/records/{r_index}/sections", set(), problems)


def _slot_keys(sections: list[dict]) -> list[str]:
    keys = []
    for section in sections:
        keys += [s["key"] for s in section.get("slots", [])]
        keys += [s["key"] for t in section.get("tables", []) for s in t.get("row_slots", [])]
        for records in section.get("records", []):
            keys += _slot_keys(records["sections"])
    return keys


def _check_field(field: dict, here: str, siblings: list[str], problems: list[str]) -> None:
    for rule in ("required_if", "show_if"):
        if rule in field and field[rule][0] not in siblings:
            problems.append(f"{here}：{rule} 引用的字段 {field[rule][0]} 不存在")
    name = _call_name(field.get("validator"))
    if name and name not in registry.VALIDATORS:
        problems.append(f"{here}：未知的校验函数 {name}")
    if field.get("type") == "choice" and not field.get("choices"):
        problems.append(f"{here}：选择项字段需要 choices")


def compile_form(document: dict, version: str) -> Form:
    """The engine's form for a valid document; raises FormDocumentError otherwise."""
    problems = check(document)
    if problems:
        raise FormDocumentError(problems)
    checks = tuple(partial(_run_check, item["function"], item.get("args", {})) for item in document.get("checks", []))
    return Form(
        key=document["key"],
        version=version,
        title=document["title"],
        sections=tuple(_section(s, document["key"], version) for s in document["sections"]),
        cross_checks=checks,
    )


def _run_check(name: str, args: dict, answers: dict) -> dict[str, str]:
    return registry.CHECKS[name](answers, **args)


def _section(data: dict, form_key: str, version: str) -> Section:
    return Section(
        key=data["key"],
        title=data["title"],
        help=data.get("help", ""),
        optional=data.get("optional", False),
        fields=tuple(_field(f) for f in data.get("fields", [])),
        tables=tuple(_table(t) for t in data.get("tables", [])),
        slots=tuple(_slot(s) for s in data.get("slots", [])),
        computed=tuple(
            Computed(c["key"], c["label"], partial(_run_computed, c["function"], c.get("args", {})), c.get("unit", ""))
            for c in data.get("computed", [])
        ),
        records=tuple(_records(r, form_key, version) for r in data.get("records", [])),
    )


def _run_computed(name: str, args: dict, answers: dict):
    return registry.COMPUTED[name](answers, **args)


def _choices(data):
    if isinstance(data, dict):
        source = registry.CHOICES.get(data["source"])
        if source is None:
            raise FormDocumentError([f"未知的选项来源 {data['source']}"])
        return partial(source, data.get("argument", ""))
    return tuple((str(value), str(label)) for value, label in data or ())


def _call_name(call) -> str:
    """A function named by data: "name" or {"function": "name", "args": {…}}."""
    return call.get("function", "") if isinstance(call, dict) else (call or "")


def _validator(call):
    """A field check by name; with `args` (e.g. which field says the ID type) they are bound here."""
    name = _call_name(call)
    if not name:
        return None
    if isinstance(call, dict) and call.get("args"):
        return partial(registry.VALIDATORS[name], **call["args"])
    return registry.VALIDATORS[name]


def _row_call(table: dict, rule: str, functions: dict):
    call = table.get(rule)
    return partial(functions[call["function"]], **call.get("args", {})) if call else None


def _row_slot_required(table: dict):
    """`row_slots_unless: [column, value]`: rows where the column has that value need no upload
    (e.g. rows picked from the enterprise's register carry their proof already)."""
    unless = table.get("row_slots_unless")
    if not unless:
        return None
    column, value = unless
    return partial(_row_differs, column, value)


def _row_differs(column: str, value, row: dict) -> bool:
    return row.get(column) != value


def _field(data: dict) -> Field:
    kind = data.get("type", "text")
    return Field(
        key=data["key"],
        label=data["label"],
        type=kind,
        required=data.get("required", True),
        choices=_choices(data.get("choices")),
        allow_negative=data.get("allow_negative", False),
        max_length=data.get("max_length", 2000 if kind == "textarea" else 200),
        min_value=Decimal(str(data["min"])) if "min" in data else None,
        max_value=Decimal(str(data["max"])) if "max" in data else None,
        help=data.get("help", ""),
        placeholder=data.get("placeholder", "请选择" if kind in ("choice", "date") else "请填写内容"),
        required_if=tuple(data["required_if"]) if "required_if" in data else None,
        show_if=tuple(data["show_if"]) if "show_if" in data else None,
        readonly=data.get("readonly", False),
        validator=_validator(data.get("validator")),
    )


def _slot(data: dict) -> Slot:
    return Slot(
        key=data["key"],
        label=data["label"],
        types=tuple(data.get("types", ["pdf"])),
        max_bytes=int(Decimal(str(data.get("max_mb", 10))) * MB),
        max_count=data.get("max_count", 1),
        required=data.get("required", True),
        help=data.get("help", ""),
    )


def _table(data: dict) -> Table:
    return Table(
        key=data["key"],
        label=data["label"],
        columns=tuple(_field(c) for c in data["columns"]),
        min_rows=data.get("min_rows", 0),
        max_rows=data.get("max_rows", 50),
        fixed_rows=tuple(data.get("fixed_rows", [])),
        row_slots=tuple(_slot(s) for s in data.get("row_slots", [])),
        row_slot_required=_row_slot_required(data),
        row_validator=_row_call(data, "row_check", registry.ROW_CHECKS),
        row_compute=_row_call(data, "row_compute", registry.ROW_COMPUTE),
        readonly_columns=tuple(data.get("readonly_columns", [])),
        help=data.get("help", ""),
        add_label=data.get("add_label", "增行"),
        pick=data.get("pick", ""),
        pick_label=data.get("pick_label", "从登记信息中选择"),
    )


def _records(data: dict, form_key: str, version: str) -> RecordList:
    inner = Form(
        key=f"{form_key}.{data['key']}",
        version=version,
        title=data["label"],
        sections=tuple(_section(s, form_key, version) for s in data["sections"]),
    )
    return RecordList(
        key=data["key"],
        label=data["label"],
        form=inner,
        summary=tuple(data.get("summary", [])),
        min_records=data.get("min_records", 0),
        max_records=data.get("max_records", 50),
        help=data.get("help", ""),
    )


def promoted_fields(document: dict) -> list[dict]:
    """Top-level fields marked `promote`, then the document's `figures` (named computations kept
    as figures without being shown, e.g. a quarterly staff average): their values become figures
    for lists, statistics and exports."""
    fields = [f for s in document["sections"] for f in s.get("fields", []) if f.get("promote")]
    return fields + [{**f, "type": "decimal"} for f in document.get("figures", [])]


def figure_value(field: dict, answers: dict):
    """A promoted field's value: the answer, or for a `figures` entry its computation."""
    if "function" in field:
        return registry.COMPUTED[field["function"]](answers, **field.get("args", {}))
    return answers.get(field["key"])
