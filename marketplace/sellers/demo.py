"""Demo shops: 17 farm households and 3 cooperatives (with member households) in the six
demo communes, each with a login, a contact phone and most with a bank account."""

from marketplace.accounts.demo import demo_login
from marketplace.accounts.models import Role
from marketplace.core.demo import demo_moment, demo_step
from marketplace.core.text import fold

from .models import Cooperative, CooperativeMembership, Household, Seller
from .services import cooperative_create, household_register, seller_create, seller_details_update

# key, head of household, phone, commune key, farm type, shop name, days since the login
HOUSEHOLDS = [
    ("hung", "Nguyễn Văn Hùng", "0900000004", "mo_cay", "processing", "Kẹo dừa Tư Hùng", 300),
    ("thu", "Phạm Thị Thu", "0911000006", "mo_cay", "processing", "Dầu dừa Thu Phạm", 260),
    ("loc", "Đặng Văn Lộc", "0911000007", "mo_cay", "handicraft", "Mỹ nghệ dừa Út Lộc", 150),
    ("tam", "Trần Thị Tâm", "0911000001", "cho_lach", "fruit", "Vườn bưởi Năm Tâm", 280),
    ("cuong", "Phan Văn Cường", "0911000008", "cho_lach", "fruit", "Sầu riêng Mười Cường", 200),
    ("nga", "Võ Thị Nga", "0911000009", "cho_lach", "crops", "Hoa kiểng Cái Mơn Sáu Nga", 120),
    ("sang", "Lê Văn Sang", "0911000002", "giong_trom", "fruit", "Vườn chôm chôm Ba Sang", 240),
    (
        "my",
        "Huỳnh Thị Mỹ",
        "0911000010",
        "giong_trom",
        "processing",
        "Bánh phồng Sơn Đốc Cô Mỹ",
        330,
    ),
    ("thanh", "Trương Văn Thành", "0911000011", "giong_trom", "crops", "Ca cao Bảy Thành", 130),
    ("duc", "Bùi Văn Đức", "0911000012", "ba_tri", "livestock", "Bò Ba Tri Chín Đức", 210),
    ("nhung", "Ngô Thị Nhung", "0911000013", "ba_tri", "processing", "Muối hột Tư Nhung", 180),
    (
        "quang",
        "Phan Văn Quang",
        "0911000014",
        "ba_tri",
        "livestock",
        "Mật ong hoa dừa Ba Quang",
        110,
    ),
    ("hai", "Đỗ Văn Hải", "0911000015", "binh_dai", "aquaculture", "Nghêu Bình Đại Hai Hải", 230),
    ("yen", "Nguyễn Thị Yến", "0911000016", "binh_dai", "processing", "Khô cá dứa Cô Yến", 310),
    ("oanh", "Lê Thị Oanh", "0911000017", "binh_dai", "processing", "Tôm khô Bình Thắng", 95),
    ("sa_ray", "Thạch Thị Sà Rây", "0911000018", "cau_ke", "fruit", "Dừa sáp Sà Rây", 170),
    ("ba", "Nguyễn Thị Ba", "0911000019", "cau_ke", "processing", "Bánh tét Trà Cuôn Cô Ba", 100),
]
# Member households of the cooperatives that keep no shop of their own.
MEMBERS = [
    ("an", "Nguyễn Văn An", "0912000001", "cho_lach", "fruit"),
    ("binh", "Trần Thị Bình", "0912000002", "cho_lach", "fruit"),
    ("khoa", "Võ Minh Khoa", "0912000003", "binh_dai", "aquaculture"),
    ("lien", "Phạm Thị Liên", "0912000004", "binh_dai", "aquaculture"),
    ("sol", "Kim Văn Sol", "0912000005", "cau_ke", "fruit"),
    ("sa_rinh", "Sơn Thị Sa Rinh", "0912000006", "cau_ke", "fruit"),
]
# key, name, commune key, manager's login key, phone, member keys
COOPERATIVES = [
    (
        "coop",
        "HTX Dừa Chợ Lách",
        "cho_lach",
        "coop_manager",
        "0900000005",
        ("tam", "sang", "an", "binh"),
    ),
    (
        "coop_binh_dai",
        "HTX Thủy sản Bình Đại",
        "binh_dai",
        "manager_binh_dai",
        "0900000006",
        ("hai", "khoa", "lien"),
    ),
    (
        "coop_cau_ke",
        "HTX Dừa sáp Cầu Kè",
        "cau_ke",
        "manager_cau_ke",
        "0900000007",
        ("sa_ray", "sol", "sa_rinh"),
    ),
]
# Bank accounts for VietQR (BIN of the bank, account number); the others take no transfers.
BANK_ACCOUNTS = {
    "hung": ("970436", "0071000123456"),
    "tam": ("970405", "7300205111222"),
    "cuong": ("970418", "71010000654321"),
    "my": ("970415", "108870123456"),
    "duc": ("970422", "0801234567890"),
    "yen": ("970405", "7302205987654"),
    "sa_ray": ("970405", "7408205246810"),
    "coop": ("970405", "7300205123456"),
    "coop_binh_dai": ("970436", "0071000777888"),
    "coop_cau_ke": ("970418", "74010000135790"),
}


