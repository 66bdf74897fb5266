"""One way to cut a list into pages (templates/partials/pagination.html shows the controls)."""

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.functional import cached_property


def page_size(per_page: int) -> int:
    """A list's page size, never above TJQA_MAX_PAGE_SIZE (100: no page renders more rows)."""
    return max(1, min(per_page, settings.TJQA_MAX_PAGE_SIZE))


class CappedPaginator(Paginator):
    """A paginator that counts at most ``cap + 1`` rows (shown as "1000+").

    An exact COUNT(*) must visit every row that matches: over a recipient's whole notification
    history (36,000 rows at design scale) that took 1.8 s on a cold cache. Counting a LIMITed
    subquery instead stops after ``cap + 1`` index entries, whatever the history's length, and
    nobody pages through more than a thousand notifications; the pages beyond the cap are not
    offered (the newest come first, the unread filter finds the rest)."""

    def __init__(self, object_list, per_page, *, cap, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def count(self):
        return self.object_list[: self.cap + 1].count()

    @property
    def capped(self):
        return self.count > self.cap


def paginate(request, queryset, *, per_page=50, param="page", count_cap=None, count=None):
    """The requested page of ``queryset`` (the first page for a missing or bad number); with
    ``count_cap``, the count stops above that many rows (see CappedPaginator); ``count``: the
    number of rows when the caller has already counted them (in the same request)."""
    size = page_size(per_page)
    paginator = Paginator(queryset, size) if count_cap is None else CappedPaginator(queryset, size, cap=count_cap)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached property: not counted again
    return paginator.get_page(request.GET.get(param))
