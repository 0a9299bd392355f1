import pytest

from tests.traceability.factories import make_lot, make_product
from traceability.services import lot_recall

pytestmark = pytest.mark.django_db


def test_product_page_offers_the_cart_and_links_to_the_trace_pages_of_its_lots(client):
    product = make_product(stock=5)
    lot = make_lot(product=product)
    html = client.get(product.get_absolute_url()).content.decode()
    assert 'action="/gio-hang/them/"' in html
    assert f'href="/t/{lot.code}/"' in html
    assert "Nguồn gốc" in html


def test_a_recalled_lot_is_not_offered_as_the_products_origin_but_as_the_recall(client):
    product = make_product(stock=5)
    lot = make_lot(product=product)
    lot_recall(lot=lot, actor=lot.seller.household.user, reason="Dư lượng thuốc")
    html = client.get(product.get_absolute_url()).content.decode()
    assert "Nguồn gốc" not in html
    notice = html.split('class="msg msg-error recall-notice"')[1].split("</div>")[0]
    assert "Sản phẩm đang bị thu hồi" in notice and "Dư lượng thuốc" in notice
    assert f'href="/t/{lot.code}/"' in notice
    assert html.count(f"/t/{lot.code}/") == 1
    assert "/gio-hang/them/" not in html


def test_an_out_of_stock_product_cannot_be_added_to_the_cart(client):
    product = make_product(stock=0)
    assert "/gio-hang/them/" not in client.get(product.get_absolute_url()).content.decode()


def test_trace_page_shows_ocop_stars_only_while_the_certificate_is_valid(client):
    import datetime

    from catalog.selectors import product_ocop_stars
    from catalog.services import product_stars_refresh
    from tests.catalog.factories import CertificateFactory

    product = make_product()
    lot = make_lot(product=product)
    certificate = CertificateFactory(product=product, stars=4)
    assert "OCOP 4★" in client.get(f"/t/{lot.code}/").content.decode()

    certificate.decision_date = datetime.date.today() - datetime.timedelta(days=37 * 31)
    certificate.save()
    product_stars_refresh(product=product)
    product.refresh_from_db()
    assert product_ocop_stars(product=product) == 0
    assert "OCOP 4★" not in client.get(f"/t/{lot.code}/").content.decode()
