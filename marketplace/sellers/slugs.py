"""Where a shop's address comes from, and the words it may not be.

A shop's slug is the first segment of its seller-portal pages (/cua-hang-cua-toi/<slug>/)
and the last of its storefront (/cua-hang/<slug>/). The portal's own fixed pages and the
site's top-level paths are taken: a shop named "Đơn hàng" must not have its pages
captured by the orders page. tests/sellers/test_slugs.py checks this list against the
URLconfs.
"""

from django.utils.text import slugify

from marketplace.core.text import fold

RESERVED_SLUGS = frozenset(
    {
        # the seller portal's fixed first segments (marketplace/portal/urls.py)
        "duyet-cua-hang",
        "don-hang",
        "lo-hang",
        # the site's top-level paths, should a shop's address ever sit beside them
        "cua-hang",
        "cua-hang-cua-toi",
        "san-pham",
        "gio-hang",
        "thanh-toan",
        "dang-nhap",
        "dang-xuat",
        "dang-ky",
        "quen-mat-khau",
        "can-bo",
        "khoa-hoc",
        "kich-hoat",
        "xac-minh-so-dien-thoai",
        "sitemap",
        "thong-bao",
        "t",
        "01",
        "en",
        "vi",
        "i18n",
        "admin",
        "django-admin",
        "documents",
        "healthz",
        "media",
        "static",
        "stripe",
        "giao-hang",
    }
)

FALLBACK = "cua-hang-moi"


def slug_base(name: str) -> str:
    """The slug a shop's name gives, before uniqueness: folded, at most 70 characters."""
    return slugify(fold(name))[:70] or FALLBACK


def slug_is_free(slug: str, *, taken) -> bool:
    """Not reserved and not in `taken` (a queryset of the slugs already in use)."""
    return slug not in RESERVED_SLUGS and not taken.filter(slug=slug).exists()
