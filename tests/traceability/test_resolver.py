"""The GS1 Digital Link resolver: canonical redirects, link types, linksets, description."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.catalog.factories import CertificateFactory
from tests.traceability.factories import days_ago, make_lot
from traceability.services import event_record, lot_recall

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


LINK = "/01/08931234567897/10/LOT07%2FA"
ANCHOR = f"https://cho-so.test{LINK}"
VOC = "https://gs1.org/voc/"


@pytest.mark.parametrize(
    "query",
    ["?linkType=linkset", "?linkType=all", "?linkType=linkset&7007=260101"],
)
def test_linkset_lists_every_link_of_the_lot(client, query):
    lot = make_lot(gtin="8931234567897", lot_number="LOT07/A")
    response = client.get(LINK + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/linkset+json"
    assert "Accept" in response["Vary"]
    [context] = response.json()["linkset"]
    assert context["anchor"] == ANCHOR
    trace = f"https://cho-so.test/t/{lot.code}/"
    assert context[f"{VOC}traceability"][0] == {
        "href": trace,
        "title": context[f"{VOC}traceability"][0]["title"],
        "type": "text/html",
        "hreflang": ["vi"],
    }
    assert context[f"{VOC}traceability"][1]["href"] == f"https://cho-so.test/en/t/{lot.code}/"
    assert "LOT07/A" in context[f"{VOC}traceability"][0]["title"]
    assert context[f"{VOC}epcis"] == [
        {
            "href": f"https://cho-so.test/t/{lot.code}/epcis.json",
            "title": context[f"{VOC}epcis"][0]["title"],
            "type": "application/ld+json",
        }
    ]
    pip = context[f"{VOC}pip"]
    assert [p["hreflang"] for p in pip] == [["vi"], ["en"]]
    assert pip[0]["href"] == f"https://cho-so.test{lot.product.get_absolute_url()}"
    assert lot.product.name in pip[0]["title"]
    assert context[f"{VOC}defaultLink"] == [context[f"{VOC}traceability"][0]]


def test_accept_header_asks_for_the_linkset(client):
    make_lot(gtin="8931234567897", lot_number="LOT07/A")
    response = client.get(LINK, headers={"Accept": "application/linkset+json"})
    assert response.status_code == 200
    assert response.json()["linkset"][0]["anchor"] == ANCHOR
    assert client.get(LINK, headers={"Accept": "text/html"}).status_code == 307


def test_answers_carry_a_link_header_to_the_linkset_and_each_link(client):
    lot = make_lot(gtin="8931234567897", lot_number="LOT07/A")
    for response in (client.get(LINK), client.get(LINK + "?linkType=linkset")):
        header = response["Link"]
        assert header.startswith(
            f'<{ANCHOR}?linkType=linkset>; rel="linkset"; type="application/linkset+json"'
        )
        assert (
            f'<https://cho-so.test/t/{lot.code}/>; rel="{VOC}traceability"; '
            'type="text/html"; hreflang="vi"'
        ) in header
        assert f'<https://cho-so.test/t/{lot.code}/epcis.json>; rel="{VOC}epcis"' in header
        assert f'rel="{VOC}pip"' in header
        header.encode("latin-1")  # a header must be Latin-1: no Vietnamese title in it


@pytest.mark.parametrize(
    ("link_type", "target"),
    [
        ("gs1:epcis", "/t/{code}/epcis.json"),
        ("https%3A%2F%2Fgs1.org%2Fvoc%2Fepcis", "/t/{code}/epcis.json"),
        ("https://gs1.org/voc/epcis", "/t/{code}/epcis.json"),
        ("gs1:traceability", "/t/{code}/"),
        ("https%3A%2F%2Fgs1.org%2Fvoc%2Ftraceability", "/t/{code}/"),
        ("gs1:defaultLink", "/t/{code}/"),
        ("gs1:pip", "{product}"),
        ("https%3A%2F%2Fgs1.org%2Fvoc%2Fpip", "{product}"),
    ],
)
def test_link_types_in_prefixed_and_full_uri_form(client, link_type, target):
    lot = make_lot(gtin="8931234567897", lot_number="LOT07/A")
    response = client.get(f"{LINK}?linkType={link_type}")
    assert response.status_code == 307
    assert response["Location"] == target.format(
        code=lot.code, product=lot.product.get_absolute_url()
    )


def test_english_requests_go_to_the_english_pages(client):
    lot = make_lot(gtin="8931234567897", lot_number="LOT07/A")
    response = client.get(f"/en{LINK}?linkType=gs1:pip")
    assert response["Location"].startswith("/en/") and lot.product.slug in response["Location"]
    response = client.get(f"/en{LINK}?linkType=linkset")
    assert response.json()["linkset"][0]["anchor"] == ANCHOR


@pytest.mark.parametrize("link_type", ["gs1:certificationInfo", "gs1:nonsense", "xyz"])
def test_a_link_type_the_lot_lacks_is_a_404(client, link_type):
    """GS1-Conformant Resolver 1.2, 2.6.2: a requested link type that is not there is a 404,
    not the default link."""
    make_lot(gtin="8931234567897", lot_number="LOT07/A")
    response = client.get(f"{LINK}?linkType={link_type}")
    assert response.status_code == 404
    assert "Không tìm thấy mã này" in response.content.decode()


def test_pip_of_a_lot_whose_product_is_not_live_is_a_404(client):
    lot = make_lot(gtin="8931234567897", lot_number="LOT07/A")
    type(lot.product).objects.filter(pk=lot.product_id).update(status="draft")
    assert client.get(f"{LINK}?linkType=gs1:pip").status_code == 404
    assert client.get(LINK).status_code == 307


def test_gtin_without_a_lot_goes_to_its_product_page(client):
    lot = make_lot(gtin="8931234567897", lot_number="LOT07/A")
    response = client.get("/01/08931234567897")
    assert response.status_code == 307
    assert response["Location"] == lot.product.get_absolute_url()
    assert client.get("/01/08931234567897", follow=True).status_code == 200
    response = client.get("/01/8931234567897?linkType=gs1:pip")
    assert response["Location"] == "/01/08931234567897?linkType=gs1:pip"
    [context] = client.get("/01/08931234567897?linkType=linkset").json()["linkset"]
    assert context["anchor"] == "https://cho-so.test/01/08931234567897"
    assert set(context) == {"anchor", f"{VOC}pip", f"{VOC}defaultLink"}
    assert client.get("/01/08931234567897?linkType=gs1:epcis").status_code == 404


@pytest.mark.parametrize("gtin", ["09506000134352", "08931234567898"])
def test_gtin_no_product_carries_is_a_friendly_404(client, gtin):
    response = client.get(f"/01/{gtin}")
    assert response.status_code == 404
    assert "Không tìm thấy mã này" in response.content.decode()


def test_links_and_qr_follow_the_scheme_and_host_of_site_url(client, settings):
    settings.SITE_URL = "http://127.0.0.1:8102"
    lot = make_lot(gtin="8931234567897", lot_number="LOT07/A")
    [context] = client.get(f"{LINK}?linkType=linkset").json()["linkset"]
    assert context["anchor"] == f"http://127.0.0.1:8102{LINK}"
    assert context[f"{VOC}epcis"][0]["href"] == f"http://127.0.0.1:8102/t/{lot.code}/epcis.json"


def test_resolver_description_says_what_this_resolver_does(client):
    response = client.get("/.well-known/gs1resolver")
    assert response.status_code == 200
    assert response.json() == {
        "name": "Chợ Số",
        "resolverRoot": "https://cho-so.test",
        "supportedPrimaryKeys": ["01"],
        "supportedLinkType": [{"namespace": VOC, "prefix": "gs1:"}],
        "linkTypeDefaultCanBeLinkset": False,
    }


def _inspection(lot, name="VietGAP", document=None):
    event, _warnings = event_record(
        lot=lot,
        actor=lot.created_by,
        kind="inspection",
        occurred_at=days_ago(3),
        certificate_name=name,
        document=document,
    )
    return event


def test_linkset_has_the_recall_status_where_the_trace_page_says_it(client):
    lot = make_lot(gtin="8931234567897", lot_number="LOT07/A")
    [context] = client.get(f"{LINK}?linkType=linkset").json()["linkset"]
    recall = context[f"{VOC}recallStatus"]
    assert [(r["href"], r["hreflang"]) for r in recall] == [
        (f"https://cho-so.test/t/{lot.code}/#recall", ["vi"]),
        (f"https://cho-so.test/en/t/{lot.code}/#recall", ["en"]),
    ]
    assert "LOT07/A" in recall[0]["title"]
    response = client.get(f"{LINK}?linkType=gs1:recallStatus")
    assert response.status_code == 307
    assert response["Location"] == f"/t/{lot.code}/#recall"
    # The trace page says the status either way, at that anchor.
    page = client.get(f"/t/{lot.code}/").content.decode()
    assert 'id="recall">Không bị thu hồi<' in page
    lot_recall(lot=lot, actor=lot.created_by, reason="Dư lượng thuốc vượt ngưỡng")
    page = client.get(f"/t/{lot.code}/").content.decode()
    assert page.count('id="recall"') == 1
    assert '<div class="trace-recall" role="alert" id="recall">' in page
    assert client.get(f"/en{LINK}?linkType=gs1:recallStatus")["Location"] == (
        f"/en/t/{lot.code}/#recall"
    )


def test_linkset_has_the_certificates_the_trace_page_lists_and_their_documents(client):
    lot = make_lot(gtin="8931234567897", lot_number="LOT07/A")
    scan = SimpleUploadedFile("vietgap.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    _inspection(lot, "VietGAP", document=scan)
    corrected = _inspection(lot, "GlobalGAP (nhầm)")
    event_record(
        lot=lot,
        actor=lot.created_by,
        kind="inspection",
        occurred_at=days_ago(2),
        certificate_name="Hữu cơ",
        corrects=corrected,
    )
    [context] = client.get(f"{LINK}?linkType=linkset").json()["linkset"]
    certificates = context[f"{VOC}certificationInfo"]
    assert [c["href"] for c in certificates[:2]] == [
        f"https://cho-so.test/t/{lot.code}/#certificates",
        f"https://cho-so.test/en/t/{lot.code}/#certificates",
    ]
    [document] = certificates[2:]  # the corrected entry and the one without a photo: none
    assert document["href"].startswith("https://cho-so.test/media/trace/documents/")
    assert document["href"].endswith(".pdf")
    assert document == {"href": document["href"], "title": "VietGAP", "type": "application/pdf"}
    response = client.get(f"{LINK}?linkType=gs1:certificationInfo")
    assert response.status_code == 307
    assert response["Location"] == f"/t/{lot.code}/#certificates"
    page = client.get(f"/t/{lot.code}/").content.decode()
    assert '<h2 id="certificates">Chứng nhận</h2>' in page
    assert f'rel="{VOC}certificationInfo"' in client.get(LINK)["Link"]


def test_ocop_stars_alone_are_certification_info(client):
    lot = make_lot(gtin="8931234567897", lot_number="LOT07/A")
    CertificateFactory(product=lot.product, stars=4)
    response = client.get(f"{LINK}?linkType=gs1:certificationInfo")
    assert response["Location"] == f"/t/{lot.code}/#certificates"
    page = client.get(f"/t/{lot.code}/").content.decode()
    assert page.count('id="certificates"') == 1 and "OCOP" in page
