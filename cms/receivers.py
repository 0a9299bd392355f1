def create_storefront(sender, seller, **kwargs):
    from .services import storefront_create

    storefront_create(seller=seller)


def publish_assisted_storefront(sender, seller, actor, **kwargs):
    from .services import storefront_publish_assisted

    storefront_publish_assisted(actor=actor, seller=seller)
