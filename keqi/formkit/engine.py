"""The form engine: parse posted values, validate (draft or complete), bind for rendering.

Answers are JSON: scalars as strings (money and decimals as exact decimal strings), tables as
lists of row dicts. Row dicts carry `_uid` (stable row identity for row attachments),
`_source` ("manual" or "register") and `_ref` (the register id of a picked row).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from keqi.formkit.spec import (
    CHOICE,
    DATE,
    DECIMAL,
    INTEGER,
    MONEY,
    PERCENT,
    TEXT,
    TEXTAREA,
    YESNO,
    Field,
    Form,
    Table,
)

MONEY_MAX = Decimal("999999999999.9999")
ROW_META = ("_uid", "_source", "_ref")
_ROW_NAME = re.compile(r"^(?P<table>[a-z_0-9]+)-(?P<index>\d+)-(?P<column>_?[a-z_0-9]+)$")


def dec(value) -> Decimal | None:
    """A stored answer as Decimal (None when empty)."""
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def plain(value) -> str:
    """A Decimal without trailing zeros, for inputs and read-only views."""
    number = dec(value)
    if number is None:
        return "" if value is None else str(value)
    text = format(number.normalize(), "f")
    return text


def money2(value) -> str:
    """Money shown with 2 places."""
    number = dec(value)
    if number is None:
        return ""
    return format(number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), ",.2f")


def clean_value(spec: Field, raw) -> tuple[Any, str | None]:
    """(stored value, error message). Empty input gives (None, None)."""
    text = "" if raw is None else str(raw).strip()
    if text == "":
        return None, None
    kind = spec.type
    if kind in (MONEY, DECIMAL, PERCENT):
        try:
            number = Decimal(text.replace(",", "").replace("，", ""))
        except InvalidOperation:
            return None, f"{spec.label}应为数字"
        if not number.is_finite():
            return None, f"{spec.label}应为数字"
        if number < 0 and not spec.allow_negative:
            return None, f"{spec.label}不能为负数"
        if kind == MONEY:
            if number.as_tuple().exponent < -4:
                return None, f"{spec.label}最多保留4位小数（单位：万元）"
            if abs(number) > MONEY_MAX:
                return None, f"{spec.label}超出允许范围"
            return str(number.quantize(Decimal("0.0001"))), None
        if kind == PERCENT and not (Decimal(0) <= number <= Decimal(100)):
            return None, f"{spec.label}应在0到100之间"
        return str(number), _range_error(spec, number)
    if kind == INTEGER:
        if not re.fullmatch(r"-?\d{1,12}", text):
            return None, f"{spec.label}应为整数"
        number = int(text)
        if number < 0 and not spec.allow_negative:
            return None, f"{spec.label}不能为负数"
        return number, _range_error(spec, number)
    if kind == DATE:
        try:
            return date.fromisoformat(text).isoformat(), None
        except ValueError:
            return None, f"{spec.label}应为日期（格式：2024-01-31）"
    if kind in (CHOICE, YESNO):
        if text not in dict(spec.choice_list()):
            return None, f"请选择有效的{spec.label}"
        return text, None
    if kind in (TEXT, TEXTAREA):
        if len(text) > spec.max_length:
            return None, f"{spec.label}不能超过{spec.max_length}个字"
        return text, None
    raise ValueError(f"unknown field type {kind}")


def _range_error(spec: Field, number) -> str | None:
    if spec.min_value is not None and number < spec.min_value:
        return f"{spec.label}不能小于{spec.min_value}"
    if spec.max_value is not None and number > spec.max_value:
        return f"{spec.label}不能大于{spec.max_value}"
    return None


def parse_post(form: Form, data) -> dict[str, Any]:
    """Raw posted strings in the answers' shape (fields and table rows)."""
    raw: dict[str, Any] = {}
    for spec in form.all_fields():
        if not spec.readonly and spec.key in data:
            raw[spec.key] = data.get(spec.key)
    rows: dict[str, dict[int, dict]] = {}
    for name in data:
        match = _ROW_NAME.match(name)
        if match and form.table(match["table"]):
            rows.setdefault(match["table"], {}).setdefault(int(match["index"]), {})[match["column"]] = data.get(name)
    for table in form.all_tables():
        if f"{table.key}-present" in data or table.key in rows:
            raw[table.key] = [rows.get(table.key, {})[index] for index in sorted(rows.get(table.key, {}))]
    return raw


