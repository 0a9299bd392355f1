from django.dispatch import Signal

# Sent inside the transaction that creates a seller, with `seller` and `actor`.
# The CMS listens to give every seller a storefront page; sellers never import cms.
seller_created = Signal()
