"""Dashboard speed at provincial scale: `make bench` (with DATABASE_URL for PostgreSQL).

20,000 households by default; with BENCH_FULL=1 on PostgreSQL also 1,000,000
households and about 1.05 million completions. On PostgreSQL the generator uses
set-based INSERT ... SELECT generate_series (no row-by-row inserts); on SQLite,
bulk_create. Prints the time to rebuild the rollup, and the dashboard's median and
p95 response time and query count, measured through the test client (URL routing,
view, template).
"""

import time

import pytest
from django.db import connection
from django.db.models.functions import Mod
from django.utils import timezone

from catalog.models import Category, Product
from marketplace.dashboard.rollup import rollup_refresh
from marketplace.orders.models import Order, SellerOrder
from marketplace.regions.models import Commune
from marketplace.sellers.models import Household, Seller
from tests.accounts.factories import OfficerFactory
from tests.regions.factories import ProvinceFactory
from tests.training.factories import make_course

from .report import bench_line, counting_queries

pytestmark = pytest.mark.django_db(transaction=True)

COMMUNES = 100
RUNS = 40


# The SQL generators take the time from Django (the suite's fixed clock), not from
# PostgreSQL's now(): households "registered" after the clock's today are not counted.
def _households_sql(count: int, commune_ids: list[int]) -> None:
    ids = ",".join(str(i) for i in commune_ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO sellers_household (head_name, head_name_folded, phone, national_id,
                commune_id, address, farm_type, registered_at)
            SELECT 'Hộ ' || g, 'ho ' || g, '+8439' || lpad(g::text, 7, '0'), '',
                (ARRAY[{ids}])[1 + g %% {len(commune_ids)}], '', 'mixed',
                %s - (g %% 400) * interval '1 day'
            FROM generate_series(1, {count}) AS g
            """,
            [timezone.now()],
        )


def _completions_sql(course_id: int, officer_id: int, share_tenths: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO training_completion (household_id, course_id, completed_on, method,
                recorded_by_id, recorded_at, withdrawn)
            SELECT id, %s, %s::date - (id %% 300)::int, 'officer', %s, %s, false
            FROM sellers_household WHERE id %% 10 < %s
            """,
            [course_id, timezone.localdate(), officer_id, timezone.now(), share_tenths],
        )


def _households_orm(count: int, commune_ids: list[int]) -> None:
    Household.objects.bulk_create(
        [
            Household(
                head_name=f"Hộ {n}",
                head_name_folded=f"ho {n}",
                phone=f"+8439{n:07d}",
                commune_id=commune_ids[n % len(commune_ids)],
            )
            for n in range(count)
        ],
        batch_size=5000,
    )


def _completions_orm(course, officer, share_tenths):
    from datetime import timedelta

    from marketplace.training.models import Completion

    today = timezone.localdate()
    ids = Household.objects.values_list("pk", flat=True)
    Completion.objects.bulk_create(
        [
            Completion(
                household_id=pk,
                course=course,
                completed_on=today - timedelta(days=pk % 300),
                method="officer",
                recorded_by=officer,
            )
            for pk in ids
            if pk % 10 < share_tenths
        ],
        batch_size=5000,
    )


def _shops(every: int) -> None:
    """Every `every`-th household gets a seller and a live product; half of those a delivery."""
    category = Category.objects.create(name="Nông sản", slug="nong-san-bench")
    households = list(
        Household.objects.annotate(r=Mod("pk", every)).filter(r=0).values_list("pk", "commune_id")
    )
    Seller.objects.bulk_create(
        [
            Seller(kind="household", household_id=pk, name=f"Shop {pk}", slug=f"shop-{pk}")
            for pk, _ in households
        ],
        batch_size=5000,
    )
    sellers = dict(Seller.objects.values_list("household_id", "pk"))
    commune_of = dict(households)
    Product.objects.bulk_create(
        [
            Product(
                seller_id=seller_id,
                category=category,
                name=f"SP {hh}",
                name_folded=f"sp {hh}",
                slug=f"sp-{hh}",
                price=50_000,
                stock=5,
                status="live",
                origin_commune_id=commune_of[hh],
            )
            for hh, seller_id in sellers.items()
        ],
        batch_size=5000,
    )
    order = Order.objects.create(
        name="Khách", phone="+84900000099", address="HN", commune_id=households[0][1]
    )
    now = timezone.now()
    SellerOrder.objects.bulk_create(
        [
            SellerOrder(
                order=order,
                seller_id=seller_id,
                number=f"B{seller_id}",
                status="delivered",
                goods_total=50_000,
                total=50_000,
                delivered_at=now,
            )
            for hh, seller_id in sellers.items()
            if hh % (every * 2) == 0
        ],
        batch_size=5000,
    )


@pytest.mark.parametrize(
    "households",
    [
        20_000,
        pytest.param(
            1_000_000,
            marks=pytest.mark.bench_full("the dashboard at 1,000,000 households (PostgreSQL)"),
        ),
    ],
)
def test_dashboard_p95_with_a_provincial_roster(client, households):
    postgres = connection.vendor == "postgresql"
    if households > 100_000 and not postgres:
        pytest.skip("1,000,000 households are generated on PostgreSQL only (set DATABASE_URL)")
    province = ProvinceFactory(code="99", name="Tỉnh Thử Tải")
    Commune.objects.bulk_create(
        [
            Commune(
                code=f"B{n:04d}",
                name=f"Xã Tải {n}",
                name_folded=f"xa tai {n}",
                kind="Xã",
                province=province,
            )
            for n in range(COMMUNES)
        ]
    )
    commune_ids = list(Commune.objects.filter(province=province).values_list("pk", flat=True))
    admin = OfficerFactory(role="admin", provinces=[province])
    basic, selling = make_course("Kỹ năng số cơ bản"), make_course("Bán hàng trực tuyến")

    started = time.perf_counter()
    if postgres:
        _households_sql(households, commune_ids)
        _completions_sql(basic.pk, admin.pk, 6)
        _completions_sql(selling.pk, admin.pk, 4)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        _households_orm(households, commune_ids)
        _completions_orm(basic, admin, 6)
        _completions_orm(selling, admin, 4)
    _shops(every=50)
    generated = time.perf_counter() - started

    started = time.perf_counter()
    rollup_refresh()
    refreshed = time.perf_counter() - started

    # What one event costs after its commit: the refresh of its commune only.
    one = []
    for commune_id in commune_ids[:5]:
        started = time.perf_counter()
        assert rollup_refresh(commune_ids=[commune_id]) == 1
        one.append((time.perf_counter() - started) * 1000)

    client.force_login(admin)
    assert client.get("/can-bo/").status_code == 200  # warm up
    timings = []
    for _ in range(RUNS):
        with counting_queries() as queries:
            started = time.perf_counter()
            response = client.get("/can-bo/")
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    body = response.text
    assert f"{households:,}".replace(",", "") in body.replace(".", "")  # roster total shown
    print(
        f"\n[dashboard bench] {households:,} households, {COMMUNES} communes; "
        f"generate {generated:.1f} s; refresh_dashboard {refreshed:.1f} s; "
        f"one commune after an event: median {sorted(one)[2]:.0f} ms, max {max(one):.0f} ms"
    )
    _median, p95 = bench_line(
        f"officer dashboard ({households:,} households)", timings, len(queries)
    )
    assert p95 <= 300
