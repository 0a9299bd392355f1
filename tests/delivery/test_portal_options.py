"""A seller's delivery options in the portal: added per kind with money typed the
Vietnamese way, refused input shown and nothing saved, other people kept out."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from catalog.models import Product
from marketplace.accounts.models import Role
from marketplace.delivery.describe import fee_words
from marketplace.delivery.models import DeliveryOption, Kind
from marketplace.delivery.services import option_save
from marketplace.sellers.models import AssistedAct
from tests.accounts.factories import OfficerFactory, UserFactory
from tests.catalog.factories import ProductFactory
from tests.regions.factories import CommuneFactory, ProvinceFactory
from tests.sellers.factories import make_household_seller

pytestmark = pytest.mark.django_db


def _vi(text: str) -> str:
    """A message as the (Vietnamese) page shows it, whether or not it is translated yet."""
    with translation.override("vi"):
        return escape(translation.gettext(text))


NUDGE = "No delivery option yet: buyers will have to call you to agree."


@pytest.fixture
def farmer():
    return UserFactory(role=Role.HOUSEHOLD)


@pytest.fixture
def seller(farmer):
    return make_household_seller(user=farmer, commune=CommuneFactory())


@pytest.fixture
def portal(client, farmer):
    client.force_login(farmer)
    return client


def _create_url(seller, kind):
    return reverse("portal:delivery_option_create", args=[seller.slug, kind])


def _list_url(seller):
    return reverse("portal:delivery_options", args=[seller.slug])


def _option(seller, **fields):
    values = {"kind": Kind.OWN, "name": "Tôi tự giao", "fee": 20000, **fields}
    return option_save(option=DeliveryOption(seller=seller, **values))


# --- adding each kind ------------------------------------------------------------------


def test_a_pickup_is_added_with_its_days_and_address(portal, seller):
    response = portal.post(
        _create_url(seller, "pickup"),
        {
            "name": "Chợ phiên thứ Bảy",
            "address": "Chợ Phú Lợi, ấp 3",
            "weekdays": ["5", "6"],
            "hours": "6 giờ đến 10 giờ sáng",
            "lead_days": "2",
        },
    )
    assert response.status_code == 302 and response.url == _list_url(seller)
    option = DeliveryOption.objects.get(seller=seller)
    assert (option.kind, option.name, option.address) == (
        Kind.PICKUP,
        "Chợ phiên thứ Bảy",
        "Chợ Phú Lợi, ấp 3",
    )
    assert option.weekdays == "56" and option.lead_days == 2 and option.is_active
    assert option.place is None  # the shop's own commune


def test_a_pickup_names_its_commune_of_the_shops_province(portal, seller):
    market = CommuneFactory(name="Xã Long Hồ", province=seller.commune.province)
    form = portal.get(_create_url(seller, "pickup")).content.decode()
    assert f"({seller.commune.name})" in form and "Xã Long Hồ" in form
    data = {"name": "Chợ phiên", "address": "Chợ Long Hồ", "place": market.pk, "lead_days": "1"}
    assert portal.post(_create_url(seller, "pickup"), data).status_code == 302
    option = DeliveryOption.objects.get(seller=seller)
    assert option.place == market
    assert "Chợ Long Hồ, Xã Long Hồ" in portal.get(_list_url(seller)).content.decode()
    edit = reverse("portal:delivery_option_edit", args=[seller.slug, option.pk])
    assert f'<option value="{market.pk}" selected>' in portal.get(edit).content.decode()


def test_a_pickup_commune_of_another_province_is_refused(portal, seller):
    far = CommuneFactory(province__code="01", province__name="Thành phố Hà Nội")
    data = {"address": "Chợ Đồng Xuân", "place": far.pk, "lead_days": "1"}
    response = portal.post(_create_url(seller, "pickup"), data)
    assert response.status_code == 400
    assert not DeliveryOption.objects.exists()


def test_own_delivery_takes_money_typed_the_vietnamese_way_and_weights_in_kilos(portal, seller):
    communes = [CommuneFactory(province=seller.commune.province) for _ in range(2)]
    response = portal.post(
        _create_url(seller, "own"),
        {
            "name": "Tôi chở bằng xe máy",
            "communes": [c.pk for c in communes],
            "fee": "25.000",
            "tier_1_kg": "5",
            "tier_1_fee": "40k",
            "tier_2_kg": "2,5",
            "tier_2_fee": "25.000",
            "free_above": "300.000",
            "lead_days": "1",
        },
    )
    assert response.status_code == 302
    option = DeliveryOption.objects.get(seller=seller)
    assert option.fee == 25000 and option.free_above == 300000
    assert option.weight_tiers == [
        {"up_to_grams": 2500, "fee": 25000},
        {"up_to_grams": 5000, "fee": 40000},
    ]
    assert set(option.communes.all()) == set(communes) and not option.provinces.exists()


def test_own_delivery_may_be_free_and_go_to_whole_provinces(portal, seller):
    other = ProvinceFactory(code="87", name="Tỉnh Đồng Tháp")
    response = portal.post(
        _create_url(seller, "own"), {"fee": "0", "provinces": [other.pk], "lead_days": "1"}
    )
    assert response.status_code == 302
    option = DeliveryOption.objects.get(seller=seller)
    assert option.fee == 0 and list(option.provinces.all()) == [other]


def test_a_courier_is_added_with_a_fallback_fee_and_the_page_says_it_is_not_connected(
    portal, seller, settings
):
    settings.GHN_TOKEN = ""
    page = portal.get(_create_url(seller, "courier")).content.decode()
    not_connected = _vi(
        "%(name)s is not connected yet: buyers are charged your own fee below. "
        "Without a fee the option is not offered."
    )
    assert not_connected % {"name": "Giao Hàng Nhanh"} in page
    response = portal.post(
        _create_url(seller, "courier"),
        {"carrier": "ghn", "fee": "35.000", "free_above": "500.000", "lead_days": "3"},
    )
    assert response.status_code == 302
    option = DeliveryOption.objects.get(seller=seller)
    assert (option.kind, option.carrier, option.fee, option.lead_days) == (
        Kind.COURIER,
        "ghn",
        35000,
        3,
    )


def test_the_list_says_each_fee_rule_in_words_offered_options_first(portal, seller):
    _option(seller, name="Tắt rồi", is_active=False)
    _option(seller, name="Xe máy", fee=30000, free_above=300000)
    page = portal.get(_list_url(seller)).content.decode()
    assert page.index("Xe máy") < page.index("Tắt rồi")
    with translation.override("vi"):
        words = fee_words(DeliveryOption.objects.get(name="Xe máy"))
    assert escape(words) in page
    assert seller.commune.province.name in page  # no area listed: the own province


@pytest.mark.parametrize(
    "fields, words",
    [
        ({"kind": Kind.PICKUP}, "free"),
        ({"fee": 30000, "free_above": 300000}, "₫30,000, free from ₫300,000"),
        ({"fee": 0, "free_above": 300000}, "free"),
        (
            {"fee": None, "weight_tiers": [{"up_to_grams": 2500, "fee": 20000}]},
            "up to 2,5 kg: ₫20,000",
        ),
        ({"kind": Kind.COURIER, "carrier": "ghn", "fee": None}, "no fee set"),
        ({"kind": Kind.COURIER, "carrier": "ghn", "fee": 35000}, "₫35,000"),
    ],
)
def test_a_fee_rule_in_words(seller, settings, fields, words):
    settings.GHN_TOKEN = ""
    option = DeliveryOption(seller=seller, **{"kind": Kind.OWN, **fields})
    with translation.override("en"):
        assert fee_words(option).startswith(words)


# --- refused input ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, data, field",
    [
        ("pickup", {"address": ""}, "address"),
        ("pickup", {"address": "Chợ", "lead_days": "9" * 50}, "lead_days"),
        ("pickup", {"address": "Chợ", "lead_days": "-1"}, "lead_days"),
        ("pickup", {"address": "Chợ", "lead_days": "một"}, "lead_days"),
        ("pickup", {"address": "Chợ", "weekdays": ["9"]}, "weekdays"),
        ("pickup", {"address": "Chợ", "place": "9" * 30}, "place"),
        ("own", {"fee": ""}, "fee"),
        ("own", {"fee": "-5.000"}, "fee"),
        ("own", {"fee": "hai mươi nghìn"}, "fee"),
        ("own", {"fee": "9" * 40}, "fee"),
        ("own", {"fee": "0", "free_above": "abc"}, "free_above"),
        ("own", {"fee": "0", "tier_1_kg": "2"}, "tier_1_fee"),
        ("own", {"fee": "0", "tier_1_fee": "20.000"}, "tier_1_kg"),
        (
            "own",
            {"fee": "0", "tier_1_kg": "nặng", "tier_1_fee": "1k"},
            "tier_1_kg",
        ),
        ("own", {"fee": "0", "tier_1_kg": "0", "tier_1_fee": "1k"}, "tier_1_kg"),
        (
            "own",
            {"fee": "0", "tier_1_kg": "99999", "tier_1_fee": "1k"},
            "tier_1_kg",
        ),
        (
            "own",
            {"fee": "0", "provinces": ["999999999999999999999"]},
            "provinces",
        ),
        ("courier", {"carrier": "viettel", "fee": "1k"}, "carrier"),
    ],
)
def test_bad_input_is_shown_next_to_its_field_and_nothing_is_saved(
    portal, seller, kind, data, field
):
    response = portal.post(_create_url(seller, kind), {"lead_days": "1", **data})
    assert response.status_code == 400
    assert field in response.context["form"].errors, response.context["form"].errors
    assert 'class="error"' in response.content.decode()
    assert not DeliveryOption.objects.exists()


def test_a_control_character_is_refused_before_the_form_and_nothing_is_saved(portal, seller):
    # The project-wide guard (core.middleware) answers before any view.
    response = portal.post(_create_url(seller, "pickup"), {"address": "Chợ\x07 Phú Lợi"})
    assert response.status_code == 400 and "bad-characters" in response.content.decode()
    assert not DeliveryOption.objects.exists()


def test_a_commune_of_another_province_is_refused(portal, seller):
    elsewhere = CommuneFactory(province=ProvinceFactory(code="87", name="Tỉnh Khác"))
    response = portal.post(
        _create_url(seller, "own"), {"fee": "0", "communes": [elsewhere.pk], "lead_days": "1"}
    )
    assert response.status_code == 400 and "communes" in response.context["form"].errors
    assert not DeliveryOption.objects.exists()


def test_an_unknown_kind_is_not_found(portal, seller):
    assert portal.get(_create_url(seller, "arranged")).status_code == 404
    assert portal.post(_create_url(seller, "boat"), {"fee": "0"}).status_code == 404


# --- editing and switching -------------------------------------------------------------


def test_an_option_is_edited_and_its_form_shows_what_was_saved(portal, seller):
    option = _option(
        seller, fee=25000, weight_tiers=[{"up_to_grams": 2500, "fee": 30000}], free_above=None
    )
    url = reverse("portal:delivery_option_edit", args=[seller.slug, option.pk])
    page = portal.get(url).content.decode()
    assert 'value="25.000"' in page and 'value="2,5"' in page and 'value="30.000"' in page
    response = portal.post(url, {"name": "Giao tận nhà", "fee": "15.000", "lead_days": "2"})
    assert response.status_code == 302
    option.refresh_from_db()
    assert (option.name, option.fee, option.weight_tiers, option.lead_days) == (
        "Giao tận nhà",
        15000,
        [],
        2,
    )


def test_an_option_is_switched_off_and_on_never_deleted(portal, seller):
    option = _option(seller)
    url = reverse("portal:delivery_option_switch", args=[seller.slug, option.pk])
    assert portal.post(url, {"active": "0"}).status_code == 302
    option.refresh_from_db()
    assert not option.is_active
    # Sent twice (a double tap), it stays off.
    portal.post(url, {"active": "0"})
    option.refresh_from_db()
    assert not option.is_active
    portal.post(url, {"active": "1"})
    option.refresh_from_db()
    assert option.is_active
    assert portal.get(url).status_code == 405
    assert portal.post(url, {"active": "maybe"}).status_code == 400


def test_an_officer_s_change_is_logged_as_done_on_the_seller_s_behalf(client, seller):
    officer = OfficerFactory(communes=[seller.commune])
    client.force_login(officer)
    response = client.post(_create_url(seller, "own"), {"fee": "20.000", "lead_days": "1"})
    assert response.status_code == 302
    act = AssistedAct.objects.get(seller=seller)
    assert act.actor == officer and act.action == "delivery_option_save"


# --- who may ---------------------------------------------------------------------------


def _urls(seller, option):
    return [
        ("get", _list_url(seller)),
        ("get", _create_url(seller, "own")),
        ("post", _create_url(seller, "own")),
        ("get", reverse("portal:delivery_option_edit", args=[seller.slug, option.pk])),
        ("post", reverse("portal:delivery_option_edit", args=[seller.slug, option.pk])),
        ("post", reverse("portal:delivery_option_switch", args=[seller.slug, option.pk])),
    ]


def _other_farmer():
    user = UserFactory(role=Role.HOUSEHOLD)
    make_household_seller(user=user)
    return user


@pytest.mark.parametrize("who", ["other farmer", "buyer", "officer elsewhere"])
def test_people_who_do_not_run_the_shop_are_refused_and_change_nothing(client, seller, who):
    option = _option(seller)
    user = {
        "other farmer": _other_farmer,
        "buyer": UserFactory,
        "officer elsewhere": lambda: OfficerFactory(communes=[CommuneFactory()]),
    }[who]()
    client.force_login(user)
    for method, url in _urls(seller, option):
        data = {"fee": "1", "name": "Bị sửa", "active": "0", "lead_days": "1"}
        response = getattr(client, method)(url, data)
        assert response.status_code in (403, 404), (method, url, response.status_code)
    option.refresh_from_db()
    assert option.is_active and option.name == "Tôi tự giao" and option.fee == 20000
    assert DeliveryOption.objects.count() == 1


def test_anonymous_visitors_are_sent_to_log_in(client, seller):
    option = _option(seller)
    for method, url in _urls(seller, option):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_another_shop_s_option_under_my_shop_s_path_is_not_found(portal, seller):
    foreign = _option(make_household_seller(user=UserFactory(role=Role.HOUSEHOLD)))
    edit = reverse("portal:delivery_option_edit", args=[seller.slug, foreign.pk])
    switch = reverse("portal:delivery_option_switch", args=[seller.slug, foreign.pk])
    assert portal.get(edit).status_code == 404
    assert portal.post(edit, {"fee": "1", "lead_days": "1"}).status_code == 404
    assert portal.post(switch, {"active": "0"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.is_active and foreign.fee == 20000


# --- the shop's home and the product form ----------------------------------------------


def test_the_shop_home_nudges_until_an_option_is_offered(portal, seller):
    home = reverse("portal:shop", args=[seller.slug])
    page = portal.get(home).content.decode()
    assert _vi(NUDGE) in page and f'href="{_list_url(seller)}"' in page
    option = _option(seller)
    assert _vi(NUDGE) not in portal.get(home).content.decode()
    option.is_active = False
    option.save()
    assert _vi(NUDGE) in portal.get(home).content.decode()


def test_the_product_form_saves_the_shipping_weight_and_only_within_the_province(portal, seller):
    response = portal.post(
        reverse("portal:product_create", args=[seller.slug]),
        {
            "name": "Rau muống",
            "category": 5,
            "price": "15.000",
            "unit": "kg",
            "stock": "10",
            "status": "live",
            "weight_grams": "1200",
            "local_only": "on",
        },
    )
    assert response.status_code == 302
    product = Product.objects.get(seller=seller)
    assert product.weight_grams == 1200 and product.local_only
    edit = reverse("portal:product_edit", args=[seller.slug, product.pk])
    response = portal.post(
        edit,
        {"name": "Rau muống", "category": 5, "price": "15.000", "unit": "kg", "stock": "10"}
        | {"status": "live", "weight_grams": ""},
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.weight_grams == 0 and not product.local_only


def test_a_huge_product_weight_is_refused(portal, seller):
    product = ProductFactory(seller=seller)
    edit = reverse("portal:product_edit", args=[seller.slug, product.pk])
    response = portal.post(
        edit,
        {"name": product.name, "category": product.category_id, "price": "15.000"}
        | {"unit": "kg", "stock": "1", "status": "live", "weight_grams": "9" * 30},
    )
    assert response.status_code == 400 and "weight_grams" in response.context["form"].errors


# --- the product spreadsheet's optional delivery columns -------------------------------


def _import(client, seller, text):
    url = reverse("portal:product_import", args=[seller.slug])
    preview = client.post(url, {"file": SimpleUploadedFile("sp.csv", text.encode(), "text/csv")})
    if preview.status_code != 200:
        return preview
    return client.post(url, {"payload": preview.context["payload"]})


def test_the_spreadsheet_may_give_weight_and_only_within_the_province(portal, seller):
    sheet = (
        "tên,danh mục,giá,đơn vị,khoi_luong_g,chi_trong_tinh\n"
        "Rau muống,rau-cu,15.000,kg,1.200,x\n"
        "Kẹo dừa,Bánh kẹo,45.000,hộp,,\n"
    )
    assert _import(portal, seller, sheet).status_code == 302
    greens = Product.objects.get(seller=seller, name="Rau muống")
    candy = Product.objects.get(seller=seller, name="Kẹo dừa")
    assert (greens.weight_grams, greens.local_only) == (1200, True)
    assert (candy.weight_grams, candy.local_only) == (0, False)
    # Updated by a sheet without the columns, or with empty cells: they stay as they were.
    assert _import(portal, seller, "tên,danh mục,giá,đơn vị\nRau muống,rau-cu,16.000,kg\n")
    greens.refresh_from_db()
    assert (greens.price, greens.weight_grams, greens.local_only) == (16000, 1200, True)


def test_a_bad_weight_or_yes_no_in_the_spreadsheet_is_reported_by_line(portal, seller):
    sheet = "tên,danh mục,giá,đơn vị,weight_g,local_only\nRau,rau-cu,15.000,kg,nặng,có lẽ\n"
    response = _import(portal, seller, sheet)
    assert response.status_code == 400
    errors = " ".join(response.context["errors"])
    with translation.override("vi"):
        assert translation.gettext("the weight must be whole grams, from 0 to 1000000") in errors
        assert translation.gettext("“only within the province” must be x or empty") in errors
    assert not Product.objects.filter(seller=seller).exists()
