"""The fee rules, without a database: flat, free above, weight tiers, dates."""

import datetime as dt

from marketplace.delivery import pricing

TIERS = [{"up_to_grams": 5000, "fee": 35_000}, {"up_to_grams": 2000, "fee": 22_000}]


def test_the_lightest_tier_that_carries_the_weight_prices_it():
    assert pricing.tier_fee(TIERS, 800) == 22_000
    assert pricing.tier_fee(TIERS, 2000) == 22_000
    assert pricing.tier_fee(TIERS, 2001) == 35_000


def test_heavier_than_the_last_tier_is_not_taken():
    assert pricing.tier_fee(TIERS, 5001) is None


def test_tiers_replace_the_flat_fee_and_the_flat_fee_applies_without_them():
    assert pricing.base_fee(fee=15_000, tiers=TIERS, weight_grams=3000) == 35_000
    assert pricing.base_fee(fee=15_000, tiers=[], weight_grams=30_000) == 15_000
    assert pricing.base_fee(fee=None, tiers=[], weight_grams=1) is None


def test_free_from_the_sellers_amount_of_goods_and_not_below():
    assert pricing.with_free_above(30_000, goods_total=300_000, free_above=300_000) == 0
    assert pricing.with_free_above(30_000, goods_total=299_999, free_above=300_000) == 30_000
    assert pricing.with_free_above(30_000, goods_total=10**9, free_above=None) == 30_000


def test_a_product_without_weight_counts_by_its_unit():
    assert pricing.unit_grams(weight_grams=0, unit="kg") == 1000
    assert pricing.unit_grams(weight_grams=0, unit="500g") == 500
    assert pricing.unit_grams(weight_grams=0, unit="box") == 1000
    assert pricing.unit_grams(weight_grams=350, unit="box") == 350


def test_pickup_is_ready_on_the_next_market_day_after_the_preparation():
    monday = dt.date(2026, 6, 15)
    # Saturday market (5), one day to prepare: Saturday 20 June.
    assert pricing.expected_date(today=monday, lead_days=1, weekdays="5") == dt.date(2026, 6, 20)
    saturday = dt.date(2026, 6, 20)
    assert pricing.expected_date(today=saturday, lead_days=0, weekdays="5") == saturday
    assert pricing.expected_date(today=saturday, lead_days=1, weekdays="5") == dt.date(2026, 6, 27)


def test_the_carriers_date_wins_over_the_sellers_lead_time():
    monday = dt.date(2026, 6, 15)
    assert pricing.expected_date(today=monday, lead_days=2) == dt.date(2026, 6, 17)
    said = dt.date(2026, 6, 19)
    assert pricing.expected_date(today=monday, lead_days=2, carrier_date=said) == said