class ShapeError(ValueError):
    """JSON answers of the wrong shape, by field (the API answers 422 with these)."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("；".join(errors.values()))
        self.errors = errors


def _scalar(value) -> bool:
    return value is None or (isinstance(value, (str, int, float)) and not isinstance(value, bool))


def parse_json(form: Form, data: dict) -> dict[str, Any]:
    """Answers sent as JSON in the answers' shape, checked for shape before validation: a field
    takes a scalar, a table a list of row objects of scalars; null bytes are refused."""
    errors: dict[str, str] = {}
    raw: dict[str, Any] = {}
    fields = {spec.key: spec for spec in form.all_fields() if not spec.readonly}
    tables = {table.key: table for table in form.all_tables()}
    for key, value in (data or {}).items():
        if key in fields:
            if not _scalar(value):
                errors[key] = f"{fields[key].label}应为文字或数字"
            elif isinstance(value, str) and "\x00" in value:
                errors[key] = f"{fields[key].label}含有不允许的控制字符"
            else:
                raw[key] = value
        elif key in tables:
            table = tables[key]
            if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
                errors[key] = f"{table.label}应为行对象列表"
                continue
            for index, row in enumerate(value):
                for column, cell in row.items():
                    if not _scalar(cell) or (isinstance(cell, str) and "\x00" in cell):
                        errors[f"{key}-{index}-{column}"] = f"{table.label}第{index + 1}行的{column}应为文字或数字"
            raw[key] = value
    if errors:
        raise ShapeError(errors)
    return raw


def validate(
    form: Form,
    raw: dict[str, Any],
    *,
    base: dict[str, Any] | None = None,
    complete: bool = False,
    attachment_counts: dict[tuple[str, str], int] | None = None,
) -> tuple[dict[str, Any], dict[str, str]]:
    """Clean `raw` over `base` (the stored answers). Returns (answers, errors by input name).

    Draft mode checks types, ranges, row limits and cross-field rules whose figures are present;
    complete mode also checks required fields, required-if rules, minimum rows and attachments.
    """
    answers = dict(base or {})
    errors: dict[str, str] = {}
    for spec in form.all_fields():
        if spec.readonly or spec.key not in raw:
            continue
        value, error = clean_value(spec, raw[spec.key])
        if error:
            errors[spec.key] = error
        answers[spec.key] = value
    for table in form.all_tables():
        if table.key not in raw:
            continue
        answers[table.key] = _clean_table(table, raw[table.key], errors, previous=answers.get(table.key) or [])
    for spec in form.all_fields():
        if spec.key in errors or spec.readonly:
            continue
        value = answers.get(spec.key)
        if value is not None and spec.validator:
            message = spec.validator(value, answers)
            if message:
                errors[spec.key] = message
    for spec in form.all_fields():
        if not is_visible(spec, answers):
            answers[spec.key] = None
            errors.pop(spec.key, None)
    if form.finalize:
        answers = form.finalize(answers)
    for check in form.cross_checks:
        for key, message in check(answers).items():
            errors.setdefault(key, message)
    if complete:
        errors.update(
            {k: v for k, v in completeness_errors(form, answers, attachment_counts or {}).items() if k not in errors}
        )
    return answers, errors


def _clean_table(table: Table, rows: list[dict], errors: dict[str, str], previous: list[dict]) -> list[dict]:
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        errors[table.key] = f"{table.label}应为行对象列表"  # API input: a string, number, null or list of scalars
        return previous
    previous_by_uid = {row.get("_uid"): row for row in previous if row.get("_uid")}
    if len(rows) > table.max_rows:
        errors[table.key] = f"{table.label}最多填写{table.max_rows}条，当前{len(rows)}条"
    cleaned = []
    for index, row in enumerate(rows):
        uid = str(row.get("_uid") or "")[:40]
        old = previous_by_uid.get(uid, {})
        out = {"_uid": uid or f"r{index}", "_source": old.get("_source") or "manual", "_ref": old.get("_ref")}
        for column in table.columns:
            if column.readonly:
                out[column.key] = old.get(column.key)
                continue
            if out["_source"] == "register" and column.key in table.readonly_columns:
                out[column.key] = old.get(column.key)
                continue
            value, error = clean_value(column, row.get(column.key))
            if error:
                errors[f"{table.key}-{index}-{column.key}"] = error
            out[column.key] = value
        if table.row_compute:
            out.update(table.row_compute(out))
        if table.row_validator:
            for column, message in table.row_validator(out).items():
                errors.setdefault(f"{table.key}-{index}-{column}", message)
        cleaned.append(out)
    return cleaned


def is_visible(spec: Field, answers: dict) -> bool:
    if spec.show_if:
        other, expected = spec.show_if
        return answers.get(other) == expected
    return True


def labelled_errors(form: Form, errors: dict[str, str]) -> dict[str, str]:
    """Errors for a summary list, away from their inputs: a table cell's message names its table
    and row ("季度人员情况·第二季度：请填写职工人数（季初）"), so repeated messages can be told apart."""
    labelled = {}
    for key, message in errors.items():
        match = _ROW_NAME.match(key)
        table = form.table(match["table"]) if match else None
        if table is None:
            labelled[key] = message
            continue
        index = int(match["index"])
        if table.fixed_rows and index < len(table.fixed_rows):
            row = table.fixed_rows[index]
        else:
            row = f"第{index + 1}行"
        if f"第{index + 1}行" in message:  # the message already names its row
            labelled[key] = message
            continue
        labelled[key] = f"{table.label}·{row}：{message}"
    return labelled


def is_required(spec: Field, answers: dict) -> bool:
    if not is_visible(spec, answers):
        return False
    if spec.required_if:
        other, expected = spec.required_if
        return answers.get(other) == expected
    return spec.required and not spec.readonly


def completeness_errors(form: Form, answers: dict, attachment_counts: dict[tuple[str, str], int]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for section in form.sections:
        for spec in section.fields:
            if is_required(spec, answers) and answers.get(spec.key) in (None, ""):
                verb = "请选择" if spec.type in (CHOICE, YESNO) else "请填写"
                errors[spec.key] = f"{verb}{spec.label}"
        for table in section.tables:
            rows = answers.get(table.key) or []
            if len(rows) < table.min_rows:
                errors[table.key] = f"{table.label}至少填写{table.min_rows}条"
            for index, row in enumerate(rows):
                for column in table.columns:
                    if is_required(column, row) and row.get(column.key) in (None, ""):
                        verb = "请选择" if column.type in (CHOICE, YESNO) else "请填写"
                        errors[f"{table.key}-{index}-{column.key}"] = f"{verb}{column.label}"
                if table.row_slot_required is not None and not table.row_slot_required(row):
                    continue
                for slot in table.slots_per_row:
                    if slot.required and not attachment_counts.get((slot.key, row.get("_uid") or "")):
                        name = f"{table.key}-{index}-_file" + ("" if slot is table.row_slot else f"-{slot.key}")
                        errors[name] = f"请上传{slot.label}（{table.label}第{index + 1}行）"
        for slot in section.slots:
            if slot.required and not attachment_counts.get((slot.key, "")):
                errors[f"slot-{slot.key}"] = f"请上传{slot.label}"
        for records in section.records:
            errors.update(record_list_errors(records, answers.get(records.key) or [], attachment_counts))
    return errors


def record_attachment_counts(counts: dict[tuple[str, str], int], uid: str) -> dict[tuple[str, str], int]:
    """Counts of one record's files, with paths relative to the record (record → row → slot)."""
    inner = {}
    for (slot, path), number in counts.items():
        if path == uid:
            inner[(slot, "")] = number
        elif path.startswith(uid + "/"):
            inner[(slot, path[len(uid) + 1 :])] = number
    return inner


