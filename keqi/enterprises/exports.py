"""Enterprise lists' exports (P10, S2.2): 企业信息查询 and 基本信息审核, declared once."""


from keqi.enterprises import selectors as enterprise_selectors
from keqi.enterprises.filters import bind
from keqi.enterprises.models import InfoChangeRequest, ReviewStatus
from keqi.enterprises.selectors import primary_contact
from keqi.exports.datasets import Column, Dataset, ParamsError, validated
from keqi.reference import selectors as reference_selectors
from keqi.reference.models import Industry

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
CONTACT_COLUMNS = ("contact_name", "contact_mobile")


def profile_columns(*keys: str) -> list[Column]:
    return [PROFILE_COLUMNS[key] for key in keys]


def with_contact(queryset, field_keys: list[str]):
    """Annotate the primary contact's name and mobile when a column reads them."""
    if any(key in field_keys for key in CONTACT_COLUMNS):
        return queryset.annotate(contact_pair=primary_contact())
    return queryset


def _enterprises(user, params: dict, field_keys: list[str]):
    filters = validated(bind(user, params)).filters()
    queryset = enterprise_selectors.query_enterprises(user, filters=filters)
    if "stored" in field_keys:
        year = filters.get("storage_year") or enterprise_selectors.current_year()
        queryset = queryset.annotate(stored=enterprise_selectors.stored_q(year))
    return with_contact(queryset, field_keys)


def _describe_enterprises(user, params: dict) -> list[str]:
    form = bind(user, params)
    form.is_valid()
    parts = []
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
    return parts


def _change_requests(user, params: dict, field_keys: list[str]):
    keyword = str(params.get("q", ""))
    status = str(params.get("status", "pending"))
    if len(keyword) > enterprise_selectors.KEYWORD_MAX:
        raise ParamsError({"q": [{"message": "搜索内容不能超过100个字符"}]})
    if status and status not in InfoChangeRequest.Status.values:
        raise ParamsError({"status": [{"message": f"审核状态“{status[:20]}”不存在，请重新选择"}]})
    queryset = enterprise_selectors.change_request_queue(user, keyword=keyword, status=status)
    return queryset


def _describe_change_requests(user, params: dict) -> list[str]:
    parts = [f"企业名称/统一社会信用代码：{params['q']}"] if params.get("q") else []
    status = params.get("status", "pending")
    labels = dict(InfoChangeRequest.Status.choices)
    parts.append("审核状态：" + (labels.get(status, status) if status else "全部"))
    return parts


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
    queryset=_enterprises,
    param_names=["q", "review_status", "storage", "storage_year", "region", "industry", "year", "qualification", "sort"],
    describe=_describe_enterprises,
    choices={"review_status": dict(ReviewStatus.choices), "stored": {True: "已入库", False: "未入库"}},
)

CHANGE_REQUESTS = Dataset(
    key="change_requests",
    title="基本信息审核",
    columns=[
        Column("enterprise", "企业名称", "enterprise__name"),
        Column("uscc", "统一社会信用代码", "enterprise__uscc"),
        Column("region", "所属区县", "enterprise__region__name"),
        Column("status", "审核状态", "status", dictionary="choices:change_status"),
        Column("submitted", "提交时间", "created_at", kind="datetime"),
        Column("opinion", "审核意见", "opinion"),
    ],
    default_fields=["enterprise", "uscc", "region", "status", "submitted", "opinion"],
    queryset=_change_requests,
    param_names=["q", "status"],
    describe=_describe_change_requests,
    choices={"change_status": dict(InfoChangeRequest.Status.choices)},
)

DATASETS = [ENTERPRISES, CHANGE_REQUESTS]
