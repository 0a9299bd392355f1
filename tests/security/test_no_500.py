"""Property-based: no input to a form or filter gives a 500.

Hypothesis sends strings (unicode, NUL bytes, markup), huge and negative numbers and
odd digits (²,  ٣) to every form and filter that takes user input, through the test
client as a browser would. The client re-raises any exception from a view, so a crash
fails the test with its traceback; otherwise the answer must be below 500.
Examples are kept modest so the suite stays fast.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

ODD = [
    "",
    " ",
    "0",
    "-1",
    "1e9",
    "NaN",
    "inf",
    "1.5",
    "²",
    "٣",
    "1_000",
    "9" * 40,
    "-" + "9" * 40,
    "\x00",
    "a\x00b",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%",
    "2026-02-30",
    "0000-00-00",
    "9999-12-31T23:59",
    "ａｂｃ",
    "Nước mắm",
]
values = st.one_of(
    st.sampled_from(ODD),
    st.text(max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True, places=3).map(str),
)


def form_data(*names):
    return st.fixed_dictionaries({name: values for name in names})


def blank(*names, **values):
    """A form's data with every field empty but `values`: for the @example of a past 500."""
    return {name: values.get(name, "") for name in names}


FILTERS = (
    "q",
    "category",
    "province",
    "commune",
    "stars",
    "price_min",
    "price_max",
    "in_stock",
    "sort",
    "page",
)
LOT = ("product", "quantity", "unit", "harvest_date", "best_before", "lot_number", "gtin")
EVENT = (
    "occurred_at",
    "commune",
    "quantity",
    "input_product",
    "dose",
    "phi_days",
    "certificate_name",
    "notes",
)
SPLIT = ("parts", "unit", "best_before")
EXTRA = ("sua", "count", "seller", "reason")
SESSION = ("course", "date", "commune", "trainer")
HOUSEHOLD = ("head_name", "phone", "national_id", "commune", "address", "farm_type")
OTHER = (
    "household",
    "q",
    "page",
    "commune",
    "action",
    "c-course",
    "c-date",
    "o-consent",
    "o-shop_name",
)


def assert_no_500(response):
    assert response.status_code < 500, response.status_code


@FUZZ
@given(params=form_data(*FILTERS))
def test_catalog_filters(client, world, params):
    assert_no_500(client.get(reverse("catalog:product_list"), params))


@FUZZ
@given(
    data=form_data(
        "name", "phone", "email", "address", "province", "commune", "note", "payment_method"
    ),
    pick_province=st.booleans(),
)
def test_checkout_address_form(client, world, data, pick_province):
    client.post(reverse("orders:cart_add"), {"product": world.product_a.pk, "quantity": 1})
    if pick_province:
        data = {**data, "pick_province": "1"}
    assert_no_500(client.post(reverse("orders:checkout"), data))
    assert_no_500(client.get(reverse("orders:checkout"), {"province": data["province"]}))
    assert_no_500(client.get(reverse("orders:checkout_communes"), {"province": data["province"]}))


@FUZZ
@given(product=values, quantity=values, line=values, next_url=values)
@example(product="", quantity="", line="", next_url="0")  # once a 500: "0" taken for a view
@example(product="1", quantity="1234567x", line="²", next_url="/")
def test_cart_quantities(client, world, product, quantity, line, next_url):
    assert_no_500(
        client.post(
            reverse("orders:cart_add"), {"product": product, "quantity": quantity, "next": next_url}
        )
    )
    client.post(reverse("orders:cart_add"), {"product": world.product_a.pk, "quantity": 1})
    assert_no_500(
        client.post(
            reverse("orders:cart"), {f"qty-{line}": quantity, f"qty-{world.product_a.pk}": quantity}
        )
    )
    assert_no_500(client.post(reverse("orders:cart"), {"remove": line}))


