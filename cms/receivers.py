def create_storefront(sender, seller, **kwargs):
    from .services import storefront_create

    storefront_create(seller=seller)
