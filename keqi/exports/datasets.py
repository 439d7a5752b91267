"""What can be exported (P10, S2.2, S2.9): each list declares its columns once.

A dataset turns (user, params) into a scoped, filtered queryset through the same filter form
and selector as its page, and each column names the ORM path it reads, its Chinese header,
its type and, for coded values, the dictionary that translates it.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice

from django.db.models import F, TextField, Value
from django.db.models.functions import NullIf

from keqi.enterprises import selectors as enterprise_selectors
from keqi.enterprises.filters import bind
from keqi.enterprises.masking import mask_id_number, mask_mobile, may_see_personal_data
from keqi.enterprises.models import InfoChangeRequest, ReviewStatus
from keqi.enterprises.selectors import UNIT, primary_contact
from keqi.reference import selectors as reference_selectors
from keqi.reference.models import DictionaryEntry, Industry
from keqi.reference.sectors import sector_of
from keqi.reports.forms import bind as custom_query_form
from keqi.reports.selectors import FIGURES, THOUSAND_YUAN_PER_WAN, custom_query

MASKERS = {"mobile": mask_mobile, "id_number": mask_id_number}


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    source: str
    kind: str = "text"  # text | int | money | date
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
    annotations: dict = field(default_factory=dict)

    def column_map(self) -> dict[str, Column]:
        return {column.key: column for column in self.columns}


# Profile columns offered by more than one dataset, declared once.
PROFILE_COLUMNS = {
    column.key: column
    for column in (
        Column("zone", "所在园区", "zone__name"),
        Column("industry", "所属行业", "industry__name"),
        Column("registration_type", "企业注册类型", "registration_type", dictionary="registration_type"),
        Column("registered_capital", "注册资本（万元）", "registered_capital", kind="money"),
        Column("high_tech_field", "技术领域", "high_tech_field", dictionary="high_tech_field"),
        Column("employees", "职工总数", "employees", kind="int"),
        Column("tech_staff", "科技人员数", "tech_staff", kind="int"),
        Column("rd_staff", "研发人员数", "rd_staff", kind="int"),
    )
}


def profile_columns(*keys: str) -> list[Column]:
    return [PROFILE_COLUMNS[key] for key in keys]


ENTERPRISES = Dataset(
    key="enterprises",
    title="企业信息查询",
    columns=[
        Column("name", "企业名称", "name"),
        Column("uscc", "统一社会信用代码", "uscc"),
        Column("region", "所属区县", "region__name"),
        *profile_columns("zone"),
        Column("industry_section", "产业门类", "industry__section", dictionary="section"),
        Column("industry_code", "行业代码", "industry__code"),
        *profile_columns("industry", "registration_type"),
        Column("legal_representative", "法定代表人", "legal_representative"),
        Column("established_date", "成立日期", "established_date", kind="date"),
        *profile_columns("registered_capital"),
        Column("tax_collection_method", "征收方式", "tax_collection_method", dictionary="tax_collection"),
        *profile_columns("high_tech_field"),
        Column("address", "住所", "address"),
        *profile_columns("employees", "tech_staff", "rd_staff"),
        Column("graduates", "大专及以上学历人数", "graduates", kind="int"),
        Column("review_status", "审核状态", "review_status", dictionary="choices:review_status"),
        Column("stored", "入库状态（当年）", "stored", dictionary="choices:stored"),
        Column("contact_name", "联系人", "contact_pair", part=0),
        Column("contact_mobile", "联系人手机", "contact_pair", personal="mobile", part=1),
        Column("business_scope", "经营范围", "business_scope"),
    ],
    default_fields=["name", "uscc", "region", "industry", "established_date", "review_status", "stored"],
)

CHANGE_REQUESTS = Dataset(
    key="change_requests",
    title="基本信息审核",
    columns=[
        Column("enterprise", "企业名称", "enterprise__name"),
        Column("uscc", "统一社会信用代码", "enterprise__uscc"),
        Column("region", "所属区县", "enterprise__region__name"),
        Column("status", "审核状态", "status", dictionary="choices:change_status"),
        Column("submitted", "提交日期", "submitted_on", kind="date"),
        Column("opinion", "审核意见", "opinion"),
    ],
    default_fields=["enterprise", "uscc", "region", "status", "submitted", "opinion"],
)

CUSTOM_QUERY = Dataset(
    key="custom_query",
    title="自定义查询",
    columns=[
        Column("region", "区县", "region__name"),
        Column("name", "企业名称", "name"),
        Column("sector", "产业类别", "industry_code", dictionary="sector"),
        Column("uscc", "统一社会信用代码", "uscc"),
        Column("established_date", "注册年月", "established_date", kind="date"),
        Column("contact_name", "科研联系人", "contact_pair", part=0),
        Column("contact_mobile", "科研联系人手机", "contact_pair", personal="mobile", part=1),
        Column("main_revenue", "主营业务收入（千元）", "main_revenue", kind="money", scale=THOUSAND_YUAN_PER_WAN),
        Column("data_year", "数据年份", "data_year", kind="int"),
        Column("sales_revenue", "销售收入总额（千元）", "sales_revenue", kind="money", scale=THOUSAND_YUAN_PER_WAN),
        Column("rd_expense", "研发费用总额（千元）", "rd_expense", kind="money", scale=THOUSAND_YUAN_PER_WAN),
        Column("total_score", "评价自评总分", "total_score", kind="int"),
        *profile_columns(
            "zone",
            "industry",
            "registration_type",
            "registered_capital",
            "employees",
            "tech_staff",
            "rd_staff",
            "high_tech_field",
        ),
    ],
    default_fields=[
        "region",
        "name",
        "sector",
        "uscc",
        "established_date",
        "contact_name",
        "contact_mobile",
        "main_revenue",
    ],
)

DATASETS = {dataset.key: dataset for dataset in (ENTERPRISES, CHANGE_REQUESTS, CUSTOM_QUERY)}

CHOICES = {
    "review_status": dict(ReviewStatus.choices),
    "change_status": dict(InfoChangeRequest.Status.choices),
    "stored": {True: "已入库", False: "未入库"},
}


class ParamsError(Exception):
    """The list's filters did not validate; .errors holds {field: [messages]}."""

    def __init__(self, errors: dict):
        super().__init__("查询条件有误")
        self.errors = errors


