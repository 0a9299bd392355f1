"""Pages of products, the same wherever products are listed (the catalog, a storefront)."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

PAGE_SIZE = 24


class CountedPaginator(Paginator):
    """A paginator told its count (from cached facets, or a count read with other figures)
    instead of running COUNT(*)."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count
