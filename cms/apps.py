from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site content")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import workflow_approved, workflow_rejected

        from catalog.signals import availability_changed
        from marketplace.onboarding.signals import shop_opened_for_household
        from marketplace.sellers.signals import seller_created

        from .receivers import (
            create_storefront,
            pages_changed,
            publish_assisted_storefront,
            storefront_review_ended,
            storefronts_purge,
        )

        workflow_approved.connect(storefront_review_ended, dispatch_uid="cms_review_approved")
        workflow_rejected.connect(storefront_review_ended, dispatch_uid="cms_review_rejected")
        post_save.connect(pages_changed, dispatch_uid="cms_pages_changed_saved")
        post_delete.connect(pages_changed, dispatch_uid="cms_pages_changed_deleted")

        availability_changed.connect(storefronts_purge, dispatch_uid="cms_storefronts_purge")
        seller_created.connect(create_storefront, dispatch_uid="cms_create_storefront")
        shop_opened_for_household.connect(
            publish_assisted_storefront, dispatch_uid="cms_publish_assisted_storefront"
        )