@FUZZ
@given(
    signup=form_data("display_name", "phone", "email", "password"),
    login=form_data("username", "password"),
    next_url=values,
)
def test_signup_and_login(client, world, signup, login, next_url):
    assert_no_500(client.post(reverse("accounts:signup") + "?next=x", {**signup}))
    client.logout()
    assert_no_500(client.post(reverse("accounts:login"), {**login, "next": next_url}))


@FUZZ
@given(
    data=form_data(
        "name", "category", "price", "unit", "stock", "status", "description", "producer"
    )
)
def test_portal_product_form(client, world, data):
    client.force_login(world.farmer_a)
    slug, pk = world.seller_a.slug, world.product_a.pk
    assert_no_500(client.post(reverse("portal:product_create", args=[slug]), data))
    assert_no_500(client.post(reverse("portal:product_edit", args=[slug, pk]), data))


@FUZZ
@given(
    data=form_data(
        "name",
        "address",
        "weekdays",
        "hours",
        "carrier",
        "provinces",
        "communes",
        "fee",
        "tier_1_kg",
        "tier_1_fee",
        "free_above",
        "lead_days",
        "active",
    )
)
def test_portal_delivery_option_forms(client, world, data):
    client.force_login(world.farmer_a)
    slug, pk = world.seller_a.slug, world.delivery_option_a.pk
    for kind in ("pickup", "own", "courier"):
        url = reverse("portal:delivery_option_create", args=[slug, kind])
        assert_no_500(client.post(url, data))
    assert_no_500(client.post(reverse("portal:delivery_option_edit", args=[slug, pk]), data))
    assert_no_500(client.post(reverse("portal:delivery_option_switch", args=[slug, pk]), data))


@FUZZ
@given(
    data=form_data(
        "stars",
        "product_group",
        "decision_number",
        "decision_date",
        "issuing_authority",
        "phone",
        "bank_bin",
        "bank_account_number",
        "bank_account_name",
        "story",
    )
)
def test_portal_certificate_details_and_storefront_forms(client, world, data):
    client.force_login(world.farmer_a)
    slug, pk = world.seller_a.slug, world.product_a.pk
    assert_no_500(client.post(reverse("portal:certificate_add", args=[slug, pk]), data))
    assert_no_500(client.post(reverse("portal:details", args=[slug]), data))
    assert_no_500(client.post(reverse("portal:storefront_edit", args=[slug]), data))


@FUZZ
@given(
    lot=form_data(*LOT),
    event=form_data(*EVENT),
    kind=st.sampled_from(
        [
            "planting",
            "input",
            "harvest",
            "processing",
            "packing",
            "inspection",
            "shipping",
            "receiving",
        ]
    ),
    split=form_data(*SPLIT),
    extra=form_data(*EXTRA),
)
# Once a 500: a NaN quantity cannot be compared; "²" passed for a number.
@example(
    lot=blank(*LOT),
    event=blank(*EVENT),
    kind="harvest",
    split=blank(*SPLIT, parts="NaN"),
    extra=blank(*EXTRA, sua="²"),
)
def test_lot_and_event_forms(client, world, lot, event, kind, split, extra):
    client.force_login(world.farmer_a)
    shop, pk = world.seller_a.slug, world.lot_a.pk
    assert_no_500(client.post(reverse("portal:lot_create", args=[shop]), lot))
    url = reverse("portal:event_create", args=[shop, pk, kind])
    assert_no_500(client.post(url + "?sua=" + extra["sua"][:20], event))
    assert_no_500(client.post(reverse("portal:lot_split", args=[shop, pk]), split))
    labels = reverse("portal:labels", args=[shop, pk])
    assert_no_500(client.get(labels, {"count": extra["count"]}))
    # The old address took the shop from ?seller=.
    assert_no_500(client.get(reverse("portal:moved_lot_list"), {"seller": extra["seller"]}))
    assert_no_500(client.post(reverse("portal:lot_recall", args=[shop, pk]), extra))


