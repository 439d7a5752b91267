from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render

from keqi.core.http import role_required
from keqi.enterprises.masking import mask_mobile, may_see_personal_data
from keqi.enterprises.models import Enterprise
from keqi.enterprises.selectors import primary_contact, split_contact
from keqi.enterprises.views import OFFICERS
from keqi.exports.datasets import CUSTOM_QUERY
from keqi.reference.sectors import sector_of
from keqi.reports import selectors
from keqi.reports.forms import bind


def page_rows(user, page) -> list[dict]:
    """The seed's columns for one page (S2.9), mobiles masked unless the role allows."""
    show_personal = may_see_personal_data(user)
    rows = []
    for number, enterprise in enumerate(page, start=page.start_index()):
        contact, mobile = split_contact(enterprise.contact_pair)
        rows.append(
            {
                "number": number,
                "enterprise": enterprise,
                "sector": sector_of(enterprise.industry_code),
                "contact": contact,
                "mobile": mobile if show_personal else mask_mobile(mobile),
                "main_revenue": selectors.in_thousand_yuan(enterprise.main_revenue),
            }
        )
    return rows


@role_required(*OFFICERS)
def custom_query(request):
    """自定义查询 (S2.9, seed 002 §5.5): search and year, the seed's columns, field-picked export."""
    form = bind(request.GET)
    if form.is_valid():
        queryset = selectors.custom_query(
            request.user, keyword=form.cleaned_data["q"], year=form.cleaned_data["year"]
        ).select_related("region")
        queryset = queryset.annotate(contact_pair=primary_contact())
    else:
        queryset = Enterprise.objects.none()
    page = Paginator(queryset, 20).get_page(request.GET.get("page"))
    params = form.query_string()
    context = {
        "form": form,
        "page": page,
        "rows": page_rows(request.user, page),
        "total": page.paginator.count,
        "params": params,
        "query": urlencode(params),
        "dataset": CUSTOM_QUERY,
        "checked": CUSTOM_QUERY.default_fields,
    }
    return render(request, "reports/custom_query.html", context)
