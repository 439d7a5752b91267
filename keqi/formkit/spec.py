"""Form declarations: a form is data (sections, typed fields, child tables, attachment slots,
computed values, required-if rules). One declaration drives rendering, server validation,
draft saving, printing and export (see docs/decisions/0004-formkit.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

MONEY = "money"  # Decimal 万元, 4 places
INTEGER = "integer"
DECIMAL = "decimal"
PERCENT = "percent"
DATE = "date"
CHOICE = "choice"
YESNO = "yesno"
TEXT = "text"
TEXTAREA = "textarea"

YES_NO = (("yes", "是"), ("no", "否"))


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    type: str = TEXT
    required: bool = True
    choices: tuple[tuple[str, str], ...] | Callable[[], tuple[tuple[str, str], ...]] = ()
    allow_negative: bool = False
    max_length: int = 200
    min_value: Any = None
    max_value: Any = None
    help: str = ""
    placeholder: str = "请填写内容"
    required_if: tuple[str, str] | None = None  # (other field key, value) → required when equal
    show_if: tuple[str, str] | None = None  # (other field key, value) → shown (and kept) only when equal
    readonly: bool = False  # shown, never posted (e.g. computed or from the profile)
    validator: Callable[[Any, dict], str | None] | None = None  # (value, all answers) → message

    def choice_list(self) -> tuple[tuple[str, str], ...]:
        if self.type == YESNO and not self.choices:
            return YES_NO
        return self.choices() if callable(self.choices) else self.choices

    def choice_label(self, value) -> str:
        return dict(self.choice_list()).get(value, "" if value is None else str(value))


# Slot file types (sniffed by content in keqi.files) and what the browser's picker offers.
SLOT_ACCEPT = {
    "pdf": ".pdf,application/pdf",
    "image": "image/png,image/jpeg",
    "zip": ".zip,application/zip,application/x-zip-compressed",
    "office": ".doc,.docx,.xls,.xlsx,.ppt,.pptx,.wps,.et,.dps,application/msword,application/vnd.ms-excel,"
    "application/vnd.ms-powerpoint,application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,"
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


@dataclass(frozen=True)
class Slot:
    """An attachment slot: which file types, how large, how many.

    `types` are sniffed by content (keqi.files): "pdf", "image" (PNG/JPEG), "zip" (members
    listed and checked), "office" (Word/Excel/PowerPoint/WPS, legacy and OOXML). For ZIPs,
    `max_unpacked_bytes` caps the members' total uncompressed size and `max_members` their number.
    """

    key: str
    label: str
    types: tuple[str, ...] = ("pdf",)
    max_bytes: int = 3 * 1024 * 1024
    max_count: int = 1
    required: bool = True
    help: str = ""
    max_unpacked_bytes: int = 1024 * 1024 * 1024
    max_members: int = 2000

    def __post_init__(self):
        types = (self.types,) if isinstance(self.types, str) else tuple(self.types)  # JSON lists too
        object.__setattr__(self, "types", types)
        unknown = [kind for kind in self.types if kind not in SLOT_ACCEPT]
        if unknown or not self.types:
            raise ValueError(f"slot {self.key}: unknown file types {unknown or self.types}; known: {list(SLOT_ACCEPT)}")

    @property
    def size_label(self) -> str:
        mb = self.max_bytes / (1024 * 1024)
        return f"{mb:g}M"

    @property
    def accept(self) -> str:
        return ",".join(SLOT_ACCEPT[kind] for kind in SLOT_ACCEPT if kind in self.types)


@dataclass(frozen=True)
class Table:
    """A child table with row limits; each row may carry one attachment (`row_slot`)."""

    key: str
    label: str
    columns: tuple[Field, ...]
    min_rows: int = 0
    max_rows: int = 50
    fixed_rows: tuple[str, ...] = ()  # row labels of a fixed-size table (e.g. quarters)
    row_slot: Slot | None = None
    row_slots: tuple[Slot, ...] = ()  # several uploads per row (row_slot is the one-slot shorthand)
    row_slot_required: Callable[[dict], bool] | None = None  # which rows need their attachment
    row_validator: Callable[[dict], dict[str, str]] | None = None  # row → {column: message}
    readonly_columns: tuple[str, ...] = ()  # columns filled by the system (picked rows)
    row_compute: Callable[[dict], dict] | None = None  # row → computed columns stored with it
    help: str = ""
    add_label: str = "增行"
    pick: str = ""  # a register the enterprise picks rows from (registry.PICKERS); the host links it
    pick_label: str = ""

    @property
    def slots_per_row(self) -> tuple[Slot, ...]:
        return ((self.row_slot,) if self.row_slot else ()) + self.row_slots


@dataclass(frozen=True)
class RecordList:
    """A list of sub-form records (e.g. several 首台（套） entries), each a small form of its own
    with fields, uploads and child tables; edited one record at a time on its own page."""

    key: str
    label: str
    form: Form
    summary: tuple[str, ...] = ()  # field keys shown as the list's columns
    min_records: int = 0
    max_records: int = 50
    help: str = ""


@dataclass(frozen=True)
class Computed:
    key: str
    label: str
    func: Callable[[dict], Any]
    unit: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    fields: tuple[Field, ...] = ()
    tables: tuple[Table, ...] = ()
    slots: tuple[Slot, ...] = ()
    computed: tuple[Computed, ...] = ()
    records: tuple[RecordList, ...] = ()
    help: str = ""
    optional: bool = False
    template: str = ""  # a custom include for the section body (else the generic one)


@dataclass(frozen=True)
class Form:
    key: str
    version: str
    title: str
    sections: tuple[Section, ...]
    cross_checks: tuple[Callable[[dict], dict[str, str]], ...] = field(default=())
    finalize: Callable[[dict], dict] | None = None  # answers → answers (clear hidden blocks …)

    def all_fields(self):
        for section in self.sections:
            yield from section.fields

    def all_tables(self):
        for section in self.sections:
            yield from section.tables

    def all_slots(self):
        for section in self.sections:
            yield from section.slots
        for table in self.all_tables():
            yield from table.slots_per_row

    def slot(self, key: str) -> Slot | None:
        return next((slot for slot in self.all_slots() if slot.key == key), None)

    def table(self, key: str) -> Table | None:
        return next((table for table in self.all_tables() if table.key == key), None)

    def all_records(self):
        for section in self.sections:
            yield from section.records

    def record_list(self, key: str) -> RecordList | None:
        return next((item for item in self.all_records() if item.key == key), None)

    def computed(self, answers: dict) -> dict[str, Any]:
        values = {}
        for section in self.sections:
            for item in section.computed:
                values[item.key] = item.func(answers)
        return values
