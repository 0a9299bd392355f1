"""A cooperative manager runs the members' shops from a phone."""

import pytest

from marketplace.accounts.models import Role
from marketplace.sellers.models import AssistedAct, CooperativeMembership
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import login, screenshot
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import HouseholdFactory, make_cooperative_seller, make_household_seller

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_manager_adds_a_member_and_lists_a_product_for_another(phone_page):
    commune = CommuneFactory(name="Xã Chợ Lách")
    manager = UserFactory(phone="+84900000005", role=Role.COOP_MANAGER, display_name="Võ Thị Lan")
    tam = make_household_seller(commune=commune, head_name="Trần Thị Tâm", phone="+84911000001")
    make_cooperative_seller(managers=[manager], commune=commune, members=[tam.household])
    sang = HouseholdFactory(commune=commune, head_name="Lê Văn Sang", phone="+84911000002")
    page = phone_page

    login(page, "0900 000 005")
    # The manager lands on "Cửa hàng của tôi": the cooperative's shop and the members' shops.
    assert page.url.endswith("/cua-hang-cua-toi/")
    assert page.get_by_role("heading", name="Cửa hàng của thành viên").is_visible()
    page.get_by_role("link", name="Thành viên").first.click()
    assert page.get_by_role("heading", name="Thành viên", exact=True).is_visible()
    assert page.get_by_text("Trần Thị Tâm").first.is_visible()

    # Adding a household needs its consent: refused without the box ticked.
    page.get_by_label("Số di động của hộ").fill("0911 000 002")
    page.get_by_role("button", name="Thêm thành viên").click()
    assert page.get_by_text("Hộ phải đồng ý tham gia trước khi bạn thêm vào.").first.is_visible()
    page.get_by_label("Số di động của hộ").fill("0911 000 002")
    page.get_by_label("Hộ đồng ý tham gia").check()
    page.get_by_role("button", name="Thêm thành viên").click()
    assert page.get_by_text("Lê Văn Sang đã là thành viên.").is_visible()
    assert CooperativeMembership.objects.get(household=sang).added_by == manager
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "coop-members-360")

    # Open Tâm's shop and add a product for her.
    page.get_by_role("listitem").filter(has_text="Trần Thị Tâm").get_by_role(
        "link", name="Mở cửa hàng"
    ).click()
    page.get_by_role("link", name="Thêm sản phẩm").click()
    page.get_by_label("Tên").fill("Dừa xiêm xanh")
    page.get_by_label("Danh mục").select_option(label="Thực phẩm › Bánh kẹo")
    page.get_by_label("Giá (đồng)").fill("15000")
    page.get_by_label("Tồn kho").fill("200")
    page.get_by_role("button", name="Lưu").click()
    assert page.get_by_text("Đã lưu sản phẩm.").is_visible()
    assert tam.products.get().name == "Dừa xiêm xanh"

    # The act is in the log, as done by the manager on Tâm's behalf.
    page.goto("/cua-hang-cua-toi/")
    page.get_by_role("link", name="Thành viên").first.click()
    log = page.locator(".coop-acts")
    assert log.get_by_text("Võ Thị Lan đã thêm sản phẩm: Dừa xiêm xanh (Trần Thị Tâm)").is_visible()
    act = AssistedAct.objects.get(action="product_create")
    assert (act.actor, act.seller) == (manager, tam)
    screenshot(page, "coop-members-log-360")


def test_manager_ends_a_membership_and_can_no_longer_open_the_shop(phone_page):
    commune = CommuneFactory(name="Xã Chợ Lách")
    manager = UserFactory(phone="+84900000005", role=Role.COOP_MANAGER)
    tam = make_household_seller(commune=commune, head_name="Trần Thị Tâm")
    make_cooperative_seller(managers=[manager], commune=commune, members=[tam.household])
    page = phone_page

    login(page, "0900000005")
    page.get_by_role("link", name="Thành viên").first.click()
    page.get_by_role("link", name="Rời HTX").click()
    page.get_by_role("button", name="Xác nhận: hộ rời hợp tác xã").click()
    assert page.get_by_text("Hãy ghi lý do hộ rời hợp tác xã.").first.is_visible()
    page.get_by_label("Vì sao hộ rời hợp tác xã?").fill("Chuyển sang nuôi tôm")
    page.get_by_role("button", name="Xác nhận: hộ rời hợp tác xã").click()
    assert page.get_by_text("Trần Thị Tâm đã rời hợp tác xã.").is_visible()
    former = page.locator("section", has_text="Thành viên đã rời")
    assert former.get_by_text("Chuyển sang nuôi tôm").is_visible()
    assert page.goto(f"/cua-hang-cua-toi/{tam.slug}/").status == 403
