"""导出 Excel of each library (P10): the list's rows with its filters and the parameters in force,
written into the file's title rows. Datasets "library:<key>" and "library-outreach:<key>"."""

from django.db.models import Q

from keqi.exports.datasets import Column, Dataset, ParamsError
from keqi.libraries import queries, selectors, sql
from keqi.libraries.models import ReportFact
from keqi.policy import libraries as policy

ORDERS = {"name": ("name", "id"), "-operating_revenue": ("-operating_revenue", "name", "id"),
          "-established": ("-established_date", "name", "id")}  # fmt: skip
INCLUDE_LABELS = {"pass": "全部条件符合", "unknown": "需补充信息"}


def condition_fields(library: policy.Library) -> list[str]:
    seen: list[str] = []
    for condition in library.conditions:
        for check in condition.checks:
            for name in check.fields:
                if name not in seen:
                    seen.append(name)
    return seen


def param_names(library: policy.Library) -> list[str]:
    base = ["year", "q", "established_from", "established_to", "first_year", "district", "sort", "include"]
    return base + sorted({p.key for p in library.params()})


def _parsed(library, user, params):
    parsed = queries.parse(library, user, params)
    if parsed.errors:
        raise ParamsError({k: [{"message": v}] for k, v in parsed.errors.items()})
    return parsed


def _rows(library: policy.Library, user, params: dict, outreach: bool = False):
    parsed = _parsed(library, user, params)
    query = parsed.query
    rows = ReportFact.objects.filter(queries.scope_q(user), year=query.year)
    rows = rows.filter(sql.members_q(library, parsed.values, parsed.include))
    if query.q:
        rows = rows.filter(Q(name__contains=query.q) | Q(uscc__contains=query.q.upper()))
    if query.established_from:
        rows = rows.filter(established_date__gte=query.established_from)
    if query.established_to:
        rows = rows.filter(established_date__lte=query.established_to)
    if query.first_year:
        rows = rows.filter(growth_first_year=query.first_year)
    if query.region_path:
        rows = rows.filter(Q(region_path__startswith=query.region_path) | Q(zone_path__startswith=query.region_path))
    if outreach:
        rows = selectors.not_holding(rows, library.outreach_kind)
    return rows.order_by(*ORDERS.get(query.sort, ORDERS["name"]))


def describe_for(library: policy.Library, user, params: dict) -> list[str]:
    parsed = queries.parse(library, user, params)
    query = parsed.query
    parts = [f"年份：{query.year}年"]
    if query.q:
        parts.append(f"搜索：{query.q}")
    if query.established_from or query.established_to:
        start = query.established_from.isoformat() if query.established_from else "不限"
        end = query.established_to.isoformat() if query.established_to else "不限"
        parts.append(f"成立日期：{start}至{end}")
    if query.first_year:
        parts.append(f"首次符合条件：{query.first_year}年")
    if query.region_path:
        parts.append("所属区县：" + next((r.name for r in parsed.districts if r.path == query.region_path), ""))
    if parsed.include:
        parts.append(f"筛选结果：{INCLUDE_LABELS[parsed.include]}")
    state = "已设置" if parsed.changed else "默认值"
    parts.append(f"条件参数（{state}）：" + " ".join(policy.describe(library, parsed.values)))
    return parts


def columns_for(library: policy.Library) -> list[Column]:
    found = [
        Column("name", "企业名称", "name"),
        Column("uscc", "统一社会信用代码", "uscc"),
        Column("region", "所属区县", "region__name"),
        Column("established", "成立日期", "established_date", kind="date"),
        Column("year", "年份", "year", kind="int"),
    ]
    if library.key == policy.GROWTH_LIBRARY:
        found.append(Column("growth_first_year", "首次符合条件", "growth_first_year", kind="int"))
    for name in condition_fields(library):
        label, unit, kind = policy.FACT_FIELDS[name]
        header = f"{label}（{unit}）" if unit else label
        if kind == "flag":
            found.append(Column(name, header, name, dictionary="choices:flag"))
        else:
            found.append(Column(name, header, name, kind="money" if kind == "money" else "int"))
    return found


def dataset_for(key: str, outreach: bool = False) -> Dataset | None:
    library = policy.LIBRARIES.get(key)
    if library is None or library.kind != "screen" or (outreach and not library.outreach_kind):
        return None
    columns = columns_for(library)
    return Dataset(
        key=f"library-outreach:{key}" if outreach else f"library:{key}",
        title=f"{library.name}免申即享候选企业" if outreach else library.name,
        columns=columns,
        default_fields=[c.key for c in columns],
        queryset=lambda user, params, field_keys: _rows(library, user, params, outreach),
        describe=lambda user, params: describe_for(library, user, params),
        choices={"flag": {1: "是", 0: "否"}},
        param_names=param_names(library),
    )


PROVIDERS = {"library": dataset_for, "library-outreach": lambda key: dataset_for(key, outreach=True)}


def recognition_dataset(key: str) -> Dataset | None:
    library = policy.LIBRARIES.get(key)
    if library is None or library.kind != "recognition":
        return None

    def rows(user, params, field_keys):
        keyword = str(params.get("q", "")).replace("\x00", "").strip()
        if len(keyword) > queries.MAX_SEARCH:
            raise ParamsError({"q": [{"message": f"搜索内容不能超过{queries.MAX_SEARCH}个字符"}]})
        return selectors.recognised(user, library.outreach_kind, keyword)

    columns = [
        Column("name", "企业名称", "enterprise__name"),
        Column("uscc", "统一社会信用代码", "enterprise__uscc"),
        Column("region", "所属区县", "enterprise__region__name"),
        Column("number", "证书编号/登记编号", "number"),
        Column("year", "年度", "year", kind="int"),
        Column("issued_on", "认定日期", "issued_on", kind="date"),
        Column("valid_until", "有效期至", "valid_until", kind="date"),
    ]
    return Dataset(
        key=f"recognition:{key}",
        title=library.name,
        columns=columns,
        default_fields=[c.key for c in columns],
        queryset=rows,
        describe=lambda user, params: [f"搜索：{params['q']}"] if params.get("q") else [],
        param_names=["q"],
    )


PROVIDERS["recognition"] = recognition_dataset


def _reserve_rows(user, params, field_keys):
    code = str(params.get("district", "")).strip()
    chosen = next((r for r in queries.districts_for(user) if r.code == code), None)
    if code and chosen is None:
        raise ParamsError({"district": [{"message": "所属区县不存在或不在本单位管辖范围内"}]})
    return selectors.reserve(user, chosen.path if chosen else "")


def _reserve_describe(user, params):
    code = params.get("district")
    region = next((r for r in queries.districts_for(user) if r.code == code), None) if code else None
    return [f"所属区县：{region.name}"] if region else []


RESERVE_COLUMNS = [
    Column("name", "企业名称", "enterprise__name"),
    Column("uscc", "统一社会信用代码", "enterprise__uscc"),
    Column("region", "所属区县", "enterprise__region__name"),
    Column("added_on", "入库日期", "added_at__date", kind="date"),
    Column("added_by", "操作人", "added_by__display_name"),
    Column("note", "备注", "note"),
]
DATASETS = [
    Dataset(
        key="library-reserve",
        title=policy.STAR_RESERVE.name,
        columns=RESERVE_COLUMNS,
        default_fields=[c.key for c in RESERVE_COLUMNS],
        queryset=_reserve_rows,
        describe=_reserve_describe,
        param_names=["district"],
    )
]
