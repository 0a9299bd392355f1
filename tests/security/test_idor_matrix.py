"""The IDOR matrix: every URL of the seller portal, orders, payments, traceability and
training, requested as people who must not reach seller A's or area A's objects.

The URL names come from the resolver, not from a hand list: a URL added under one of
these namespaces without a row below makes `test_every_url_has_a_row` fail, naming it.

Kinds of row:
- SELLER: an object of seller A in the URL; only A's people and area A's officers.
- OFFICER: an object of area A (commune, household, session); only area A's officers.
- OWN: no object in the URL; the page shows the requester's own things. Whoever
  reaches it must see nothing of A's.
- CAPABILITY: the URL's secret token is the key (a guest's order link); a forged
  token must find nothing.
- PUBLIC: meant for anyone (catalog, trace pages, cart, the Stripe webhook, which
  checks its own signature, and GHN's, behind its secret path).

Every request, GET and POST, is made as the wrong seller (B), an officer of area B,
the manager of cooperative B, a plain buyer and an anonymous visitor; afterwards
nothing of A's has changed.

Seller A's household is a member of cooperative A: cooperative A's manager reaches
every URL of seller A, loses them when the membership ends, and seller A (a member)
reaches none of the cooperative's pages.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.models import Revision

from catalog.models import OcopCertificate, Product, ProductImage
from marketplace.delivery.models import DeliveryOption
from marketplace.onboarding.models import TakeoverCode
from marketplace.orders.models import OrderEvent, SellerOrder
from marketplace.payments.models import Payment
from marketplace.sellers.models import AssistedAct, CooperativeMembership, Household, Seller
from marketplace.sellers.services import membership_end
from marketplace.training.models import Attendance, Completion, TrainingSession
from traceability.models import Lot, TraceEvent

pytestmark = pytest.mark.django_db

NAMESPACES = {
    "portal",
    "orders",
    "payments",
    "traceability",
    "training",
    "onboarding",
    "dashboard",
    "catalog",
    "delivery",
    "ocop",
}
SELLER, OFFICER, OWN, CAPABILITY, PUBLIC = "seller", "officer", "own", "capability", "public"


@dataclass
class Row:
    kind: str
    kwargs: Callable = lambda w: {}
    query: Callable = lambda w: ""
    post: Callable = lambda w: {}
    # OWN rows: whether an anonymous visitor may see the page (their own, empty, things).
    anonymous_ok: bool = False
    # Who should get through (checked by `test_rows_point_at_real_objects`).
    owner: str = "farmer_a"
    methods: tuple = field(default=("get", "post"))


def _roster_csv(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    commune = w.household_a.commune
    body = f"Chủ hộ,Số điện thoại,Xã\nNguyễn Văn Lạ,0912345670,{commune.code}\n"
    return {"file": SimpleUploadedFile("ds.csv", body.encode(), "text/csv")}


def _product(w):
    return {"seller_slug": w.seller_a.slug, "pk": w.product_a.pk}


def _lot(w):
    return {"seller_slug": w.seller_a.slug, "pk": w.lot_a.pk}


def _delivery_option(w):
    return {"seller_slug": w.seller_a.slug, "pk": w.delivery_option_a.pk}


MATRIX: dict[str, Row] = {
    # --- seller portal ------------------------------------------------------------
    "portal:home": Row(OWN),
    "portal:approvals": Row(OWN, owner="officer_a"),
    "portal:storefront_edit": Row(SELLER, lambda w: {"seller_slug": w.seller_a.slug}),
    "portal:storefront_decide": Row(
        SELLER,
        lambda w: {"seller_slug": w.seller_a.slug},
        post=lambda w: {"decision": "reject"},
        owner="officer_a",
    ),
    "portal:shop": Row(SELLER, lambda w: {"seller_slug": w.seller_a.slug}),
    "portal:details": Row(SELLER, lambda w: {"seller_slug": w.seller_a.slug}),
    "portal:product_import": Row(SELLER, lambda w: {"seller_slug": w.seller_a.slug}),
    "portal:products_imported": Row(
        SELLER,
        lambda w: {"seller_slug": w.seller_a.slug},
        query=lambda w: f"?sp={w.product_a.pk}",
        post=lambda w: {"publish": [w.product_a.pk]},
    ),
    "portal:product_create": Row(SELLER, lambda w: {"seller_slug": w.seller_a.slug}),
    "portal:product_edit": Row(SELLER, _product),
    "portal:product_archive": Row(SELLER, _product),
    "portal:photo_add": Row(SELLER, _product),
    "portal:photo_remove": Row(SELLER, lambda w: {**_product(w), "photo_pk": w.photo_a.pk}),
    "portal:certificate_add": Row(SELLER, _product),
    "portal:certificate_remove": Row(
        SELLER, lambda w: {**_product(w), "certificate_pk": w.certificate_a.pk}
    ),
    # --- delivery options -----------------------------------------------------------
    "portal:delivery_options": Row(SELLER, lambda w: {"seller_slug": w.seller_a.slug}),
    "portal:delivery_option_create": Row(
        SELLER,
        lambda w: {"seller_slug": w.seller_a.slug, "kind": "own"},
        post=lambda w: {"fee": "1.000", "lead_days": "1"},
    ),
    "portal:delivery_option_edit": Row(SELLER, _delivery_option),
    "portal:delivery_option_switch": Row(
        SELLER, _delivery_option, post=lambda w: {"active": "0"}, methods=("post",)
    ),
    # --- OCOP verification (officers of the seller's area; the registry: admins) ------
    "ocop:queue": Row(OWN, owner="officer_a"),
    "ocop:decide": Row(
        OFFICER,
        lambda w: {"pk": w.certificate_a.pk},
        post=lambda w: {"decision": "rejected", "reason": "Quyết định giả"},
        owner="officer_a",
    ),
    "ocop:registry_import": Row(OWN, owner="officer_a"),
    # --- lots ---------------------------------------------------------------------
    "portal:lot_list": Row(SELLER, lambda w: {"seller_slug": w.seller_a.slug}),
    "portal:lot_create": Row(
        SELLER,
        lambda w: {"seller_slug": w.seller_a.slug},
        post=lambda w: {"product": w.product_a.pk, "quantity": "5", "unit": "kg"},
    ),
    "portal:lot_detail": Row(SELLER, _lot),
    "portal:event_create": Row(
        SELLER,
        lambda w: {**_lot(w), "kind": "harvest"},
        post=lambda w: {"occurred_at": "2026-01-02T07:00", "commune": w.seller_a.commune.pk},
    ),
    "portal:lot_split": Row(SELLER, _lot),
    "portal:lot_recall": Row(SELLER, _lot),
    "portal:labels": Row(SELLER, _lot),
    # --- addresses from before the portal had one shape: a redirect for A's people ---
    "portal:moved_order_list": Row(SELLER, query=lambda w: f"?seller={w.seller_a.slug}"),
    "portal:moved_order_detail": Row(SELLER, lambda w: {"number": w.seller_order_a.number}),
    "portal:moved_lot_list": Row(SELLER, query=lambda w: f"?seller={w.seller_a.slug}"),
    "portal:moved_lot_create": Row(SELLER, query=lambda w: f"?seller={w.seller_a.slug}"),
    "portal:moved_lot_page": Row(SELLER, lambda w: {"pk": w.lot_a.pk, "rest": "tem/"}),
    # --- cooperative members --------------------------------------------------------
    "portal:members": Row(
        SELLER,
        lambda w: {"seller_slug": w.coop_seller_a.slug},
        post=lambda w: {"phone": w.household_a.phone, "consent": "on"},
        owner="coop_manager_a",
    ),
    "portal:member_end": Row(
        SELLER,
        lambda w: {"seller_slug": w.coop_seller_a.slug, "pk": w.membership_a.pk},
        post=lambda w: {"reason": "Bị cho rời"},
        owner="coop_manager_a",
    ),
    "portal:member_code": Row(
        SELLER,
        lambda w: {"seller_slug": w.coop_seller_a.slug, "pk": w.membership_a.pk},
        owner="coop_manager_a",
    ),
    # --- orders and payments --------------------------------------------------------
    "orders:cart": Row(PUBLIC),
    "orders:cart_add": Row(PUBLIC),
    "orders:checkout": Row(PUBLIC),
    "orders:checkout_communes": Row(PUBLIC),
    "orders:checkout_summary": Row(PUBLIC),
    "orders:my_orders": Row(OWN, anonymous_ok=True, owner="buyer_a"),
    "orders:order_detail": Row(CAPABILITY, lambda w: {"token": w.order_a.token}),
    "orders:pay_by_card": Row(CAPABILITY, lambda w: {"token": w.order_a.token}),
    "orders:order_vietqr_png": Row(
        CAPABILITY,
        lambda w: {"token": w.order_a.token, "number": w.seller_order_a.number},
    ),
    # Phone and order number are the key: outsiders who guess the number but not the
    # phone get the same "no order" as anyone, and see only their session's orders.
    "orders:order_lookup": Row(
        OWN,
        anonymous_ok=True,
        owner="buyer_a",
        # Typed in lower case: the form shows back what was typed, which is no leak.
        post=lambda w: {"number": w.seller_order_a.number.lower()},
    ),
    "orders:buyer_cancel": Row(
        CAPABILITY,
        lambda w: {"token": w.order_a.token, "number": w.seller_order_a.number},
        methods=("post",),
    ),
    "portal:order_list": Row(SELLER, lambda w: {"seller_slug": w.seller_a.slug}),
    "portal:order_export": Row(SELLER, lambda w: {"seller_slug": w.seller_a.slug}),
    "portal:order_detail": Row(
        SELLER,
        lambda w: {"seller_slug": w.seller_a.slug, "number": w.seller_order_a.number},
        post=lambda w: {"action": "confirm", "expected_status": "pending"},
    ),
    "payments:stripe_webhook": Row(PUBLIC),
    # The secret path segment is GHN's key; the status is asked back from GHN's API.
    "delivery:ghn_webhook": Row(PUBLIC, lambda w: {"secret": "not-the-secret"}),
    # --- traceability ---------------------------------------------------------------
    "traceability:trace": Row(PUBLIC, lambda w: {"code": w.lot_a.code}),
    "traceability:trace_epcis": Row(PUBLIC, lambda w: {"code": w.lot_a.code}),
    "traceability:trace_qr_svg": Row(PUBLIC, lambda w: {"code": w.lot_a.code}),
    "traceability:trace_qr_png": Row(PUBLIC, lambda w: {"code": w.lot_a.code}),
    "traceability:digital_link": Row(
        PUBLIC, lambda w: {"gtin": "08931234567897", "lot_number": "LOT1"}
    ),
    "traceability:digital_link_gtin": Row(PUBLIC, lambda w: {"gtin": "08931234567897"}),
    # --- training and onboarding ----------------------------------------------------
    "dashboard:dashboard": Row(
        OFFICER, query=lambda w: f"?commune={w.household_a.commune_id}", owner="officer_a"
    ),
    "dashboard:dashboard_export": Row(
        OFFICER,
        lambda w: {"fmt": "csv"},
        query=lambda w: f"?commune={w.household_a.commune_id}",
        owner="officer_a",
    ),
    "dashboard:commune_households": Row(
        OFFICER, lambda w: {"pk": w.household_a.commune_id}, owner="officer_a"
    ),
    "dashboard:commune_households_export": Row(
        OFFICER,
        lambda w: {"pk": w.household_a.commune_id, "fmt": "csv"},
        query=lambda w: "?stage=not_trained",
        owner="officer_a",
    ),
    "onboarding:roster_import": Row(OWN, post=_roster_csv, owner="officer_a"),
    # The template lists the requester's own communes; the flags, their own area's lots.
    "onboarding:roster_template": Row(OWN, lambda w: {"fmt": "xlsx"}, owner="officer_a"),
    "dashboard:phi_flags": Row(OWN, owner="officer_a"),
    "onboarding:household_add": Row(
        OWN,
        post=lambda w: {
            "head_name": "Hộ Lạ",
            "phone": "0912345671",
            "commune": w.household_a.commune_id,
            "farm_type": "mixed",
        },
        owner="officer_a",
    ),
    "onboarding:household_detail": Row(
        OFFICER, lambda w: {"pk": w.household_a.pk}, owner="officer_a"
    ),
    "training:session_list": Row(
        OWN,
        post=lambda w: {
            "course": w.course.pk,
            "date": "2026-01-02",
            "commune": w.household_a.commune_id,
            "trainer": "Người lạ",
        },
        owner="officer_a",
    ),
    "training:session_attendance": Row(
        OFFICER,
        lambda w: {"pk": w.session_a.pk},
        post=lambda w: {"household": w.household_a.pk},
        owner="officer_a",
    ),
    # The requester confirms their own completion of a course: nothing of anyone else's.
    "training:course_complete": Row(OWN, lambda w: {"pk": w.course.pk}),
    "onboarding:takeover": Row(PUBLIC),
    # Password reset by SMS code: the same answer for every number, nothing to read.
    "onboarding:password_forgotten": Row(PUBLIC),
    "onboarding:password_reset_confirm": Row(PUBLIC),
    # The signed-in person's own number and code: nobody else's account is named.
    "onboarding:phone_check": Row(OWN),
    # --- public catalog -------------------------------------------------------------
    "catalog:product_list": Row(PUBLIC),
    "catalog:product_detail": Row(PUBLIC, lambda w: {"slug": w.product_a.slug}),
}

# What a refused POST would have changed, were it let through.
HOSTILE_POST = {
    "name": "Bị sửa",
    "price": "1",
    "stock": "0",
    "unit": "kg",
    "status": "live",
    "story": "Bị sửa",
    "phone": "0912345679",
    "reason": "Thu hồi giả",
    "parts": "1 1",
    "action": "cancel",
    "decision": "approve",
    "consent": "on",
    "stars": "5",
}


def url_names() -> set[str]:
    """Every named URL under the namespaces above, from the project's resolver."""
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name and namespace in NAMESPACES:
                names.add(f"{namespace}:{pattern.name}")

    walk(get_resolver().url_patterns, None)
    return names


