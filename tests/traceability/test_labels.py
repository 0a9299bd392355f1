"""Labels that scan: they point where the site answers, and say when they would not."""

import datetime

import pytest
from django.urls import reverse

from tests.traceability.factories import make_lot
from traceability.qr import qr_payload

pytestmark = pytest.mark.django_db

WARNING = "tem in ra sẽ không mở được trang ở đây"


def _open(client, url_name, lot):
    client.force_login(lot.seller.household.user)
    return client.get(reverse(url_name, args=[lot.seller.slug, lot.pk])).content.decode()


@pytest.mark.parametrize("url_name", ["portal:labels", "portal:lot_detail"])
def test_seller_is_warned_when_site_url_is_not_where_the_page_answers(client, settings, url_name):
    settings.SITE_URL = "http://127.0.0.1:8000"
    page = _open(client, url_name, make_lot())
    assert WARNING in page and "http://127.0.0.1:8000" in page


@pytest.mark.parametrize("url_name", ["portal:labels", "portal:lot_detail"])
def test_no_warning_when_site_url_is_this_site(client, settings, url_name):
    settings.SITE_URL = "http://testserver"
    assert WARNING not in _open(client, url_name, make_lot())


def test_labels_carry_harvest_and_best_before_dates_and_a_print_button(client, settings):
    settings.SITE_URL = "http://testserver"
    lot = make_lot(harvest_date=datetime.date(2026, 11, 20), best_before=datetime.date(2026, 12, 5))
    page = _open(client, "portal:labels", lot)
    assert "Thu hoạch: 20/11/2026" in page
    assert "05/12/2026" in page
    assert "data-print hidden" in page and "labels.js" in page
    assert "<script>" not in page and "style=" not in page


def test_digital_link_uses_site_url_scheme_and_port(settings):
    settings.SITE_URL = "http://127.0.0.1:8102"
    lot = make_lot(gtin="8931234567897", lot_number="L1")
    assert qr_payload(lot) == "http://127.0.0.1:8102/01/08931234567897/10/L1"