def record_list_errors(records, items: list[dict], counts: dict[tuple[str, str], int]) -> dict[str, str]:
    """A record list is complete when it has enough records and every record is complete;
    each message names the record it belongs to."""
    errors: dict[str, str] = {}
    if len(items) < records.min_records:
        errors[records.key] = f"{records.label}至少添加{records.min_records}条"
    for index, item in enumerate(items):
        inner = completeness_errors(records.form, item, record_attachment_counts(counts, item.get("_uid") or ""))
        if inner:
            errors[f"{records.key}-{index}"] = f"{records.label}第{index + 1}条：" + "；".join(inner.values())
    return errors


# ---------------------------------------------------------------- rendering


def _input_value(spec: Field, value) -> str:
    if value is None:
        return ""
    if spec.type in (MONEY, DECIMAL, PERCENT):
        return plain(value)
    return str(value)


def display(spec: Field, value) -> str:
    """A value as a read-only page shows it (choice label, money with 2 places)."""
    return _display(spec, value)


def _display(spec: Field, value) -> str:
    if value in (None, ""):
        return ""
    if spec.type in (CHOICE, YESNO):
        return spec.choice_label(value)
    if spec.type == MONEY:
        return money2(value)
    return _input_value(spec, value)


def bind_field(spec: Field, value, error: str | None, name: str, answers: dict, raw_value=None) -> dict:
    shown = raw_value if raw_value is not None else _input_value(spec, value)
    return {
        "spec": spec,
        "name": name,
        "id": "id_" + name,
        "value": "" if shown is None else str(shown),
        "display": _display(spec, value),
        "error": error,
        "required": is_required(spec, answers) or bool(spec.required_if),
        "choices": spec.choice_list(),
        "numeric": spec.type in (MONEY, DECIMAL, PERCENT, INTEGER),
    }


