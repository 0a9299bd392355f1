from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page, Site, Workflow, WorkflowTask

from marketplace.accounts.models import User
from marketplace.core.seo import SHARE_RENDITION
from marketplace.core.text import text_as_html
from marketplace.sellers.models import Seller
from marketplace.sellers.services import assisted_act_record

from .errors import StorefrontError
from .models import (
    HomePage,
    OfficerAreaApprovalTask,
    StorefrontIndexPage,
    StorefrontPage,
)


@transaction.atomic
def site_root_ensure() -> HomePage:
    """The home page and the default site that serves it; made once, then found."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's initial migration leaves a placeholder welcome page at depth 2.
        for placeholder in root.get_children().exact_type(Page):
            placeholder.delete()
        home = root.add_child(
            instance=HomePage(
                title="Chợ Số",
                slug="trang-chu",
                intro=_("Farm products from Vietnamese households and cooperatives"),
            )
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Chợ Số"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home


@transaction.atomic
def storefront_index_ensure() -> StorefrontIndexPage:
    index = StorefrontIndexPage.objects.first()
    if index is None:
        index = site_root_ensure().add_child(
            instance=StorefrontIndexPage(title=_("Shops"), slug="cua-hang")
        )
    return index


@transaction.atomic
def storefront_create(*, seller: Seller) -> StorefrontPage:
    """A draft storefront for a new seller; it goes live through moderation."""
    existing = StorefrontPage.objects.filter(seller=seller).first()
    if existing is not None:
        return existing
    page = StorefrontPage(title=seller.name, slug=seller.slug, seller=seller, live=False)
    storefront_index_ensure().add_child(instance=page)
    page.save_revision()
    return page


STOREFRONT_WORKFLOW = "Duyệt cửa hàng lần đầu"


def storefront_workflow() -> Workflow:
    """The one-step workflow a shop's first publication goes through; made on first use."""
    workflow, created = Workflow.objects.get_or_create(name=STOREFRONT_WORKFLOW)
    if created or not workflow.workflow_tasks.exists():
        task = OfficerAreaApprovalTask.objects.filter(name=STOREFRONT_WORKFLOW).first()
        if task is None:
            task = OfficerAreaApprovalTask.objects.create(name=STOREFRONT_WORKFLOW)
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, sort_order=0)
    return workflow


# The cover's widths in its srcset (storefront_page.html): a phone's 360-720 px, and
# 1080 for the page's full width on a computer. WebP at quality 75, as the tiles
# (catalog.selectors.TILE_RENDITIONS): a quarter fewer bytes than Wagtail's 80 (17 KB
# at 720 px for a phone's photo), and on 3G the cover is the storefront's largest paint.
COVER_RENDITIONS = (
    "fill-360x150|format-webp|webpquality-75",
    "fill-540x225|format-webp|webpquality-75",
    "fill-720x300|format-webp|webpquality-75",
    "fill-1080x450|format-webp|webpquality-75",
    SHARE_RENDITION,  # the card chat apps show of a shared storefront
)


@transaction.atomic
def storefront_save(*, actor: User, page: StorefrontPage, story: str, cover_upload=None) -> str:
    """Save the portal's edits as a page revision.

    Before the first approval the revision goes to the officers of the seller's area
    (returns "submitted", or "pending" when it is already waiting; a page sent back
    for changes goes back to them); once approved, later edits publish directly
    ("published").
    """
    from catalog.photos import photo_store

    page = StorefrontPage.objects.select_for_update().get(pk=page.pk)
    # Wagtail's rich text writes its breaks as <br/>.
    page.story = text_as_html(story, line_break="<br/>")
    if cover_upload is not None:
        page.cover_image = photo_store(
            upload=cover_upload, title=page.title, actor=actor, renditions=COVER_RENDITIONS
        )
    revision = page.save_revision(user=actor, log_action=True)
    assisted_act_record(
        actor=actor, seller=page.seller, action="storefront_edit", target=page.title
    )
    if page.first_published_at is not None:
        # Sellers have no Wagtail publish permission: this rule (once approved, the
        # shop's own edits go live) is the permission. The revision records who.
        revision.publish(user=None)
        return "published"
    if page.workflow_in_progress:
        return "pending"
    state = page.current_workflow_state
    if state is not None and state.status == state.STATUS_NEEDS_CHANGES:
        state.resume(user=actor)  # sent back by the officer: the same review goes on
    else:
        storefront_workflow().start(page, actor)
    return "submitted"


def storefront_moderation(*, page: StorefrontPage):
    """The open approval step of a storefront, or None."""
    state = page.current_workflow_task_state
    return state.specific if state is not None else None


@transaction.atomic
def storefront_approve(*, actor: User, page: StorefrontPage, approve: bool = True) -> None:
    """An officer of the seller's area approves (publishes) or rejects the first publication."""
    task_state = storefront_moderation(page=page)
    if task_state is None:
        raise StorefrontError(_("This storefront is not waiting for approval."))
    if not task_state.task.specific.get_actions(page, actor):
        raise PermissionDenied
    # The officer is recorded on the task; the publication itself runs without a
    # user because officers hold no Wagtail page permission: the area rule above is it.
    if approve:
        task_state.approve(user=actor, update=False)
    else:
        task_state.reject(user=actor, update=False)
    task_state.workflow_state.update(user=None)


@transaction.atomic
def storefront_publish_assisted(*, actor: User, seller: Seller) -> StorefrontPage:
    """An officer opening a household's shop submits its page and approves it at once.

    The officer may: the approval step is theirs (an officer of the seller's area). A
    page already live, or one the officer may not approve, is left as it is.
    """
    page = storefront_create(seller=seller)
    if page.live:
        return page
    if not page.workflow_in_progress:
        page.save_revision(user=actor, log_action=True)
        storefront_workflow().start(page, actor)
    try:
        storefront_approve(actor=actor, page=page)
    except PermissionDenied:
        return page
    assisted_act_record(actor=actor, seller=seller, action="storefront_publish", target=page.title)
    page.refresh_from_db()
    return page
