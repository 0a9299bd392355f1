"""The GS1 Digital Link resolver: canonical redirects, link types, linksets, description."""

import pytest

from tests.traceability.factories import make_lot

pytestmark = pytest.mark.django_db

ODD_LOT = "-./:;<=>?_z"  # GS1 set 82 punctuation that must stay percent-encoded in the URI
ODD_LOT_ENCODED = "-.%2F%3A%3B%3C%3D%3E%3F_z"


@pytest.mark.parametrize(
    ("lot_number", "encoded"), [(ODD_LOT, ODD_LOT_ENCODED), ("LOT07/A", "LOT07%2FA")]
)
def test_short_gtin_redirect_keeps_the_lot_percent_encoded(client, lot_number, encoded):
    """Django hands the view a decoded path (test client and runserver alike), so a target
    rebuilt from it turned %2F into / and 404ed."""
    lot = make_lot(gtin="8931234567897", lot_number=lot_number)
    response = client.get(f"/01/8931234567897/10/{encoded}")
    assert response.status_code == 307
    assert response["Location"] == f"/01/08931234567897/10/{encoded}"
    response = client.get(f"/01/8931234567897/10/{encoded}", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == f"/t/{lot.code}/"
    assert lot.product.name in response.content.decode()


def test_short_gtin_redirect_keeps_the_language_prefix_and_the_raw_query(client):
    make_lot(gtin="8931234567897", lot_number="LOT07/A")
    response = client.get("/en/01/8931234567897/10/LOT07%2FA?linkType=gs1%3Aepcis&7007=260101")
    assert response.status_code == 307
    assert response["Location"] == (
        "/en/01/08931234567897/10/LOT07%2FA?linkType=gs1%3Aepcis&7007=260101"
    )


def test_short_gtin_with_a_lot_outside_gs1_set_82_is_not_redirected(client):
    response = client.get("/01/8931234567897/10/A%20B")
    assert response.status_code == 404
