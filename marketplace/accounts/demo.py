from marketplace.core.demo import DEMO_PASSWORD

from .models import Role, User
from .services import officer_area_add, user_create

DEMO_USERS = [
    # key, phone, name, role
    ("admin", "0900000001", "Trần Thị Mai (Sở NN&MT Vĩnh Long)", Role.ADMIN),
    ("officer", "0900000002", "Lê Văn Phúc (khuyến nông)", Role.OFFICER),
    ("buyer", "0900000003", "Phạm Minh Anh", Role.BUYER),
    ("household", "0900000004", "Nguyễn Văn Hùng", Role.HOUSEHOLD),
    ("coop_manager", "0900000005", "Võ Thị Lan (HTX Dừa Chợ Lách)", Role.COOP_MANAGER),
]


def seed(context):
    for key, phone, name, role in DEMO_USERS:
        user = User.objects.filter(phone="+84" + phone[1:]).first()
        if user is None:
            user = user_create(phone=phone, display_name=name, password=DEMO_PASSWORD, role=role)
        context.users[key] = user
    admin = context.users["admin"]
    if not admin.is_superuser:
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
    officer = context.users["officer"]
    if not officer.is_staff:
        officer.is_staff = True
        officer.save(update_fields=["is_staff"])
    officer_area_add(user=admin, province=context.communes["mo_cay"].province)
    for key in ("mo_cay", "cho_lach", "giong_trom", "ba_tri"):
        officer_area_add(user=officer, commune=context.communes[key])
