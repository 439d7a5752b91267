"""Custom query API (S2.9, P11): the page's filters and columns as JSON, officers only."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from ninja import Query, Router, Schema

from keqi.core.http import form_error
from keqi.enterprises.selectors import primary_contact
from keqi.reports import selectors
from keqi.reports.forms import bind

router = Router(tags=["统计报表"])


class CustomQueryFilters(Schema):
    q: str = ""
    year: str = ""
    page: int = 1


class CustomQueryRow(Schema):
    number: int
    id: int
    region: str
    name: str
    sector: str | None
    uscc: str
    established_month: str | None
    contact: str | None
    contact_mobile: str | None
    main_revenue_thousand_yuan: Decimal | None
    data_year: int | None


class CustomQueryPage(Schema):
    count: int
    page: int
    pages: int
    items: list[CustomQueryRow]


def _month(day: date | None) -> str | None:
    return f"{day:%Y-%m}" if day else None


@router.get("/custom-query", response=CustomQueryPage, summary="自定义查询（S2.9，仅限管辖范围）")
def custom_query(request, filters: Query[CustomQueryFilters]):
    user = request.user
    if not (user.is_officer or user.is_platform_admin):
        raise PermissionDenied
    form = bind(filters.model_dump())
    if not form.is_valid():
        raise form_error(form)
    queryset = selectors.custom_query(user, keyword=form.cleaned_data["q"], year=form.cleaned_data["year"])
    queryset = queryset.select_related("region").annotate(contact_pair=primary_contact())
    paginator = Paginator(queryset, 20)
    current = paginator.get_page(filters.page)
    return CustomQueryPage(
        count=paginator.count,
        page=current.number,
        pages=paginator.num_pages,
        items=[
            CustomQueryRow(
                number=row["number"],
                id=row["enterprise"].pk,
                region=row["enterprise"].region.name,
                name=row["enterprise"].name,
                sector=row["sector"],
                uscc=row["enterprise"].uscc,
                established_month=_month(row["enterprise"].established_date),
                contact=row["contact"],
                contact_mobile=row["mobile"],
                main_revenue_thousand_yuan=row["main_revenue"],
                data_year=row["enterprise"].data_year,
            )
            for row in selectors.page_rows(user, current)
        ],
    )
