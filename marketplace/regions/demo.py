from .models import Commune
from .services import units_load

# Former Bến Tre communes, now in Vĩnh Long, and a few famous OCOP places elsewhere.
DEMO_COMMUNES = {
    "mo_cay": "28903",  # Xã Mỏ Cày, Vĩnh Long (former Bến Tre): coconut candy
    "cho_lach": "28870",  # Xã Chợ Lách, Vĩnh Long (former Bến Tre): fruit, seedlings
    "giong_trom": "28984",  # Xã Giồng Trôm, Vĩnh Long (former Bến Tre)
    "ba_tri": "29110",  # Xã Ba Tri, Vĩnh Long (former Bến Tre)
    "trung_khanh": "01477",  # Xã Trùng Khánh, Cao Bằng: chestnuts
    "tam_quan": "21637",  # Phường Tam Quan, Gia Lai (former Bình Định): fish sauce
    "dinh_hoa": "05569",  # Xã Định Hóa, Thái Nguyên: tea
}


def seed(context):
    if not Commune.objects.filter(code=DEMO_COMMUNES["mo_cay"]).exists():
        units_load()
    by_code = Commune.objects.select_related("province").in_bulk(
        DEMO_COMMUNES.values(), field_name="code"
    )
    context.communes = {key: by_code[code] for key, code in DEMO_COMMUNES.items()}
