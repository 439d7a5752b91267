"""The one way list views page (pager.html shows numbers, jump-to, page size and total)."""

from django.core.paginator import Page, Paginator

PAGE_SIZES = (10, 20, 50, 100)
DEFAULT_PAGE_SIZE = 20


def page_size(request, default: int = DEFAULT_PAGE_SIZE) -> int:
    value = request.GET.get("page_size", "")
    return int(value) if value.isdigit() and int(value) in PAGE_SIZES else default


def paginate(request, queryset, default: int = DEFAULT_PAGE_SIZE) -> Page:
    return Paginator(queryset, page_size(request, default)).get_page(request.GET.get("page"))
