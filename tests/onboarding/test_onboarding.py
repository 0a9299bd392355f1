import pytest
from django.utils import timezone

from marketplace.onboarding.errors import OnboardingError
from marketplace.onboarding.services import (
    household_register_by_officer,
    onboarding_assist,
    takeover_claim,
)
from marketplace.sellers.models import AssistedAct, Seller
from marketplace.training.errors import TrainingError
from marketplace.training.services import (
    completion_confirm_online,
    completion_record,
)
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import HouseholdFactory
from tests.training.factories import make_course

pytestmark = pytest.mark.django_db


def test_assisted_onboarding_is_logged_and_household_takes_over(officer, commune, client):
    household = HouseholdFactory(commune=commune, phone="+84912111222")
    seller, code = onboarding_assist(actor=officer, household=household, consent=True)
    household.refresh_from_db()
    assert household.consent_at is not None and household.user.phone == "+84912111222"
    assert seller.household == household and seller.created_by == officer
    acts = set(AssistedAct.objects.filter(actor=officer).values_list("action", flat=True))
    assert acts == {
        "consent_record",
        "login_create",
        "seller_create",
        "storefront_publish",
        "takeover_code_issue",
    }
    assert not household.user.has_usable_password()
    # The household sets its own password with the code, once.
    response = client.post(
        "/kich-hoat/", {"phone": "0912 111 222", "code": code, "password": "rau-sach-2026"}
    )
    assert response.status_code == 302
    household.user.refresh_from_db()
    assert household.user.check_password("rau-sach-2026")
    with pytest.raises(OnboardingError):
        takeover_claim(phone="0912111222", code=code, password="khac-nua-2026")


def test_onboarding_needs_consent_and_the_area(officer, commune):
    household = HouseholdFactory(commune=commune)
    with pytest.raises(OnboardingError, match="đồng ý"):
        onboarding_assist(actor=officer, household=household, consent=False)
    stranger = HouseholdFactory(commune=CommuneFactory())
    with pytest.raises(OnboardingError, match="địa bàn"):
        onboarding_assist(actor=officer, household=stranger, consent=True)
    assert not Seller.objects.exists() and not AssistedAct.objects.exists()


def test_takeover_code_locks_after_five_wrong_tries(officer, commune):
    household = HouseholdFactory(commune=commune, phone="+84912111333")
    _seller, code = onboarding_assist(actor=officer, household=household, consent=True)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        with pytest.raises(OnboardingError):
            takeover_claim(phone="0912111333", code=wrong, password="rau-sach-2026")
    with pytest.raises(OnboardingError):
        takeover_claim(phone="0912111333", code=code, password="rau-sach-2026")


def test_officer_and_online_completions(officer, commune):
    course = make_course()
    household = HouseholdFactory(commune=commune)
    completion_record(actor=officer, household=household, course=course, on=timezone.localdate())
    with pytest.raises(TrainingError):
        completion_record(
            actor=officer, household=household, course=course, on=timezone.localdate()
        )
    other = make_course("An toàn thanh toán trực tuyến")
    _seller, _code = onboarding_assist(actor=officer, household=household, consent=True)
    household.refresh_from_db()
    completion = completion_confirm_online(user=household.user, course=other)
    assert completion.method == "online" and completion.recorded_by == household.user


def test_register_by_hand_refuses_a_phone_already_listed(officer, commune):
    household_register_by_officer(
        actor=officer, head_name="Lê Thị Hoa", commune=commune, phone="0912000111"
    )
    with pytest.raises(OnboardingError):
        household_register_by_officer(
            actor=officer, head_name="Lê Hoa", commune=commune, phone="0912 000 111"
        )


def test_officer_adds_a_household_and_opens_its_shop_from_the_phone_pages(client, officer, commune):
    from marketplace.sellers.models import Household

    client.force_login(officer)
    response = client.post(
        "/can-bo/ho/them/",
        {
            "head_name": "Võ Thị Mận",
            "phone": "0912 777 888",
            "commune": commune.pk,
            "farm_type": "fruit",
        },
    )
    household = Household.objects.get(phone="+84912777888")
    assert response.status_code == 302 and household.registered_by == officer
    other = CommuneFactory()
    response = client.post(
        "/can-bo/ho/them/",
        {
            "head_name": "Người Lạ",
            "phone": "0912 777 999",
            "commune": other.pk,
            "farm_type": "fruit",
        },
    )
    assert response.status_code == 200 and not Household.objects.filter(commune=other).exists()
    page = client.post(f"/can-bo/ho/{household.pk}/", {"action": "onboard", "o-consent": "on"})
    code = page.context["code"]
    assert len(code) == 6 and code in page.text
    assert Seller.objects.filter(household=household).exists()


def test_assisted_onboarding_ends_with_a_visible_shop_and_a_readable_log(officer, commune, client):
    from cms.models import StorefrontPage

    household = HouseholdFactory(commune=commune, phone="+84900000004", head_name="Lò Thị Mai")
    client.force_login(officer)
    response = client.post(
        f"/can-bo/ho/{household.pk}/",
        {"action": "onboard", "o-consent": "on", "o-shop_name": "Chè Mai"},
    )
    assert response.status_code == 200
    seller = Seller.objects.get(household=household)
    page = StorefrontPage.objects.get(seller=seller)
    assert page.live
    assert client.get(page.url).status_code == 200
    body = response.content.decode()
    assert f"/cua-hang-cua-toi/{seller.slug}/" in body or f"{seller.slug}/" in body
    acts = body.split("Việc đã làm thay")[-1] if "Việc đã làm thay" in body else body
    for code in ("consent_record", "seller_create", "login_create", "+84900000004"):
        assert code not in acts
    assert "0900 000 004" in acts
    actions = set(AssistedAct.objects.values_list("action", flat=True))
    assert "storefront_publish" in actions


def test_an_officer_of_the_area_unlocks_a_households_login_and_it_is_logged(client, officer):
    from axes.models import AccessAttempt

    from marketplace.sellers.models import AssistedAct
    from tests.accounts.factories import UserFactory
    from tests.sellers.factories import HouseholdFactory

    user = UserFactory(role="household")
    household = HouseholdFactory(user=user, commune=officer.areas.first().commune)
    for _ in range(10):
        client.post("/dang-nhap/", {"username": user.phone, "password": "wrong"})
    assert AccessAttempt.objects.exists()
    client.force_login(officer)
    url = f"/can-bo/ho/{household.pk}/"
    assert "Mở khóa đăng nhập" in client.get(url).content.decode()
    response = client.post(url, {"action": "unlock"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    act = AssistedAct.objects.get(action="login_unlock")
    assert (act.actor, act.household) == (officer, household)
