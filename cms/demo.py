"""The CMS's demo steps: the home page first (training's course folder goes under it),
then, once the shops have their products, each storefront with its story, approved by
the officer of its area as a real shop's first publication is."""

from marketplace.core.demo import demo_step

from .models import StorefrontPage
from .services import (
    site_root_ensure,
    storefront_approve,
    storefront_create,
    storefront_index_ensure,
    storefront_save,
)

STORY = (
    "{name} ở {commune}, tỉnh Vĩnh Long.\n\n"
    "{who} làm theo cách truyền thống của vùng và ghi nhật ký sản xuất cho từng lô hàng: "
    "quét mã QR trên bao bì để xem hàng được trồng, thu hoạch và đóng gói ra sao."
)


@demo_step(75)
def seed_home(context):
    site_root_ensure()


def _owner(seller):
    if seller.household_id:
        return seller.household.user
    return seller.cooperative.managers.order_by("pk").first()


@demo_step(90)
def seed_storefronts(context):
    storefront_index_ensure()
    officer = context.users["officer"]
    for seller in context.sellers.values():
        page = storefront_create(seller=seller)
        if page.live:
            continue
        who = "Nhà" if seller.household_id else "Các hộ thành viên"
        story = STORY.format(name=seller.name, commune=seller.commune.name, who=who)
        storefront_save(actor=_owner(seller), page=page, story=story)
        storefront_approve(actor=officer, page=page)
    context.extra["storefronts"] = StorefrontPage.objects.live().count()
