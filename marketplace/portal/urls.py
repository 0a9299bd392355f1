"""The seller portal, "Cửa hàng của tôi": one namespace, included once at /cua-hang-cua-toi/.

Everything a shop does lives under its own path, `<shop>/...`: the shop comes from the
path and every view checks that the user may run it (`sellers.shortcuts.seller_for_portal`)
and that the product, lot or order is that shop's. The views stay in the apps that own
their data; this URLconf is the one place that wires them. The fixed first segments
below are reserved as shop slugs (`sellers.slugs.RESERVED_SLUGS`, a test keeps them in
step), so no shop's pages are ever captured by them.
"""

from django.urls import include, path, re_path

from catalog import portal_views as catalog_views
from cms import views as storefront_views
from marketplace.delivery import portal_views as delivery_views
from marketplace.orders import seller_views as order_views
from traceability import views as lot_views

from . import redirects, views

app_name = "portal"

products = [
    path("", views.shop, name="shop"),
    path("thong-tin/", views.details, name="details"),
    path("nhap-bang-tinh/", catalog_views.product_import, name="product_import"),
    path("nhap-bang-tinh/da-nhap/", catalog_views.products_imported, name="products_imported"),
    path("san-pham/them/", catalog_views.product_create, name="product_create"),
    path("san-pham/<int:pk>/", catalog_views.product_edit, name="product_edit"),
    path("san-pham/<int:pk>/luu-tru/", catalog_views.product_archive, name="product_archive"),
    path("san-pham/<int:pk>/anh/", catalog_views.photo_add, name="photo_add"),
    path(
        "san-pham/<int:pk>/anh/<int:photo_pk>/xoa/",
        catalog_views.photo_remove,
        name="photo_remove",
    ),
    path("san-pham/<int:pk>/ocop/", catalog_views.certificate_add, name="certificate_add"),
    path(
        "san-pham/<int:pk>/ocop/<int:certificate_pk>/xoa/",
        catalog_views.certificate_remove,
        name="certificate_remove",
    ),
]

storefront = [
    path("cua-hang/", storefront_views.storefront_edit, name="storefront_edit"),
    path("cua-hang/duyet/", storefront_views.storefront_decide, name="storefront_decide"),
]

members = [
    path("thanh-vien/", views.members, name="members"),
    path("thanh-vien/<int:pk>/roi/", views.member_end, name="member_end"),
    path("thanh-vien/<int:pk>/ma/", views.member_code, name="member_code"),
]

orders = [
    path("don-hang/", order_views.seller_order_list, name="order_list"),
    path("don-hang/tai-ve/", order_views.seller_order_export, name="order_export"),
    path("don-hang/<str:number>/", order_views.seller_order_detail, name="order_detail"),
]

delivery = [
    path("giao-hang/", delivery_views.option_list, name="delivery_options"),
    path(
        "giao-hang/them/<str:kind>/",
        delivery_views.option_create,
        name="delivery_option_create",
    ),
    path("giao-hang/<int:pk>/", delivery_views.option_edit, name="delivery_option_edit"),
    path(
        "giao-hang/<int:pk>/bat-tat/",
        delivery_views.option_switch,
        name="delivery_option_switch",
    ),
]

lots = [
    path("lo-hang/", lot_views.lot_list, name="lot_list"),
    path("lo-hang/moi/", lot_views.lot_create, name="lot_create"),
    path("lo-hang/<int:pk>/", lot_views.lot_detail, name="lot_detail"),
    path("lo-hang/<int:pk>/ghi/<str:kind>/", lot_views.event_create, name="event_create"),
    path("lo-hang/<int:pk>/dong-goi/", lot_views.lot_split, name="lot_split"),
    path("lo-hang/<int:pk>/thu-hoi/", lot_views.lot_recall, name="lot_recall"),
    path("lo-hang/<int:pk>/tem/", lot_views.labels, name="labels"),
]

# The addresses before the portal had one shape (the shop in `?seller=`): bookmarks and
# old e-mails land where the page lives now. Order numbers are upper case and lot ids
# digits, so no shop's own path (lower-case words) is taken for one.
moved = [
    path("don-hang/", redirects.order_list, name="moved_order_list"),
    re_path(
        r"^don-hang/(?P<number>[A-Z0-9-]{1,20})/$",
        redirects.order_detail,
        name="moved_order_detail",
    ),
    path("lo-hang/", redirects.lot_list, name="moved_lot_list"),
    path("lo-hang/moi/", redirects.lot_create, name="moved_lot_create"),
    re_path(
        r"^lo-hang/(?P<pk>[0-9]+)/(?P<rest>(?:ghi/[a-z_]+/|dong-goi/|thu-hoi/|tem/)?)$",
        redirects.lot_page,
        name="moved_lot_page",
    ),
]

urlpatterns = [
    path("", catalog_views.home, name="home"),
    path("duyet-cua-hang/", storefront_views.approvals, name="approvals"),
    *moved,
    path(
        "<slug:seller_slug>/", include(products + storefront + members + orders + delivery + lots)
    ),
]
