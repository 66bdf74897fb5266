"""One way to cut a list into pages (templates/partials/pagination.html shows the controls)."""

from django.conf import settings
from django.core.paginator import Paginator


def page_size(per_page: int) -> int:
    """A list's page size, never above TJQA_MAX_PAGE_SIZE (100: no page renders more rows)."""
    return max(1, min(per_page, settings.TJQA_MAX_PAGE_SIZE))


def paginate(request, queryset, *, per_page=50, param="page"):
    """The requested page of ``queryset`` (the first page for a missing or bad number)."""
    return Paginator(queryset, page_size(per_page)).get_page(request.GET.get(param))
