"""What the people behind an import read in the app once it is saved.

Each notice is recorded by `notifications.send` in the import's transaction, so an
import rolled back leaves none; in-app notices are never sent by SMS or Zalo.
"""

from django.urls import reverse

from marketplace.accounts.models import User
from marketplace.notifications.keys import content_digest
from marketplace.notifications.services import send
from marketplace.regions.models import Province
from marketplace.sellers.models import Seller
from marketplace.sellers.selectors import seller_recipients

# What identifies a row of a product sheet: the file's own values, not the product a row
# matched, which a first confirmation has just created for a second one to match.
PRODUCT_ROW_KEYS = (
    "line",
    "name",
    "category",
    "price",
    "unit",
    "stock",
    "description",
    "sku",
    "weight_grams",
    "local_only",
)


def _shop_logins(*, actor: User, seller: Seller) -> list[User]:
    """The importer, then every login the shop's news goes to (the household's, or the
    cooperative's managers): a manager importing for a member household tells it too."""
    users = {actor.pk: actor}
    for _suffix, recipient in seller_recipients(seller=seller):
        user = recipient.get("to_user")
        if user is not None:
            users.setdefault(user.pk, user)
    return list(users.values())


def products_imported_notify(
    *, actor: User, seller: Seller, rows: list[dict], created: int, updated: int
) -> None:
    """One notice per login of the shop. The key is the shop, the importer and the
    sheet's content: a confirmation sent twice (a slow connection, a second tap) makes
    one notice, and so, deliberately, does the same sheet imported again the same way,
    which changes nothing new."""
    sheet = [{key: row.get(key) for key in PRODUCT_ROW_KEYS} for row in rows]
    digest = content_digest([actor.pk, sheet])
    context = {"shop": seller.name, "created": created, "updated": updated}
    link = reverse("portal:shop", args=[seller.slug])
    for user in _shop_logins(actor=actor, seller=seller):
        send(
            event="products_imported",
            context=context,
            idempotency_key=f"products:{seller.pk}:{digest}:u{user.pk}",
            to_user=user,
            link=link,
        )


def registry_imported_notify(
    *, actor: User, province: Province, first_entry: int, entries: int, verified: int, pending: int
) -> None:
    """Tell the importer what the province's list verified and what still waits. The
    list's rows are saved anew each time, so its first row names this import: one notice
    for each import, whatever happens to be in the file."""
    send(
        event="registry_imported",
        context={
            "province": province.short_name,
            "entries": entries,
            "verified": verified,
            "pending": pending,
        },
        idempotency_key=f"registry:{first_entry}",
        to_user=actor,
        link=reverse("ocop:queue"),
    )