def _validated(form):
    if not form.is_valid():
        raise ParamsError(form.errors.get_json_data())
    return form


def _with_contact(queryset, field_keys: list[str]):
    if "contact_name" in field_keys or "contact_mobile" in field_keys:
        return queryset.annotate(contact_pair=primary_contact())
    return queryset


def queryset_for(dataset: Dataset, user, params: dict, field_keys: list[str]):
    """The scoped, filtered queryset of the list, annotated with what the columns read."""
    if dataset.key == "enterprises":
        filters = _validated(bind(user, params)).filters()
        queryset = enterprise_selectors.query_enterprises(user, filters=filters)
        if "stored" in field_keys:
            year = filters.get("storage_year") or enterprise_selectors.current_year()
            queryset = queryset.annotate(stored=enterprise_selectors.stored_q(year))
        return _with_contact(queryset, field_keys)
    if dataset.key == "change_requests":
        from django.db.models.functions import TruncDate

        keyword = str(params.get("q", ""))
        status = str(params.get("status", "pending"))
        if len(keyword) > enterprise_selectors.KEYWORD_MAX:
            raise ParamsError({"q": [{"message": "搜索内容不能超过100个字符"}]})
        if status and status not in InfoChangeRequest.Status.values:
            raise ParamsError({"status": [{"message": f"审核状态“{status[:20]}”不存在，请重新选择"}]})
        queryset = enterprise_selectors.change_request_queue(user, keyword=keyword, status=status)
        return queryset.annotate(submitted_on=TruncDate("created_at"))
    if dataset.key == "custom_query":
        cleaned = _validated(custom_query_form(params)).cleaned_data
        figures = [key for key in field_keys if key in FIGURES]
        queryset = custom_query(user, keyword=cleaned["q"], year=cleaned["year"], figures=figures)
        return _with_contact(queryset, field_keys)
    raise KeyError(dataset.key)


def describe_filters(dataset: Dataset, user, params: dict) -> str:
    """The list's filters in words for the file's title rows ("审核状态：待审核；所属区域：…")."""
    params = {name: str(value) for name, value in params.items() if value not in (None, "")}
    parts: list[str] = []
    if dataset.key == "enterprises":
        form = bind(user, params)
        form.is_valid()
        for name, bound in form.fields.items():
            value = params.get(name)
            if not value or name == "sort":
                continue
            if name == "region":
                region = form.cleaned_data.get("region")
                shown = reference_selectors.region_label(region) if region is not None else value
            elif name == "industry":
                industry = Industry.objects.filter(code=value.upper()).first()
                shown = f"{industry.code} {industry.name}" if industry else value
            elif hasattr(bound, "choices"):
                shown = dict(bound.choices).get(value, value)
            else:
                shown = value
            parts.append(f"{bound.label}：{shown}")
    elif dataset.key == "change_requests":
        if params.get("q"):
            parts.append(f"企业名称/统一社会信用代码：{params['q']}")
        status = params.get("status", "pending")
        parts.append("审核状态：" + (CHOICES["change_status"].get(status, status) if status else "全部"))
    elif dataset.key == "custom_query":
        form = custom_query_form(params)
        for name, bound in form.fields.items():
            if params.get(name):
                parts.append(f"{bound.label}：{params[name]}")
    return "查询条件：" + ("；".join(parts) or "全部")


class Translation(dict):
    """Code → label; an empty code is an empty cell and an unknown code shows as itself.
    Looked up with the C-level __getitem__ once per cell."""

    def __init__(self, mapping: dict):
        super().__init__(mapping)
        self[None] = self[""] = None

    def __missing__(self, code):
        return code


def translations(columns: list[Column]) -> list[dict | None]:
    maps = []
    for column in columns:
        if column.dictionary is None:
            maps.append(None)
        elif column.dictionary.startswith("choices:"):
            maps.append(CHOICES[column.dictionary.split(":", 1)[1]])
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
    maps = translations(columns)
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