@FUZZ
@given(
    content=st.binary(max_size=2000),
    name=st.sampled_from(["ds.csv", "ds.xlsx", "ds.txt", "ds.xls", "ds", "ds.csv.exe"]),
    header=st.sampled_from(
        [
            b"",
            b"PK\x03\x04",
            b"\xef\xbb\xbf",
            b"Chu ho,So dien thoai,Xa\n",
            b"ten,danh muc,gia,don vi\n",
        ]
    ),
)
def test_roster_and_product_import_with_random_bytes(client, world, content, name, header):
    data = header + content
    client.force_login(world.officer_a)
    upload = SimpleUploadedFile(name, data)
    assert_no_500(client.post(reverse("onboarding:roster_import"), {"file": upload}))
    upload = SimpleUploadedFile(name, data)
    url = reverse("portal:product_import", args=[world.seller_a.slug])
    assert_no_500(client.post(url, {"file": upload}))
    assert_no_500(client.post(url, {"payload": content.decode("latin-1")}))


@FUZZ
@given(
    session=form_data(*SESSION),
    household=form_data(*HOUSEHOLD),
    other=form_data(*OTHER),
)
# Once 500s: a blank household id; a course id past the page table's integer range;
# a NUL byte in the search (PostgreSQL only).
@example(
    session=blank(*SESSION, course=str(2**63)),
    household=blank(*HOUSEHOLD),
    other=blank(*OTHER, household=" ", commune="²", q="\x00"),
)
def test_training_forms(client, world, session, household, other):
    client.force_login(world.officer_a)
    assert_no_500(client.post(reverse("training:session_list"), session))
    assert_no_500(client.post(reverse("onboarding:household_add"), household))
    url = reverse("training:session_attendance", args=[world.session_a.pk])
    assert_no_500(client.post(url + "?q=x", {"household": other["household"]}))
    assert_no_500(client.get(url, {"q": other["q"]}))
    assert_no_500(client.get(reverse("dashboard:dashboard"), {"commune": other["commune"]}))
    commune = world.household_a.commune_id
    assert_no_500(client.get(reverse("dashboard:commune_households", args=[commune]), other))
    url = reverse("onboarding:household_detail", args=[world.household_a.pk])
    assert_no_500(client.post(url, other))


@FUZZ
@given(data=form_data("phone", "code", "password"))
def test_takeover_form(client, world, data):
    assert_no_500(client.post(reverse("onboarding:takeover"), data))


def test_huge_ids_in_urls(client, world):
    """Ids past the database's integer range in any URL of the IDOR matrix: no 500."""
    from tests.security.test_idor_matrix import MATRIX

    client.force_login(world.officer_a)
    for name, row in MATRIX.items():
        kwargs = row.kwargs(world)
        if not any(isinstance(value, int) for value in kwargs.values()):
            continue
        for huge in (2**63, 10**30):
            url = reverse(
                name, kwargs={k: huge if isinstance(v, int) else v for k, v in kwargs.items()}
            )
            assert_no_500(client.get(url))
            assert_no_500(client.post(url, {}))


segments = st.one_of(
    st.sampled_from(["\x00", "a\x00b", "\x01", "\x7f", "%00", "..", "²", "ａ", "9" * 40]),
    st.text(min_size=1, max_size=30),
).filter(lambda text: "/" not in text)


@FUZZ
@given(data=st.data(), segment=segments)
def test_any_text_in_a_url_segment(client, world, data, segment):
    """Any text in one `str` part of a matrix URL (a token, an order number, a shop, a
    lot code), requested by the row's owner: no 500, on SQLite as on PostgreSQL, where a
    NUL reaching a query raised."""
    from tests.security.test_idor_matrix import MATRIX

    targets = [
        (name, key)
        for name, row in MATRIX.items()
        for key, value in row.kwargs(world).items()
        if isinstance(value, str)
    ]
    name, key = data.draw(st.sampled_from(targets))
    row = MATRIX[name]
    try:
        url = reverse(name, kwargs={**row.kwargs(world), key: segment})
    except NoReverseMatch:  # a <slug:> part takes no such text: nothing to request
        return
    client.force_login(getattr(world, row.owner))
    assert_no_500(client.get(url + row.query(world)))
