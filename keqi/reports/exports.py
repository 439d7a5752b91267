"""自定义查询's export (S2.9): the seed's columns plus field-picked profile columns."""

from keqi.enterprises.exports import profile_columns, with_contact
from keqi.exports.datasets import Column, Dataset, validated
from keqi.reports.forms import bind
from keqi.reports.selectors import FIGURES, THOUSAND_YUAN_PER_WAN, custom_query


def _rows(user, params: dict, field_keys: list[str]):
    cleaned = validated(bind(params)).cleaned_data
    figures = [key for key in field_keys if key in FIGURES]
    queryset = custom_query(user, keyword=cleaned["q"], year=cleaned["year"], figures=figures)
    return with_contact(queryset, field_keys)


def _describe(user, params: dict) -> list[str]:
    form = bind(params)
    return [f"{bound.label}：{params[name]}" for name, bound in form.fields.items() if params.get(name)]


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
    queryset=_rows,
    param_names=["q", "year"],
    describe=_describe,
)

DATASETS = [CUSTOM_QUERY]
