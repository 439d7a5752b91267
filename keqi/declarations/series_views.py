"""年报数据审核 / 年报数据查询 and any other series list a program's data declares (S2.3, S2.4)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from keqi.core.http import role_required
from keqi.declarations import exports, selectors
from keqi.declarations import series as lists
from keqi.declarations.models import Submission

OFFICERS = ("DIS", "CITY", "AGY")


def list_url(series_key: str, list_name: str) -> str:
    return reverse("declarations:series_list", kwargs={"series": series_key, "list_name": list_name})


@role_required(*OFFICERS)
def series_list(request, series: str, list_name: str):
    """A series' review queue or query list for the officer's scope."""
    if list_name not in lists.LISTS:
        raise Http404("页面不存在")
    filters, editions = lists.parse(request.user, series, list_name, request.GET)
    for problem in filters.problems:
        messages.warning(request, problem)
    rows = lists.rows(request.user, list_name, filters).defer("answers")  # the list shows figures, not answers
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    columns, figures = selectors.figure_columns(filters.program, list(page))
    for submission in page:
        submission.figure_cells = [figures.get(submission.pk, {}).get(c["key"]) for c in columns]
    params = filters.params()
    detail_query = {
        **params,
        "program": filters.program.key if filters.program else "",
        "series": series,
        "list": list_name,
    }
    if list_name == "review":
        detail_query["status"] = Submission.Status.REVIEW
    query = urlencode(params)
    context = {
        "title": lists.list_label(series, list_name),
        "group": lists.group_label(series, list_name),
        "list_name": list_name,
        "series": series,
        "page": page,
        "filters": filters,
        "years": [p.year for p in editions],
        "statuses": [c for c in Submission.Status.choices if c[0] != "draft"],
        "figure_columns": columns,
        "detail_query": urlencode({k: v for k, v in detail_query.items() if v}),
        "query": query,
        "reset_url": list_url(series, list_name),
        "export_dataset": exports.dataset_for(filters.program.key)
        if filters.program and list_name == "query"
        else None,
        "export_params": {k: v for k, v in (("q", filters.q), ("status", filters.status)) if v},
    }
    return render(request, "declarations/series_list.html", context)