def bind(
    form: Form,
    answers: dict,
    *,
    raw: dict | None = None,
    errors: dict | None = None,
    attachments: dict[tuple[str, str], list] | None = None,
    extra: dict | None = None,
) -> list[dict]:
    """Sections ready for the templates: typed-but-invalid values come back as typed."""
    raw = raw or {}
    errors = errors or {}
    attachments = attachments or {}
    computed = form.computed(answers)
    sections = []
    for section in form.sections:
        fields = []
        for spec in section.fields:
            raw_value = raw.get(spec.key) if spec.key in errors else None
            fields.append(bind_field(spec, answers.get(spec.key), errors.get(spec.key), spec.key, answers, raw_value))
        tables = []
        for table in section.tables:
            rows_src = (
                raw.get(table.key) if table.key in raw and any(k.startswith(f"{table.key}-") for k in errors) else None
            )
            stored = answers.get(table.key) or []
            rows = []
            count = len(rows_src) if rows_src is not None else len(stored)
            if table.fixed_rows:
                count = len(table.fixed_rows)
            for index in range(count):
                row = stored[index] if index < len(stored) else {}
                raw_row = rows_src[index] if rows_src is not None and index < len(rows_src) else None
                cells = []
                for column in table.columns:
                    name = f"{table.key}-{index}-{column.key}"
                    raw_value = raw_row.get(column.key) if raw_row is not None and name in errors else None
                    cell = bind_field(column, row.get(column.key), errors.get(name), name, row, raw_value)
                    cell["locked"] = column.readonly or (
                        row.get("_source") == "register" and column.key in table.readonly_columns
                    )
                    cells.append(cell)
                uid = (raw_row or {}).get("_uid") or row.get("_uid") or f"r{index}"
                rows.append(
                    {
                        "index": index,
                        "label": table.fixed_rows[index] if table.fixed_rows else index + 1,
                        "uid": uid,
                        "source": row.get("_source") or "manual",
                        "cells": cells,
                        "files": attachments.get((table.row_slot.key, uid), []) if table.row_slot else [],
                        "file_error": errors.get(f"{table.key}-{index}-_file"),
                        "slots": [
                            {
                                "spec": slot,
                                "files": attachments.get((slot.key, uid), []),
                                "error": errors.get(
                                    f"{table.key}-{index}-_file" + ("" if slot is table.row_slot else f"-{slot.key}")
                                ),
                            }
                            for slot in table.slots_per_row
                        ],
                    }
                )
            blank = [bind_field(c, None, None, f"{table.key}-__i__-{c.key}", {}) for c in table.columns]
            tables.append({"spec": table, "rows": rows, "error": errors.get(table.key), "blank": blank})
        slots = [
            {"spec": slot, "files": attachments.get((slot.key, ""), []), "error": errors.get(f"slot-{slot.key}")}
            for slot in section.slots
        ]
        values = [{"spec": item, "value": _computed_text(computed.get(item.key))} for item in section.computed]
        records = [bind_records(item, answers.get(item.key) or [], errors) for item in section.records]
        sections.append(
            {
                "spec": section,
                "fields": fields,
                "tables": tables,
                "slots": slots,
                "computed": values,
                "records": records,
                **(extra or {}),
            }
        )
    return sections


def bind_records(records, items: list[dict], errors: dict) -> dict:
    """A record list as a table of summaries; each record is edited on its own page."""
    fields = [spec for spec in records.form.all_fields() if spec.key in records.summary] or list(
        records.form.all_fields()
    )[:4]
    rows = []
    for index, item in enumerate(items):
        cells = [{"display": _display(spec, item.get(spec.key)), "numeric": spec.type in (MONEY, DECIMAL, INTEGER)} for spec in fields]
        rows.append({"index": index, "uid": item.get("_uid"), "cells": cells, "error": errors.get(f"{records.key}-{index}")})
    return {"spec": records, "columns": fields, "rows": rows, "error": errors.get(records.key)}


def _computed_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return plain(value)
    return str(value)
