from .models import Cooperative, Household, Seller
from .services import cooperative_create, household_register, seller_create

DEMO_HOUSEHOLDS = [
    # key, head, phone, commune key, farm type, login key
    ("hung", "Nguyễn Văn Hùng", "0900000004", "mo_cay", "processing", "household"),
    ("tam", "Trần Thị Tâm", "0911000001", "cho_lach", "fruit", None),
    ("sang", "Lê Văn Sang", "0911000002", "giong_trom", "fruit", None),
    ("nong", "Nông Văn Dũng", "0911000003", "trung_khanh", "crops", None),
    ("ha", "Huỳnh Thị Hà", "0911000004", "tam_quan", "processing", None),
    ("tuyet", "Ma Thị Tuyết", "0911000005", "dinh_hoa", "crops", None),
]


def seed(context):
    officer = context.users["officer"]
    for key, head, phone, commune_key, farm_type, login in DEMO_HOUSEHOLDS:
        household = Household.objects.filter(phone="+84" + phone[1:]).first()
        if household is None:
            household = household_register(
                head_name=head,
                phone=phone,
                commune=context.communes[commune_key],
                farm_type=farm_type,
                user=context.users.get(login),
                registered_by=officer,
            )
        context.households[key] = household
        seller = Seller.objects.filter(household=household).first()
        context.sellers[key] = seller or seller_create(household=household)

    coop = Cooperative.objects.filter(name="HTX Dừa Chợ Lách").first()
    if coop is None:
        coop = cooperative_create(
            name="HTX Dừa Chợ Lách",
            commune=context.communes["cho_lach"],
            managers=[context.users["coop_manager"]],
            members=[context.households["tam"], context.households["sang"]],
            phone="0900000005",
        )
    seller = Seller.objects.filter(cooperative=coop).first()
    context.sellers["coop"] = seller or seller_create(cooperative=coop)
