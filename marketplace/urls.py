from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import views as cms_views
from marketplace.core import views as core_views
from traceability import views as traceability_views

# Outside the language prefix: machine endpoints and the administration.
urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path(
        ".well-known/gs1resolver",
        traceability_views.gs1_resolver_description,
        name="gs1_resolver_description",
    ),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", cms_views.sitemap_index, name="sitemap_index"),
    path("sitemap-<slug:section>.xml", cms_views.sitemap_section, name="sitemap_section"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("marketplace.payments.urls")),
    path("", include("marketplace.delivery.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Vietnamese without a prefix, English under /en/. Wagtail's catch-all goes last.
urlpatterns += i18n_patterns(
    path("cua-hang-cua-toi/", include("marketplace.portal.urls")),
    path("", include("marketplace.accounts.urls")),
    path("", include("marketplace.notifications.urls")),
    path("", include("marketplace.orders.urls")),
    path("", include("traceability.urls")),
    path("", include("marketplace.training.urls")),
    path("", include("marketplace.onboarding.urls")),
    path("", include("marketplace.dashboard.urls")),
    path("can-bo/ocop/", include("catalog.officer_urls")),
    path("", include("catalog.urls")),
    # Wagtail's own pattern for its pages, served through the visitor cache first.
    re_path(r"^((?:[\w\-]+/)*)$", cms_views.page_serve, name="page_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