def test_every_url_has_a_row():
    names = url_names()
    missing = sorted(names - set(MATRIX))
    assert not missing, f"URLs without a row in the IDOR matrix: {', '.join(missing)}"
    stale = sorted(set(MATRIX) - names)
    assert not stale, f"Rows for URLs that no longer exist: {', '.join(stale)}"


def url_of(name: str, world) -> str:
    row = MATRIX[name]
    return reverse(name, kwargs=row.kwargs(world)) + row.query(world)


def state_of_a(w) -> dict:
    """Everything of seller A and area A a refused request must leave as it was."""
    product = Product.objects.values("name", "price", "stock", "status", "description").get(
        pk=w.product_a.pk
    )
    seller = Seller.objects.values("phone", "bank_bin", "bank_account_number").get(pk=w.seller_a.pk)
    return {
        "product": product,
        "seller": seller,
        "products": Product.objects.filter(seller=w.seller_a).count(),
        "photos": ProductImage.objects.filter(product__seller=w.seller_a).count(),
        "certificates": list(
            OcopCertificate.objects.filter(product__seller=w.seller_a).values_list("pk", "status")
        ),
        "lots": Lot.objects.filter(product__seller=w.seller_a).count(),
        "recalled": Lot.objects.get(pk=w.lot_a.pk).recalled_at,
        "events": TraceEvent.objects.filter(lot__product__seller=w.seller_a).count(),
        "order": SellerOrder.objects.get(pk=w.seller_order_a.pk).status,
        "order_events": OrderEvent.objects.count(),
        "payment": Payment.objects.get(seller_order=w.seller_order_a).status,
        "storefront": (
            Revision.page_revisions.filter(object_id=str(w.storefront_a.pk)).count(),
            w.storefront_a.__class__.objects.get(pk=w.storefront_a.pk).story,
        ),
        "households": Household.objects.filter(commune=w.household_a.commune_id).count(),
        "household_user": Household.objects.get(pk=w.household_a.pk).user_id,
        "sessions": TrainingSession.objects.count(),
        "attendance": Attendance.objects.count(),
        "completions": Completion.objects.filter(household__commune=w.household_a.commune_id)
        .values_list("pk", flat=True)
        .count(),
        "codes": TakeoverCode.objects.count(),
        "assisted": AssistedAct.objects.filter(seller=w.seller_a).count(),
        "delivery_options": list(
            DeliveryOption.objects.filter(seller=w.seller_a)
            .order_by("pk")
            .values_list("pk", "name", "fee", "lead_days", "is_active")
        ),
        "memberships": list(
            CooperativeMembership.objects.filter(cooperative__seller=w.coop_seller_a)
            .order_by("pk")
            .values_list("household_id", "ended_at")
        ),
    }


