"""Declared input fields: parsing with Chinese messages, and the JSON Schema derived from them.

Each ruleset lists its fields once; ``parse_fields`` turns a raw JSON object into a dict of
typed values (Decimal, int, bool, str, date, lists) and collects every error instead of
stopping at the first one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from .errors import field_error
from .numbers import MAX_PLACES, NumberError, integral, parse_decimal, parse_int, plain

# Field kinds.
AMOUNT = "amount"  # 万元, >= 0
SIGNED_AMOUNT = "signed_amount"  # 万元, any sign (net profit, net assets)
STAFF = "staff"  # persons, may be fractional (averages), >= 0
COUNT = "count"  # integer >= 0 (or within minimum/maximum)
NUMBER = "number"  # Decimal within minimum/maximum (scores, ratios, years)
BOOL = "bool"
CHOICE = "choice"
DATE = "date"
QUARTERS = "quarters"  # four [start, end] pairs of staff figures
RD_PROJECTS = "rd_projects"  # list of {"form", "amount"}
AMOUNT_LIST = "amount_list"  # list of signed amounts, exactly ``length`` items
CHOICE_SET = "choice_set"  # a multiple choice: distinct values out of ``choices``
TEXT = "text"  # a short name (at most ``length`` characters, default 200)
RECORDS = "records"  # list of objects, each parsed with ``items`` (at most ``length`` rows)
MAPPING = "mapping"  # a JSON object the ruleset's ``prepare`` checks (e.g. administrator-set parameters)

RD_FORMS = ("self", "cooperative", "centralized", "commissioned_domestic", "commissioned_overseas")

_NUMBER_MESSAGES = {
    "type": "应为数值（整数、小数或十进制数字字符串，不接受浮点数）",
    "finite": "应为有限数值",
    "size": "数值过大（绝对值须小于 10 的 12 次方）",
    "places": f"小数位数过多（最多 {MAX_PLACES} 位）",
    "integer": "应为整数",
}

_MISSING = object()


@dataclass(frozen=True)
class Field:
    """One input figure or flag of a ruleset."""

    name: str
    kind: str
    label: str
    required: bool = False
    default: Any = None
    nullable: bool = False
    minimum: Decimal | int | None = None
    maximum: Decimal | int | None = None
    choices: tuple[str, ...] = ()
    length: int | None = None
    description: str = ""
    items: tuple[Field, ...] = ()  # the row fields of a RECORDS list

    def lower(self) -> Decimal | int | None:
        if self.minimum is not None:
            return self.minimum
        if self.kind in (AMOUNT, STAFF, COUNT):
            return 0
        return None


def parse_fields(fields: tuple[Field, ...], raw: dict[str, Any]) -> tuple[dict[str, Any], list[dict]]:
    """Typed values for every declared field (defaults filled in) and the list of errors."""
    data: dict[str, Any] = {}
    errors: list[dict] = []
    for spec in fields:
        value = raw.get(spec.name, _MISSING)
        if value is _MISSING or value is None:
            if value is None and spec.nullable:
                data[spec.name] = None
            elif spec.required:
                errors.append(field_error(spec.name, f"缺少必填项：{spec.label}"))
            else:
                data[spec.name] = spec.default
            continue
        try:
            data[spec.name] = _parse_value(spec, value, errors)
        except _Bad as bad:
            errors.append(field_error(bad.path or spec.name, f"{spec.label}{bad.message}"))
    return data, errors


class _Bad(ValueError):
    def __init__(self, message: str, path: str | None = None) -> None:
        self.message = message
        self.path = path
        super().__init__(message)


def _number(spec: Field, value: Any, path: str | None = None) -> Decimal:
    try:
        number = parse_decimal(value)
    except NumberError as error:
        raise _Bad(_NUMBER_MESSAGES[error.code], path) from None
    _check_range(spec, number, path)
    return number


def _check_range(spec: Field, number: Decimal | int, path: str | None) -> None:
    lower, upper = spec.lower(), spec.maximum
    if lower is not None and number < lower:
        raise _Bad("不能为负数" if lower == 0 else f"不能小于 {plain(lower)}", path)
    if upper is not None and number > upper:
        raise _Bad(f"不能大于 {plain(upper)}", path)


def _parse_value(spec: Field, value: Any, errors: list[dict]) -> Any:
    kind = spec.kind
    if kind in (AMOUNT, SIGNED_AMOUNT, STAFF, NUMBER):
        return _number(spec, value)
    if kind == COUNT:
        try:
            number = parse_int(value)
        except NumberError as error:
            raise _Bad(_NUMBER_MESSAGES[error.code]) from None
        _check_range(spec, number, None)
        return number
    if kind == BOOL:
        if not isinstance(value, bool):
            raise _Bad("应为 true 或 false")
        return value
    if kind == CHOICE:
        if not isinstance(value, str) or value not in spec.choices:
            raise _Bad(f"取值无效：“{value}”，可选：{'、'.join(spec.choices)}")
        return value
    if kind == DATE:
        return _date(value)
    if kind == CHOICE_SET:
        return _choice_set(spec, value)
    if kind == TEXT:
        limit = spec.length or 200
        if not isinstance(value, str) or "\x00" in value:
            raise _Bad("应为文本")
        if len(value) > limit:
            raise _Bad(f"不能超过 {limit} 个字符")
        return value.strip()
    if kind == QUARTERS:
        return _quarters(spec, value, errors)
    if kind == RD_PROJECTS:
        return _rd_projects(spec, value, errors)
    if kind == AMOUNT_LIST:
        return _amount_list(spec, value, errors)
    if kind == RECORDS:
        return _records(spec, value, errors)
    if kind == MAPPING:
        if not isinstance(value, dict):
            raise _Bad("应为 JSON 对象")
        return value
    raise AssertionError(f"unknown field kind {kind}")


def _choice_set(spec: Field, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _Bad("应为所选选项组成的列表")
    unknown = [item for item in value if item not in spec.choices]
    if unknown:
        raise _Bad(f"取值无效：“{unknown[0]}”，可选：{'、'.join(spec.choices)}")
    if len(set(value)) != len(value):
        raise _Bad("选项重复")
    return tuple(item for item in spec.choices if item in value)


def _date(value: Any) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _Bad("应为 YYYY-MM-DD 格式的日期")


def parse_date(value: Any) -> date:
    """Parse an ISO date (used for ``as_of``); raises ValueError with a Chinese message."""
    try:
        return _date(value)
    except _Bad as bad:
        raise ValueError(bad.message) from None


def _nested(spec: Field, errors: list[dict], path: str, message: str) -> None:
    errors.append(field_error(path, f"{spec.label}{message}"))


def _quarters(spec: Field, value: Any, errors: list[dict]) -> tuple[tuple[Decimal, Decimal], ...] | None:
    if not isinstance(value, list) or len(value) != 4:
        raise _Bad("应为 4 个季度的 [季初, 季末] 数据")
    pairs = []
    bad = False
    for index, pair in enumerate(value):
        if not isinstance(pair, list) or len(pair) != 2:
            _nested(spec, errors, f"{spec.name}[{index}]", f"第 {index + 1} 季度应为 [季初, 季末] 两个数")
            bad = True
            continue
        numbers = []
        for side, item in enumerate(pair):
            try:
                numbers.append(_number(spec, item, f"{spec.name}[{index}][{side}]"))
            except _Bad as error:
                position = "季初" if side == 0 else "季末"
                _nested(spec, errors, error.path or spec.name, f"第 {index + 1} 季度{position}{error.message}")
                bad = True
        if len(numbers) == 2:
            pairs.append((numbers[0], numbers[1]))
    return None if bad else tuple(pairs)


def _rd_projects(spec: Field, value: Any, errors: list[dict]) -> tuple[tuple[str, Decimal], ...] | None:
    if not isinstance(value, list):
        raise _Bad("应为研发项目列表")
    rows = []
    bad = False
    amount_spec = Field("amount", AMOUNT, "")
    for index, row in enumerate(value):
        path = f"{spec.name}[{index}]"
        if not isinstance(row, dict):
            _nested(spec, errors, path, f'第 {index + 1} 行应为对象 {{"form", "amount"}}')
            bad = True
            continue
        form = row.get("form")
        if form not in RD_FORMS:
            _nested(
                spec, errors, f"{path}.form", f"第 {index + 1} 行研发形式无效：“{form}”，可选：{'、'.join(RD_FORMS)}"
            )
            bad = True
        if row.get("amount") is None:
            _nested(spec, errors, f"{path}.amount", f"第 {index + 1} 行缺少金额")
            bad = True
            continue
        try:
            amount = _number(amount_spec, row["amount"], f"{path}.amount")
        except _Bad as error:
            _nested(spec, errors, f"{path}.amount", f"第 {index + 1} 行金额{error.message}")
            bad = True
            continue
        rows.append((form, amount))
    return None if bad else tuple(rows)


def _amount_list(spec: Field, value: Any, errors: list[dict]) -> tuple[Decimal, ...] | None:
    if not isinstance(value, list) or (spec.length is not None and len(value) != spec.length):
        raise _Bad(f"应为 {spec.length} 个年度数值组成的列表（按年份从早到晚）")
    numbers = []
    bad = False
    for index, item in enumerate(value):
        try:
            numbers.append(_number(spec, item, f"{spec.name}[{index}]"))
        except _Bad as error:
            _nested(spec, errors, error.path or spec.name, f"第 {index + 1} 年{error.message}")
            bad = True
    return None if bad else tuple(numbers)


def _records(spec: Field, value: Any, errors: list[dict]) -> tuple[dict[str, Any], ...] | None:
    """Each row parsed with the row fields; errors name the row (``platforms[2].date``)."""
    if not isinstance(value, list):
        raise _Bad("应为列表")
    if spec.length is not None and len(value) > spec.length:
        raise _Bad(f"最多 {spec.length} 条，实际 {len(value)} 条")
    rows = []
    bad = False
    for index, row in enumerate(value):
        path = f"{spec.name}[{index}]"
        if not isinstance(row, dict):
            _nested(spec, errors, path, f"第 {index + 1} 条应为对象")
            bad = True
            continue
        parsed, row_errors = parse_fields(spec.items, row)
        for error in row_errors:
            errors.append(field_error(f"{path}.{error['field']}", f"{spec.label}第 {index + 1} 条：{error['message']}"))
        bad = bad or bool(row_errors)
        rows.append(parsed)
    return None if bad else tuple(rows)


# JSON Schema -------------------------------------------------------------------------------

_DECIMAL_STRING = {"type": "string", "pattern": r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$"}


def _number_schema(spec: Field, integer: bool = False) -> dict[str, Any]:
    numeric: dict[str, Any] = {"type": "integer" if integer else "number"}
    lower, upper = integral(spec.lower()), integral(spec.maximum)
    if lower is not None:
        numeric["minimum"] = lower
    if upper is not None:
        numeric["maximum"] = upper
    if integer:
        return numeric
    return {"anyOf": [numeric, dict(_DECIMAL_STRING)]}


def field_schema(spec: Field) -> dict[str, Any]:
    """The JSON Schema of one field (numbers also accepted as decimal strings)."""
    kind = spec.kind
    if kind in (AMOUNT, SIGNED_AMOUNT, STAFF, NUMBER):
        schema = _number_schema(spec)
    elif kind == COUNT:
        schema = _number_schema(spec, integer=True)
    elif kind == BOOL:
        schema = {"type": "boolean"}
    elif kind == CHOICE:
        schema = {"type": "string", "enum": list(spec.choices)}
    elif kind == DATE:
        schema = {"type": "string", "format": "date"}
    elif kind == CHOICE_SET:
        schema = {"type": "array", "items": {"type": "string", "enum": list(spec.choices)}, "uniqueItems": True}
    elif kind == TEXT:
        schema = {"type": "string", "maxLength": spec.length or 200}
    elif kind == QUARTERS:
        pair = {"type": "array", "items": _number_schema(Field("q", STAFF, "")), "minItems": 2, "maxItems": 2}
        schema = {"type": "array", "items": pair, "minItems": 4, "maxItems": 4}
    elif kind == RD_PROJECTS:
        row = {
            "type": "object",
            "properties": {
                "form": {"type": "string", "enum": list(RD_FORMS)},
                "amount": _number_schema(Field("amount", AMOUNT, "")),
            },
            "required": ["form", "amount"],
        }
        schema = {"type": "array", "items": row}
    elif kind == AMOUNT_LIST:
        schema = {"type": "array", "items": _number_schema(spec)}
        if spec.length is not None:
            schema.update(minItems=spec.length, maxItems=spec.length)
    elif kind == RECORDS:
        row_schema = {
            "type": "object",
            "properties": {item.name: field_schema(item) for item in spec.items},
            "required": [item.name for item in spec.items if item.required],
        }
        schema = {"type": "array", "items": row_schema}
        if spec.length is not None:
            schema["maxItems"] = spec.length
    elif kind == MAPPING:
        schema = {"type": "object"}
    else:  # pragma: no cover - guarded by the field declarations
        raise AssertionError(kind)
    if spec.nullable:
        schema = {"anyOf": [schema, {"type": "null"}]}
    schema["title"] = spec.label
    if spec.description:
        schema["description"] = spec.description
    if not spec.required and spec.default is not None:
        schema["default"] = spec.default if not isinstance(spec.default, Decimal) else plain(spec.default)
    return schema


def object_schema(fields: tuple[Field, ...], *, title: str, any_of: tuple[tuple[str, ...], ...] = ()) -> dict[str, Any]:
    """The input JSON Schema of a ruleset; ``any_of`` lists "one of these is required" groups."""
    properties = {spec.name: field_schema(spec) for spec in fields}
    properties["as_of"] = {
        "type": "string",
        "format": "date",
        "title": "评价基准日",
        "description": "选择该日期有效的规则版本；缺省为今天",
    }
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        "type": "object",
        "properties": properties,
        "required": [spec.name for spec in fields if spec.required],
    }
    groups = [{"anyOf": [{"required": [name]} for name in group]} for group in any_of]
    if len(groups) == 1:
        schema.update(groups[0])
    elif groups:
        schema["allOf"] = groups
    return schema
