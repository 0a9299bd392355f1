"""The in-app list, its unread count, and the unsubscribe link's page."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.template import Context, RequestContext, Template
from django.urls import reverse

from marketplace.notifications.models import ConsentChange, Message, OptOut, Status
from marketplace.notifications.services import optout_record
from marketplace.notifications.unsubscribe import unsubscribe_token, unsubscribe_url
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seller(client):
    user = UserFactory(phone="0912345678")
    client.force_login(user)
    return user


def test_list_url_is_vietnamese_and_needs_a_login(client):
    assert reverse("notifications:list") == "/thong-bao/"
    response = client.get("/thong-bao/")
    assert response.status_code == 302
    assert "/dang-nhap" in response["Location"] or "login" in response["Location"]


def test_list_shows_own_notifications_newest_first_and_marks_them_read_on_post(
    client, seller, deliver
):
    deliver(to_user=seller, event="order_new", idempotency_key="a")
    deliver(
        to_user=seller, event="order_delivered", context={"number": "CS9-1"}, idempotency_key="b"
    )
    deliver(to_user=UserFactory(), idempotency_key="someone-else")
    page = client.get("/thong-bao/").content.decode()
    assert page.index("Đơn hàng đã giao") < page.index("Đơn hàng mới")
    assert page.count('class="unread"') == 2
    assert "Đánh dấu tất cả đã đọc" in page
    assert "<script" not in page
    assert 'name="viewport"' in page
    response = client.post("/thong-bao/")
    assert response.status_code == 302
    assert not Message.objects.filter(recipient=seller, read_at__isnull=True).exists()
    page = client.get("/thong-bao/").content.decode()
    assert 'class="unread"' not in page
    assert "Đánh dấu tất cả đã đọc" not in page


def test_news_held_back_from_sms_still_shows_in_the_app(client, seller, deliver):
    """Stopping SMS and Zalo stops the texts, not the news: a new order must be seen."""
    optout_record(address=seller.phone)
    assert deliver(to_user=seller).status == Status.SUPPRESSED
    page = client.get("/thong-bao/").content.decode()
    assert "Chợ Số: đơn mới CS000123-1" in page
    assert 'class="unread"' in page


def test_a_one_time_code_never_sent_is_not_listed(client, seller, deliver, settings):
    settings.NOTIFY_RATE_PER_HOUR = 1
    deliver(to_user=seller, idempotency_key="first")
    otp = deliver(
        to_user=seller, event="otp", context={"code": "482913", "minutes": 10}, idempotency_key="o"
    )
    assert otp.status == Status.SUPPRESSED
    page = client.get("/thong-bao/").content.decode()
    assert "đặt lại mật khẩu" not in page


def test_unread_count_for_the_header_badge_is_lazy(rf, seller, deliver, django_assert_num_queries):
    from marketplace.notifications.context_processors import unread

    deliver(to_user=seller, idempotency_key="a")
    deliver(to_user=seller, idempotency_key="b")
    request = rf.get("/")
    request.user = seller
    with django_assert_num_queries(0):
        context = unread(request)
    with django_assert_num_queries(1):
        assert str(context["unread_notifications"]) == "2"
        assert bool(context["unread_notifications"])


def test_unread_count_is_absent_for_visitors(rf):
    from django.contrib.auth.models import AnonymousUser

    from marketplace.notifications.context_processors import unread

    request = rf.get("/")
    request.user = AnonymousUser()
    assert unread(request) == {}
    assert Template("{{ unread_notifications|default:0 }}").render(Context({})) == "0"
    assert RequestContext(request)  # the processor is installed without failing anonymously


def test_unsubscribe_asks_on_get_and_records_on_post(client):
    url = unsubscribe_url(address="+84912345678")
    path = re.sub(r"^https?://[^/]+", "", url)
    assert path.startswith("/thong-bao/tu-choi/")
    page = client.get(path)
    assert page.status_code == 200
    assert not OptOut.objects.exists()
    assert "0912 345 678" in page.content.decode()
    response = client.post(path)
    assert response.status_code == 302
    assert OptOut.objects.get().address == "+84912345678"
    done = client.get(path).content.decode()
    assert "sẽ không nhận tin đơn hàng" in done
    assert "Ngừng nhận các tin này" not in done
    assert "Đã ngừng từ 15/06/2026 09:30." in done
    client.post(path)
    assert OptOut.objects.count() == 1
    assert ConsentChange.objects.count() == 1


def test_the_same_link_resumes_and_both_changes_are_kept(client):
    path = re.sub(r"^https?://[^/]+", "", unsubscribe_url(address="+84912345678"))
    client.post(path)
    response = client.post(path, {"action": "resume"})
    assert response.status_code == 302
    assert not OptOut.objects.exists()
    page = client.get(path).content.decode()
    assert "Ngừng nhận các tin này" in page
    assert list(ConsentChange.objects.order_by("pk").values_list("action", "source")) == [
        ("stop", "link"),
        ("resume", "link"),
    ]


def test_the_short_code_is_offered_once_configured(client, seller, short_code):
    page = client.get("/thong-bao/").content.decode()
    assert "hoặc nhắn TC gửi 8079" in page
    path = re.sub(r"^https?://[^/]+", "", unsubscribe_url(address=seller.phone))
    assert "nhắn TC gửi 8079, và DK để nhận lại" in client.get(path).content.decode()


def test_the_list_says_since_when_messages_are_stopped(client, seller):
    optout_record(address=seller.phone)
    page = client.get("/thong-bao/").content.decode()
    assert "Bạn đã ngừng nhận tin đơn hàng và lời nhắc qua SMS và Zalo từ 15/06/2026" in page
    assert "Nhận lại qua SMS và Zalo" in page


def test_forged_unsubscribe_link_is_not_found(client):
    token = unsubscribe_token(address="+84912345678")
    assert client.post(f"/thong-bao/tu-choi/{token}x/").status_code == 404
    assert client.get("/thong-bao/tu-choi/not-signed/").status_code == 404
    assert not OptOut.objects.exists()


def test_retry_command_delivers_due_messages(deliver, clock):
    import datetime as dt

    from tests.conftest import VIET_NAM

    clock.move_to(dt.datetime(2026, 6, 15, 23, 0, tzinfo=VIET_NAM))
    message = deliver(phone="0912345678")
    clock.move_to(dt.datetime(2026, 6, 16, 7, 5, tzinfo=VIET_NAM))
    out = StringIO()
    call_command("notifications_retry", stdout=out)
    assert "1" in out.getvalue()
    message.refresh_from_db()
    assert message.status == Status.SENT


def _badge(page: str) -> str | None:
    match = re.search(r'<a href="/thong-bao/" class="notify-link">(.*?)</a>', page, re.S)
    return match.group(1) if match else None


def test_header_badge_for_a_seller_links_to_the_list_with_the_count(client, seller, deliver):
    seller.role = "household"
    seller.save(update_fields=["role"])
    assert "notify-count" not in _badge(client.get("/thong-bao/").content.decode())
    deliver(to_user=seller, idempotency_key="a")
    badge = _badge(client.get("/san-pham/").content.decode())
    assert re.search(r'class="cart-count notify-count">1<span class="sr"> chưa đọc', badge)
    assert '<span class="sr">Thông báo</span>' in badge
    client.post("/thong-bao/")
    assert "notify-count" not in _badge(client.get("/san-pham/").content.decode())


def test_no_badge_for_buyers_and_visitors(client, seller, deliver):
    deliver(to_user=seller, idempotency_key="a")
    assert _badge(client.get("/san-pham/").content.decode()) is None  # a buyer
    client.logout()
    assert _badge(client.get("/san-pham/").content.decode()) is None


def test_a_notice_with_a_link_offers_it_and_one_without_does_not(client, seller, deliver):
    from marketplace.notifications.services import send

    send(
        event="roster_imported",
        context={"new": 3, "merged": 1},
        idempotency_key="roster:1:abc",
        to_user=seller,
        link="/can-bo/xa/7/",
    )
    deliver(to_user=seller, idempotency_key="no-link")
    page = client.get("/thong-bao/").content.decode()
    links = re.findall(r'<a href="([^"]+)" class="btn btn-small">', page)
    assert links == ["/can-bo/xa/7/"]
    assert page.count('class="unread"') == 2
    assert "<script" not in page


def test_an_opt_out_from_before_the_history_still_shows_as_stopped(client, seller):
    """Opt-outs recorded before ConsentChange existed have no history row: the list
    and the stop page read the opt-out itself."""
    OptOut.objects.create(address=OptOut.key(seller.phone), source=OptOut.Source.STAFF)
    page = client.get("/thong-bao/").content.decode()
    assert "Bạn đã ngừng nhận tin đơn hàng và lời nhắc qua SMS và Zalo từ 15/06/2026" in page
    path = re.sub(r"^https?://[^/]+", "", unsubscribe_url(address=seller.phone))
    assert "Đã ngừng từ 15/06/2026 09:30." in client.get(path).content.decode()