def markers_of_a(w) -> list[str]:
    return [
        w.seller_a.name,
        w.product_a.name,
        w.seller_order_a.number,
        w.lot_a.code,
        w.household_a.head_name,
    ]


def is_login_redirect(response) -> bool:
    return response.status_code in (301, 302) and response.url.startswith(reverse("accounts:login"))


def refused(response) -> bool:
    return response.status_code in (403, 404, 405) or is_login_redirect(response)


def personas(w) -> dict:
    return {
        "wrong seller": w.farmer_b,
        "officer of another area": w.officer_b,
        "manager of another cooperative": w.coop_manager_b,
        "plain buyer": w.buyer_c,
        "anonymous": None,
    }


def _request(client, method, url, data):
    return client.get(url) if method == "get" else client.post(url, data)


def test_outsiders_are_refused_on_every_url_and_change_nothing(client, world):
    before = state_of_a(world)
    markers = markers_of_a(world)
    failures = []
    for who, user in personas(world).items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for name, row in sorted(MATRIX.items()):
            if row.kind == PUBLIC:
                continue
            url = url_of(name, world)
            if row.kind == CAPABILITY:
                token = world.order_a.token
                url = url.replace(token, token[::-1] if token[::-1] != token else "x" * len(token))
            for method in row.methods:
                response = _request(client, method, url, {**HOSTILE_POST, **row.post(world)})
                code = response.status_code
                if code >= 500:
                    failures.append(f"{who} {method.upper()} {name}: {code}")
                elif row.kind == OWN:
                    if user is None and not row.anonymous_ok and not refused(response):
                        failures.append(f"{who} {method.upper()} {name}: {code}, not the login")
                    shown = [m for m in markers if m in response.content.decode(errors="ignore")]
                    if shown:
                        failures.append(f"{who} {method.upper()} {name}: shows {shown}")
                elif not refused(response):
                    failures.append(f"{who} {method.upper()} {name}: {code}")
    assert not failures, "\n".join(failures)
    assert state_of_a(world) == before


