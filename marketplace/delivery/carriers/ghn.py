"""Giao Hàng Nhanh (GHN) through its public API. Off until GHN_TOKEN and GHN_SHOP_ID are set."""

from django.conf import settings

from .base import Carrier


class GhnCarrier(Carrier):
    code = "ghn"
    name = "Giao Hàng Nhanh"

    def enabled(self) -> bool:
        return bool(settings.GHN_TOKEN and settings.GHN_SHOP_ID)

    def tracking_url(self, tracking_number: str) -> str:
        return f"https://donhang.ghn.vn/?order_code={tracking_number}"
