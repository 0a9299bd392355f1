from marketplace.core.demo import demo_step

from .models import Commune
from .services import units_load

# The demo province, Vĩnh Long (2025: with the former Bến Tre and Trà Vinh), and six of
# its communes known for their OCOP products.
DEMO_COMMUNES = {
    "mo_cay": "28903",  # Xã Mỏ Cày (former Bến Tre): coconut candy, coconut oil, crafts
    "cho_lach": "28870",  # Xã Chợ Lách (former Bến Tre): fruit, seedlings, ornamental plants
    "giong_trom": "28984",  # Xã Giồng Trôm (former Bến Tre): puffed rice cakes, cocoa
    "ba_tri": "29110",  # Xã Ba Tri (former Bến Tre): cattle, sea salt, coconut honey
    "binh_dai": "29050",  # Xã Bình Đại (former Bến Tre): clams, shrimp, dried fish
    "cau_ke": "29308",  # Xã Cầu Kè (former Trà Vinh): wax coconut, Trà Cuôn rice cakes
}


@demo_step(10)
def seed(context):
    if not Commune.objects.filter(code=DEMO_COMMUNES["cau_ke"]).exists():
        units_load()
    by_code = Commune.objects.select_related("province").in_bulk(
        DEMO_COMMUNES.values(), field_name="code"
    )
    context.communes = {key: by_code[code] for key, code in DEMO_COMMUNES.items()}
