from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render

from keqi.accounts.models import OFFICER_ROLES
from keqi.core.http import role_required
from keqi.enterprises.models import Enterprise
from keqi.enterprises.selectors import primary_contact
from keqi.reports import selectors
from keqi.reports.exports import CUSTOM_QUERY
from keqi.reports.forms import bind


@role_required(*sorted(OFFICER_ROLES))
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
        "rows": selectors.page_rows(request.user, page),
        "total": page.paginator.count,
        "params": params,
        "query": urlencode(params),
        "dataset": CUSTOM_QUERY,
        "checked": CUSTOM_QUERY.default_fields,
    }
    return render(request, "reports/custom_query.html", context)
