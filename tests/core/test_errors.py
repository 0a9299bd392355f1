import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from catalog.errors import CatalogError
from cms.errors import StorefrontError
from marketplace.core.errors import DomainError
from marketplace.onboarding.errors import OnboardingError
from marketplace.orders.errors import EmptyCart, OrderError, TransitionRefused
from marketplace.payments.errors import PaymentError
from marketplace.sellers.errors import SellerError
from marketplace.training.errors import TrainingError
from traceability.errors import AppendOnlyError, TraceError

# Each app's base, with a message its own catalog translates.
BASES = [
    (CatalogError, "A household sells only what it produces itself.", "Hộ chỉ bán"),
    (OrderError, "Your cart is empty.", "Giỏ hàng của bạn đang trống."),
    (PaymentError, "Only money that was paid can be refunded.", "Chỉ hoàn được số tiền"),
    (SellerError, "This household is already a member.", "Hộ này đã là thành viên."),
    (StorefrontError, "This storefront is not waiting for approval.", "chờ duyệt"),
    (TraceError, "This lot is already recalled.", "Lô hàng này đã bị thu hồi."),
    (TrainingError, "Say why the tick is withdrawn.", "Hãy ghi lý do"),
    (OnboardingError, "Open the household's login first.", "Hãy mở tài khoản"),
]


@pytest.mark.parametrize("base", [row[0] for row in BASES] + [AppendOnlyError, TransitionRefused])
def test_every_domain_error_derives_from_domain_error(base):
    assert issubclass(base, DomainError)


@pytest.mark.parametrize("base, english, vietnamese", BASES)
def test_a_domain_error_renders_its_lazy_message_in_vietnamese(base, english, vietnamese):
    error = base(_(english))
    with translation.override("vi"):
        assert vietnamese in str(error.message)
    with translation.override("en"):
        assert str(error.message) == english


def test_a_domain_error_without_a_message_says_the_action_is_refused_in_vietnamese():
    with translation.override("vi"):
        assert str(DomainError().message) == "Không được phép thực hiện thao tác này."
        assert str(OrderError()) == "Không được phép thực hiện thao tác này."


def test_a_domain_error_keeps_its_code():
    assert DomainError("x", code="sold_out").code == "sold_out"
    assert TraceError("x", code="recalled").code == "recalled"


def test_errors_shown_like_form_errors_are_still_validation_errors():
    error = CatalogError("Một lỗi")
    assert isinstance(error, ValidationError)
    assert error.messages == ["Một lỗi"]
    assert CatalogError(["Một", "Hai"]).messages == ["Một", "Hai"]


def test_an_order_error_subclass_keeps_its_own_message():
    with translation.override("vi"):
        assert EmptyCart().message == "Giỏ hàng của bạn đang trống."
