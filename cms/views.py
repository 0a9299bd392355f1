"""Wagtail's pages served through the site's visitor cache; the sitemaps; the seller
portal's storefront pages: edit (saved as revisions) and officer approval."""

from functools import partial

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.views import serve as wagtail_serve

from catalog.selectors import catalog_cache_prefix
from marketplace.accounts.permissions import is_officer
from marketplace.core import versions
from marketplace.core.http_cache import VISITOR_CACHE_SECONDS, kept_for_visitors, public_page
from marketplace.core.seo import absolute_url
from marketplace.core.shortcuts import render_form
from marketplace.core.sitemaps import urlset_xml
from marketplace.core.text import html_as_text
from marketplace.core.uploads import PhotoField
from marketplace.sellers.selectors import sellers_in_area
from marketplace.sellers.shortcuts import seller_for_portal

from . import services
from .models import StorefrontPage
from .sitemaps import SECTIONS


def _kept(request, build, *, seconds: int = VISITOR_CACHE_SECONDS):
    # Under the pages' version (cms.receivers) and the catalog's (the home page,
    # storefronts and sitemaps list products).
    version = f"{catalog_cache_prefix()}:{versions.current('pages')}"
    return kept_for_visitors(request, build, version=version, seconds=seconds)


def page_serve(request, path):
    """Wagtail's serving of a page, kept for visitors before Wagtail even looks the page
    up (a query per level of its path). Only what a page marked public
    (cache_for_visitors) is kept."""
    return _kept(request, partial(wagtail_serve, request, path))


# Crawlers come back for a sitemap every few hours: an hour's copy, at the proxy and here,
# renews at once when a product or a page changes (the versions) and never more than
# once an hour otherwise.
SITEMAP_SECONDS = 3600


def sitemap_index(request):
    """/sitemap.xml: every file of every section (cms.sitemaps.SECTIONS)."""
    return _kept(request, partial(_sitemap_index, request), seconds=SITEMAP_SECONDS)


@x_robots_tag
@public_page(max_age=SITEMAP_SECONDS)
def _sitemap_index(request):
    entries = []
    for section, sitemap_class in SECTIONS.items():
        sitemap = sitemap_class(request)
        paginator = sitemap.paginator
        if not paginator.count:
            continue
        url = absolute_url(reverse("sitemap_section", kwargs={"section": section}))
        lastmod = sitemap.get_latest_lastmod()
        entries += [
            SitemapIndexItem(url if page == 1 else f"{url}?p={page}", lastmod)
            for page in paginator.page_range
        ]
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


def sitemap_section(request, section):
    """/sitemap-<section>.xml?p=<n>: one file of a section."""
    if section not in SECTIONS:
        raise Http404
    build = partial(_sitemap_section, request, section)
    return _kept(request, build, seconds=SITEMAP_SECONDS)


@x_robots_tag
@public_page(max_age=SITEMAP_SECONDS)
def _sitemap_section(request, section):
    # Django's sitemap view, but for its template (marketplace.core.sitemaps.urlset_xml).
    sitemap = SECTIONS[section](request)
    try:
        urls = sitemap.get_urls(page=request.GET.get("p", 1))
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404 from error
    response = HttpResponse(urlset_xml(urls), content_type="application/xml")
    latest = getattr(sitemap, "latest_lastmod", None)
    if latest is not None:
        response["Last-Modified"] = http_date(latest.timestamp())
    return response


class StorefrontForm(forms.Form):
    story = forms.CharField(
        label=gettext_lazy("Our story"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy(
            "Who you are, how you grow or make your products. Empty line = new paragraph."
        ),
    )
    cover = PhotoField(label=gettext_lazy("Cover photo"), required=False)


def _storefront(request, seller_slug) -> StorefrontPage:
    seller = seller_for_portal(user=request.user, slug=seller_slug)
    page = StorefrontPage.objects.filter(seller=seller).first()
    if page is None:
        page = services.storefront_create(seller=seller)
    return page


@login_required
def storefront_edit(request, seller_slug):
    page = _storefront(request, seller_slug)
    latest = page.get_latest_revision_as_object()
    form = StorefrontForm(
        request.POST or None,
        request.FILES or None,
        initial={"story": html_as_text(latest.story)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.storefront_save(
                actor=request.user,
                page=page,
                story=form.cleaned_data["story"],
                cover_upload=form.cleaned_data["cover"],
            )
        except ValidationError as exc:
            form.add_error("cover", exc)
        else:
            messages.success(
                request,
                {
                    "published": _("Storefront saved and published."),
                    "submitted": _(
                        "Storefront saved and sent for approval to the officers of your area."
                    ),
                    "pending": _("Storefront saved; it is still waiting for approval."),
                }[outcome],
            )
            return redirect("portal:storefront_edit", seller_slug=seller_slug)
    task_state = services.storefront_moderation(page=page)
    return render_form(
        request,
        "cms/portal/storefront_edit.html",
        {
            "page": page,
            "seller": page.seller,
            "form": form,
            "latest": latest,
            "waiting": task_state is not None,
            "may_approve": task_state is not None
            and bool(task_state.task.specific.get_actions(page, request.user)),
        },
        forms=[form],
    )


@login_required
def approvals(request):
    if not is_officer(request.user):
        raise PermissionDenied
    pages = [
        page
        for page in StorefrontPage.objects.filter(seller__in=sellers_in_area(user=request.user))
        .select_related("seller")
        .order_by("title")
        if page.workflow_in_progress
    ]
    return render(request, "cms/portal/approvals.html", {"pages": pages})


@login_required
@require_POST
def storefront_decide(request, seller_slug):
    page = _storefront(request, seller_slug)
    approve = request.POST.get("decision") != "reject"
    try:
        services.storefront_approve(actor=request.user, page=page, approve=approve)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Storefront approved and published.") if approve else _("Storefront sent back."),
        )
    return redirect("portal:approvals")