def test_anonymous_visitors_go_to_the_login_page_not_an_error(client, world):
    for name, row in MATRIX.items():
        if row.kind in (SELLER, OFFICER) or (row.kind == OWN and not row.anonymous_ok):
            response = client.get(url_of(name, world))
            assert response.status_code == 405 or is_login_redirect(response), name


def test_rows_point_at_real_objects(client, world):
    """The control: A's own people get through, so the refusals above are not an accident
    of a wrong id in a row."""
    owners = {
        "farmer_a": world.farmer_a,
        "officer_a": world.officer_a,
        "buyer_a": world.buyer_a,
        "coop_manager_a": world.coop_manager_a,
    }
    for name, row in sorted(MATRIX.items()):
        if row.kind not in (SELLER, OFFICER):
            continue
        client.force_login(owners[row.owner])
        url = url_of(name, world)
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url, {**HOSTILE_POST, **row.post(world)})
        assert response.status_code not in (403, 404, 405), (name, response.status_code)
        assert not is_login_redirect(response), name


def test_an_object_of_a_under_the_path_of_a_shop_b_runs_is_not_found(client, world):
    """The shop in the path is B's own, so its check passes: the product, lot, order or
    membership must still be the shop's, or nothing is found."""
    before = state_of_a(world)
    client.force_login(world.farmer_b)
    swapped = [
        name
        for name, row in sorted(MATRIX.items())
        if row.kind == SELLER
        and row.owner == "farmer_a"
        and "seller_slug" in row.kwargs(world)
        # An object in the path besides the shop (a kind of thing to add is none).
        and set(row.kwargs(world)) - {"seller_slug", "kind"}
    ]
    assert "portal:lot_detail" in swapped and "portal:order_detail" in swapped
    for name in swapped:
        row = MATRIX[name]
        url = reverse(name, kwargs={**row.kwargs(world), "seller_slug": world.seller_b.slug})
        for method in row.methods:
            response = _request(
                client, method, url + row.query(world), {**HOSTILE_POST, **row.post(world)}
            )
            assert response.status_code in (404, 405), (name, method, response.status_code)
    assert state_of_a(world) == before