def _household(context, *, key, head, phone, commune_key, farm_type, login=None):
    household = Household.objects.filter(phone="+84" + phone[1:]).first()
    if household is None:
        household = household_register(
            head_name=head,
            phone=phone,
            commune=context.communes[commune_key],
            farm_type=farm_type,
            user=login,
            registered_by=context.users["officer"],
        )
    context.households[key] = household
    return household


def _households(context):
    for key, head, phone, commune_key, farm_type, shop, days in HOUSEHOLDS:
        login = context.users.get("household") if key == "hung" else None
        login = login or demo_login(
            phone=phone, name=head, role=Role.HOUSEHOLD, joined=demo_moment(days, hour=15)
        )
        household = _household(
            context,
            key=key,
            head=head,
            phone=phone,
            commune_key=commune_key,
            farm_type=farm_type,
            login=login,
        )
        seller = Seller.objects.filter(household=household).first()
        context.sellers[key] = seller or seller_create(household=household, name=shop)
    for key, head, phone, commune_key, farm_type in MEMBERS:
        _household(
            context, key=key, head=head, phone=phone, commune_key=commune_key, farm_type=farm_type
        )


def _cooperatives(context):
    for key, name, commune_key, manager, phone, members in COOPERATIVES:
        coop = Cooperative.objects.filter(name=name).first()
        if coop is None:
            coop = cooperative_create(
                name=name,
                commune=context.communes[commune_key],
                managers=[context.users[manager]],
                members=[context.households[member] for member in members],
                phone=phone,
            )
        seller = Seller.objects.filter(cooperative=coop).first()
        context.sellers[key] = seller or seller_create(cooperative=coop)
        context.extra.setdefault("members", {})[key] = [context.households[m] for m in members]


def _bank_accounts(context):
    """Each shop gives its own account; the holder is written as banks print it."""
    managers = {key: context.users[manager] for key, _, _, manager, *_ in COOPERATIVES}
    for key, (bank_bin, number) in BANK_ACCOUNTS.items():
        seller = context.sellers[key]
        if seller.bank_bin:
            continue
        household = seller.household if seller.household_id else None
        seller_details_update(
            actor=household.user if household else managers[key],
            seller=seller,
            bank_bin=bank_bin,
            bank_account_number=number,
            bank_account_name=fold(household.head_name if household else seller.name).upper(),
        )


@demo_step(30)
def seed(context):
    _households(context)
    _cooperatives(context)
    _bank_accounts(context)
    members = CooperativeMembership.objects.filter(ended_at__isnull=True).count()
    context.log.append(
        f"sellers: {Seller.objects.count()} shops, {members} cooperative memberships"
    )
