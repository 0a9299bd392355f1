import itertools

import factory

from marketplace.sellers.models import Household
from marketplace.sellers.services import cooperative_create, seller_create
from tests.regions.factories import CommuneFactory


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    head_name = factory.Faker("name", locale="vi_VN")
    phone = factory.Sequence(lambda n: f"+843{n:08d}")
    commune = factory.SubFactory(CommuneFactory)


def make_household_seller(*, user=None, commune=None, **household_fields):
    """A household with a login and its seller profile (and draft storefront)."""
    fields = {"user": user, **household_fields}
    if commune is not None:
        fields["commune"] = commune
    household = HouseholdFactory(**fields)
    return seller_create(household=household)


_coop_numbers = itertools.count(1)


def make_cooperative_seller(*, managers=(), commune=None, members=()):
    cooperative = cooperative_create(
        name=f"HTX Nông nghiệp số {next(_coop_numbers)}",
        commune=commune or CommuneFactory(),
        managers=list(managers),
        members=list(members),
    )
    return seller_create(cooperative=cooperative)
