from django.urls import include, path

from . import portal_views as views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    # The storefront page itself is the CMS's: its portal views live there. First, so
    # that its fixed paths are not taken for a shop's slug.
    path("", include("cms.portal_urls")),
    path("", include("marketplace.portal.urls")),
    path("<slug:seller_slug>/", views.shop, name="shop"),
    path("<slug:seller_slug>/thong-tin/", views.details, name="details"),
    path("<slug:seller_slug>/nhap-bang-tinh/", views.product_import, name="product_import"),
    path(
        "<slug:seller_slug>/nhap-bang-tinh/da-nhap/",
        views.products_imported,
        name="products_imported",
    ),
    path("<slug:seller_slug>/san-pham/them/", views.product_create, name="product_create"),
    path("<slug:seller_slug>/san-pham/<int:pk>/", views.product_edit, name="product_edit"),
    path(
        "<slug:seller_slug>/san-pham/<int:pk>/luu-tru/",
        views.product_archive,
        name="product_archive",
    ),
    path("<slug:seller_slug>/san-pham/<int:pk>/anh/", views.photo_add, name="photo_add"),
    path(
        "<slug:seller_slug>/san-pham/<int:pk>/anh/<int:photo_pk>/xoa/",
        views.photo_remove,
        name="photo_remove",
    ),
    path(
        "<slug:seller_slug>/san-pham/<int:pk>/ocop/", views.certificate_add, name="certificate_add"
    ),
    path(
        "<slug:seller_slug>/san-pham/<int:pk>/ocop/<int:certificate_pk>/xoa/",
        views.certificate_remove,
        name="certificate_remove",
    ),
]