def test_a_guest_order_link_is_a_long_token_matched_whole(world):
    from marketplace.orders.selectors import order_by_token

    token = world.order_a.token
    assert len(token) >= 32
    assert order_by_token(token=token[:-1]) is None and order_by_token(token=token.upper()) is None


def test_public_urls_answer_anyone_without_an_error(client, world):
    for name, row in sorted(MATRIX.items()):
        if row.kind != PUBLIC:
            continue
        response = client.get(url_of(name, world))
        assert response.status_code < 500, (name, response.status_code)


def _get_or_post(client, name, world):
    url = url_of(name, world)
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {**HOSTILE_POST, **MATRIX[name].post(world)})
    return response


def _seller_a_rows():
    return sorted(n for n, r in MATRIX.items() if r.kind == SELLER and r.owner == "farmer_a")


def test_a_cooperative_manager_acts_for_a_member_on_every_url_of_its_shop(client, world):
    client.force_login(world.coop_manager_a)
    for name in _seller_a_rows():
        response = _get_or_post(client, name, world)
        assert response.status_code not in (403, 404, 405), (name, response.status_code)
        assert not is_login_redirect(response), name


def test_a_cooperative_manager_cannot_act_for_a_former_member(client, world):
    membership_end(actor=world.coop_manager_a, membership=world.membership_a, reason="Rời")
    before = state_of_a(world)
    client.force_login(world.coop_manager_a)
    for name in _seller_a_rows():
        for method in MATRIX[name].methods:
            data = {**HOSTILE_POST, **MATRIX[name].post(world)}
            response = _request(client, method, url_of(name, world), data)
            assert refused(response), (name, method, response.status_code)
    assert state_of_a(world) == before


def test_a_member_cannot_act_for_its_cooperative(client, world):
    before = state_of_a(world)
    client.force_login(world.farmer_a)
    coop_rows = sorted(n for n, r in MATRIX.items() if r.owner == "coop_manager_a")
    assert coop_rows
    for name in coop_rows:
        for method in MATRIX[name].methods:
            data = {**HOSTILE_POST, **MATRIX[name].post(world)}
            response = _request(client, method, url_of(name, world), data)
            assert refused(response), (name, method, response.status_code)
    shop = reverse("portal:shop", kwargs={"seller_slug": world.coop_seller_a.slug})
    assert client.get(shop).status_code == 403
    assert state_of_a(world) == before
