"""What can be exported (P10): each list declares its columns once, in its own app.

A dataset turns (user, params) into a scoped, filtered queryset through the same filter form
and selector as its page, and each column names the ORM path it reads, its Chinese header,
its type and, for coded values, the dictionary that translates it. Apps declare datasets in
`<app>/exports.py` (`DATASETS = [...]`, and `PROVIDERS = {prefix: func}` for datasets made per
record, e.g. one per program); the engine imports no app.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice

from django.db.models import F, TextField, Value
from django.db.models.functions import NullIf

from keqi.core.discovery import app_modules
from keqi.core.masking import mask_id_number, mask_mobile, may_see_personal_data
from keqi.exports.writers import excel_time
from keqi.reference.models import DictionaryEntry, Industry
from keqi.reference.sectors import sector_of

MASKERS = {"mobile": mask_mobile, "id_number": mask_id_number}
UNIT = "\x1f"  # joins two values read by one subquery (e.g. a contact's name and mobile)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    source: str
    kind: str = "text"  # text | int | money | date | datetime (kept as local date-time, see writers)
    dictionary: str | None = None  # DictionaryEntry category, "choices:<name>" or "section"
    personal: str | None = None  # "mobile" / "id_number": masked unless the user may see personal data
    part: int | None = None  # for a UNIT-joined source: which part
    scale: Decimal | None = None  # multiplies an amount, e.g. 万元 → 千元


@dataclass
class Dataset:
    key: str
    title: str
    columns: list[Column]
    default_fields: list[str]
    # (user, params, field keys) → the scoped, filtered, annotated queryset; ParamsError when
    # the filters do not validate.
    queryset: Callable | None = None
    # (user, params) → the filters in words, for the file's title rows
    describe: Callable | None = None
    choices: dict[str, dict] = field(default_factory=dict)  # "choices:<name>" translations
    param_names: list[str] = field(default_factory=list)  # the list page's filter parameters
    annotations: dict = field(default_factory=dict)

    def column_map(self) -> dict[str, Column]:
        return {column.key: column for column in self.columns}


_DATASETS: dict[str, Dataset] = {}
_PROVIDERS: dict[str, Callable[[str], Dataset | None]] = {}
_discovered = False


def _discover() -> None:
    global _discovered
    if _discovered:
        return
    for module in app_modules("exports"):
        for dataset in getattr(module, "DATASETS", []):
            _DATASETS[dataset.key] = dataset
        _PROVIDERS.update(getattr(module, "PROVIDERS", {}))
    _discovered = True


def get(key: str) -> Dataset | None:
    """The dataset named `key`: declared by an app, or made by a provider for a prefix."""
    _discover()
    if key in _DATASETS:
        return _DATASETS[key]
    prefix, _, rest = key.partition(":")
    provider = _PROVIDERS.get(prefix)
    return provider(rest) if provider and rest else None


def registered() -> dict[str, Dataset]:
    _discover()
    return dict(_DATASETS)


class ParamsError(Exception):
    """The list's filters did not validate; .errors holds {field: [messages]}."""

    def __init__(self, errors: dict):
        super().__init__("查询条件有误")
        self.errors = errors


def validated(form):
    """The filter form when valid, else ParamsError with its messages."""
    if not form.is_valid():
        raise ParamsError(form.errors.get_json_data())
    return form


def queryset_for(dataset: Dataset, user, params: dict, field_keys: list[str]):
    """The scoped, filtered queryset of the list, annotated with what the columns read."""
    return dataset.queryset(user, params, field_keys)


def describe_filters(dataset: Dataset, user, params: dict) -> str:
    """The list's filters in words for the file's title rows ("审核状态：待审核；所属区域：…")."""
    params = {name: str(value) for name, value in params.items() if value not in (None, "")}
    parts = dataset.describe(user, params) if dataset.describe else []
    return "查询条件：" + ("；".join(parts) or "全部")


class Translation(dict):
    """Code → label; an empty code is an empty cell and an unknown code shows as itself.
    Looked up with the C-level __getitem__ once per cell."""

    def __init__(self, mapping: dict):
        super().__init__(mapping)
        self[None] = self[""] = None

    def __missing__(self, code):
        return code


def translations(dataset: Dataset, columns: list[Column]) -> list[dict | None]:
    maps = []
    for column in columns:
        if column.dictionary is None:
            maps.append(None)
        elif column.dictionary.startswith("choices:"):
            maps.append(dataset.choices[column.dictionary.split(":", 1)[1]])
        elif column.dictionary == "sector":
            codes = Industry.objects.filter(level=4).values_list("code", flat=True)
            maps.append({code: sector_of(code) for code in codes})
        elif column.dictionary == "section":
            maps.append(dict(Industry.objects.filter(level=1).values_list("code", "name")))
        else:
            maps.append(dict(DictionaryEntry.objects.filter(category=column.dictionary).values_list("code", "label")))
    return maps


def _is_plain_text(column: Column) -> bool:
    return column.kind == "text" and column.dictionary is None and column.personal is None and column.part is None


def _selected(column: Column):
    """What the query selects for a column: empty plain text becomes NULL in the database (an
    empty cell), sparing a Python call per cell (600,000 in a 100,000-row export)."""
    if _is_plain_text(column):
        return NullIf(F(column.source), Value(""), output_field=TextField())
    return column.source


def rows(dataset: Dataset, user, queryset, columns: list[Column], chunk_size: int = 2000) -> Iterator[tuple]:
    """Typed, translated, masked rows, read from the database in chunks (constant memory)."""
    maps = translations(dataset, columns)
    show_personal = may_see_personal_data(user)
    maskers = [None if show_personal or c.personal is None else MASKERS[c.personal] for c in columns]
    converters = []
    expressions = {}  # (source, how) → what to select; a source shared by columns is selected once
    keys = []
    for index, column in enumerate(columns):
        mapping, masker = maps[index], maskers[index]
        selected = _selected(column)
        key = (column.source, type(selected).__name__)
        expressions.setdefault(key, selected)
        keys.append(key)
        if column.part is not None:

            def split(value, part=column.part, masker=masker):
                if not value:
                    return None
                text = value.split(UNIT)[part] or None
                return masker(text) if masker else text

            converters.append((index, split))
        elif mapping is not None:
            converters.append((index, Translation(mapping).__getitem__))
        elif masker is not None:
            converters.append((index, masker))
        elif column.scale is not None:
            converters.append((index, lambda v, scale=column.scale: None if v is None else v * scale))
        elif column.kind == "datetime":
            converters.append((index, excel_time))
    selections = list(expressions)
    values = queryset.values_list(*expressions.values()).iterator(chunk_size=chunk_size)
    if len(selections) == len(columns) and not converters:
        yield from values
        return
    positions = [selections.index(key) for key in keys]
    # Column-wise per chunk: transposing and mapping run in C, so the Python work per cell
    # is only the converter itself (a third less time than converting row by row).
    while chunk := list(islice(values, chunk_size)):
        selected = list(zip(*chunk, strict=True))
        out = [selected[position] for position in positions]
        for index, convert in converters:
            out[index] = map(convert, out[index])
        yield from zip(*out, strict=True)
