import datetime as dt
from functools import cache

from django.contrib.auth.hashers import make_password

from marketplace.core.demo import DEMO_PASSWORD, demo_step

from .models import Role, User
from .services import officer_area_add, user_create

DEMO_USERS = [
    # key, phone, name, role
    ("admin", "0900000001", "Trần Thị Mai (Sở NN&MT Vĩnh Long)", Role.ADMIN),
    ("officer", "0900000002", "Lê Văn Phúc (khuyến nông)", Role.OFFICER),
    ("buyer", "0900000003", "Phạm Minh Anh", Role.BUYER),
    ("household", "0900000004", "Nguyễn Văn Hùng", Role.HOUSEHOLD),
    ("coop_manager", "0900000005", "Võ Thị Lan (HTX Dừa Chợ Lách)", Role.COOP_MANAGER),
    ("manager_binh_dai", "0900000006", "Đỗ Minh Toàn (HTX Thủy sản Bình Đại)", Role.COOP_MANAGER),
    ("manager_cau_ke", "0900000007", "Thạch Văn Nam (HTX Dừa sáp Cầu Kè)", Role.COOP_MANAGER),
    ("buyer_hanoi", "0900000008", "Nguyễn Thu Hà", Role.BUYER),
    ("buyer_saigon", "0900000009", "Lâm Quốc Bảo", Role.BUYER),
    ("buyer_vinh_long", "0900000010", "Trương Ngọc Diễm", Role.BUYER),
    ("buyer_can_tho", "0900000011", "Huỳnh Gia Khánh", Role.BUYER),
]


@cache
def _password_hash() -> str:
    """One hash of the demo password for every demo login: hashing is slow on purpose."""
    return make_password(DEMO_PASSWORD)


def demo_login(*, phone: str, name: str, role: str, joined: dt.datetime | None = None) -> User:
    """The demo login of `phone`, made with the demo password if missing; `joined` dates
    it in the past (the funnel counts a household registered from its login's date)."""
    user = User.objects.filter(phone="+84" + phone[1:]).first()
    if user is None:
        user = user_create(phone=phone, display_name=name, role=role)
        user.password = _password_hash()
        user.date_joined = joined or user.date_joined
        user.save(update_fields=["password", "date_joined"])
    return user


@demo_step(20)
def seed(context):
    for key, phone, name, role in DEMO_USERS:
        context.users[key] = demo_login(phone=phone, name=name, role=role)
    admin = context.users["admin"]
    if not admin.is_superuser:
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
    officer = context.users["officer"]
    if not officer.is_staff:
        officer.is_staff = True
        officer.save(update_fields=["is_staff"])
    officer_area_add(user=admin, province=context.communes["mo_cay"].province)
    for commune in context.communes.values():
        officer_area_add(user=officer, commune=commune)
