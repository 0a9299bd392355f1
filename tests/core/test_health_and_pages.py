import re

import pytest
from django.db import DatabaseError

from marketplace.core.money import format_vnd

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr("marketplace.core.views.connection.cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_home_page_is_in_vietnamese_by_default_and_english_under_en(client):
    vi = client.get("/")
    assert vi.status_code == 200
    assert '<html lang="vi">' in vi.content.decode()
    assert "Mua trực tiếp" in vi.content.decode()
    en = client.get("/en/")
    assert en.status_code == 200
    assert '<html lang="en">' in en.content.decode()
    assert "Buy directly" in en.content.decode()


def test_pages_load_nothing_from_other_hosts(client):
    html = client.get("/").content.decode()
    loaded = re.findall(r'(?:src|srcset)="([^"]*)"', html)
    loaded += re.findall(r'<link rel="(?:stylesheet|icon)"[^>]*href="([^"]*)"', html)
    assert loaded and not any("//" in url for url in loaded)
    # The absolute addresses there (canonical, alternates, share card) name the site itself.
    assert set(re.findall(r'https?://([^/"]+)', html.replace("http://www.w3.org", ""))) == {
        "cho-so.test"
    }


def test_an_unknown_address_gives_a_friendly_404_in_vietnamese(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.parametrize(
    ("amount", "language", "shown"),
    [
        (125000, "vi", "125.000 ₫"),
        (125000, "en", "₫125,000"),
        (0, "vi", "0 ₫"),
        (1250000000, "vi", "1.250.000.000 ₫"),
    ],
)
def test_money_is_whole_dong_in_the_readers_convention(amount, language, shown):
    assert format_vnd(amount, language) == shown


def test_the_wagtail_admin_speaks_vietnamese(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert 'lang="vi"' in response.content.decode()
