"""The two lists of shops every app asks: the shops a person may run in the seller
portal, and the shops of an officer's area; each with its query count pinned."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.accounts.models import Role
from marketplace.sellers.permissions import can_manage_seller
from marketplace.sellers.selectors import sellers_in_area, sellers_managed_by
from tests.accounts.factories import OfficerFactory, UserFactory
from tests.regions.factories import CommuneFactory, ProvinceFactory
from tests.sellers.factories import make_cooperative_seller, make_household_seller

pytestmark = pytest.mark.django_db


@pytest.fixture
def country():
    """Two provinces; a household shop and a cooperative shop in one commune of the
    first, a household shop in another commune of it, one shop in the second province."""
    home = CommuneFactory()
    neighbour = CommuneFactory(province=home.province)
    far = CommuneFactory(province=ProvinceFactory(code="80", name="Tỉnh Đồng Tháp"))
    owner = UserFactory(role=Role.HOUSEHOLD)
    return type(
        "Country",
        (),
        {
            "home": home,
            "neighbour": neighbour,
            "far": far,
            "owner": owner,
            "own": make_household_seller(user=owner, commune=home),
            "coop": make_cooperative_seller(commune=home),
            "next_door": make_household_seller(commune=neighbour),
            "distant": make_household_seller(commune=far),
        },
    )


def _count(run):
    with CaptureQueriesContext(connection) as queries:
        result = set(run())
    return result, len(queries)


def test_an_officer_of_a_commune_sees_the_shops_of_that_commune_in_two_queries(country):
    officer = OfficerFactory(communes=[country.home])
    shops, queries = _count(lambda: sellers_in_area(user=officer))
    assert shops == {country.own, country.coop}
    assert queries == 2  # the officer's areas, then the shops


def test_an_officer_of_a_province_sees_every_commune_of_it(country):
    officer = OfficerFactory(provinces=[country.home.province])
    assert set(sellers_in_area(user=officer)) == {country.own, country.coop, country.next_door}


def test_a_provincial_administrator_sees_their_province_only(country):
    admin = UserFactory(role=Role.ADMIN)
    admin.areas.create(province=country.far.province)
    assert set(sellers_in_area(user=admin)) == {country.distant}


def test_a_superuser_sees_every_shop(country):
    superuser = UserFactory(role=Role.ADMIN, is_superuser=True)
    assert set(sellers_in_area(user=superuser)) == {
        country.own,
        country.coop,
        country.next_door,
        country.distant,
    }


def test_people_without_an_area_see_no_shop_and_ask_nothing(country):
    for person in (country.owner, UserFactory(), AnonymousUser()):
        shops, queries = _count(lambda person=person: sellers_in_area(user=person))
        assert shops == set()
        assert queries <= 1


def test_a_household_manages_its_own_shop_in_one_query(country):
    shops, queries = _count(lambda: sellers_managed_by(user=country.owner))
    assert shops == {country.own}
    assert queries == 1


def test_an_officer_manages_the_shops_of_their_area_in_two_queries(country):
    officer = OfficerFactory(communes=[country.neighbour])
    shops, queries = _count(lambda: sellers_managed_by(user=officer))
    assert shops == {country.next_door}
    assert queries == 2


def test_nobody_anonymous_manages_a_shop(country):
    shops, queries = _count(lambda: sellers_managed_by(user=AnonymousUser()))
    assert shops == set()
    assert queries == 0


def test_the_predicate_asks_one_query_for_a_household(country):
    with CaptureQueriesContext(connection) as queries:
        assert can_manage_seller(country.owner, country.own)
        assert not can_manage_seller(country.owner, country.next_door)
    assert len(queries) == 2
