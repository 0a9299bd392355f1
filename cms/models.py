"""Wagtail pages: presentation only. Data lives in the apps; pages call their selectors."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Task, TaskState
from wagtail.search import index

from marketplace.core.http_cache import cache_for_visitors

from .blocks import BodyBlock

# Home and storefronts list products: a proxy may keep them a minute (Wagtail purges
# them on publish; a product change shows within that minute).
LISTING_CACHE_SECONDS = 60


class SharedForAMinute:
    """A page that lists products: shared with visitors for a minute, by the proxy and
    by the site's cache (cms.views.page_serve)."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        return cache_for_visitors(request, response, max_age=LISTING_CACHE_SECONDS)


class HomePage(SharedForAMinute, Page):
    intro = models.CharField(_("introduction"), max_length=250, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.StandardPage", "cms.StorefrontIndexPage", "training.CourseIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from catalog.selectors import home_highlights

        context.update(home_highlights())
        context["storefronts"] = StorefrontPage.objects.live().order_by("-first_published_at")[:12]
        return context


class StandardPage(Page):
    intro = models.CharField(_("introduction"), max_length=250, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class StorefrontIndexPage(Page):
    """The folder that holds every seller's storefront: /cua-hang/<slug>/."""

    intro = models.CharField(_("introduction"), max_length=250, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.StorefrontPage"]
    max_count = 1

    class Meta:
        verbose_name = _("storefront index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["storefronts"] = (
            StorefrontPage.objects.child_of(self).live().select_related("seller").order_by("title")
        )
        return context


class StorefrontPage(SharedForAMinute, Page):
    """One seller's shop window; created with the seller, filled from the seller portal."""

    seller = models.OneToOneField(
        "sellers.Seller",
        verbose_name=_("seller"),
        on_delete=models.PROTECT,
        related_name="storefront",
    )
    story = RichTextField(_("our story"), blank=True, features=["bold", "italic", "ol", "ul"])
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    search_fields = Page.search_fields + [index.SearchField("story")]
    content_panels = Page.content_panels + [
        FieldPanel("seller", read_only=True),
        FieldPanel("story"),
        FieldPanel("cover_image"),
    ]

    parent_page_types = ["cms.StorefrontIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("storefront")
        verbose_name_plural = _("storefronts")

    def get_context(self, request, *args, **kwargs):
        from catalog.paging import PAGE_SIZE, CountedPaginator
        from catalog.selectors import product_list, shop_shelf
        from marketplace.sellers.models import Seller

        context = super().get_context(request, *args, **kwargs)
        seller = Seller.objects.select_related(
            "household__commune__province", "cooperative__commune__province"
        ).get(pk=self.seller_id)
        context["seller"] = seller
        shelf = shop_shelf(seller=seller)
        # Paged like the catalog: a page number not understood is the first page, one
        # past the end the last.
        products = product_list(seller=seller).order_by("-ocop_stars", "name", "pk")
        page = CountedPaginator(products, PAGE_SIZE, count=shelf.count).get_page(
            request.GET.get("page")
        )
        # Not "page": Wagtail's name for this page.
        context["products_page"] = page
        context["products"] = page.object_list
        context["ocop_badges"] = shelf.stars
        return context


class OfficerAreaApprovalTask(Task):
    """A moderation step any officer whose area holds the seller's commune may approve."""

    class Meta:
        verbose_name = _("approval by an officer of the seller's area")
        verbose_name_plural = _("approvals by an officer of the seller's area")

    def _may_moderate(self, obj, user) -> bool:
        from marketplace.accounts.permissions import can_act_in_commune

        page = obj.specific if hasattr(obj, "specific") else obj
        seller = getattr(page, "seller", None)
        return seller is not None and can_act_in_commune(user, seller.commune)

    def user_can_access_editor(self, obj, user):
        return self._may_moderate(obj, user)

    def locked_for_user(self, obj, user):
        return not self._may_moderate(obj, user)

    def get_actions(self, obj, user):
        if self._may_moderate(obj, user):
            return [("approve", _("Approve and publish"), False), ("reject", _("Reject"), False)]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from marketplace.sellers.selectors import sellers_in_area

        pages = StorefrontPage.objects.filter(seller__in=sellers_in_area(user=user)).values_list(
            "pk", flat=True
        )
        return TaskState.objects.filter(
            status=TaskState.STATUS_IN_PROGRESS,
            task=self.task_ptr,
            workflow_state__object_id__in=[str(pk) for pk in pages],
        )

    @classmethod
    def get_description(cls):
        return _("An extension officer of the seller's commune or province approves.")
