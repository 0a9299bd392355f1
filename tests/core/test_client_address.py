"""One visitor, one address, however the socket or the proxy spells it; and nobody falls
into the proxy's bucket, shared by everyone behind it."""

import logging

import pytest
from django.test import RequestFactory

from marketplace.core.client_address import UNKNOWN, client_ip


@pytest.fixture(autouse=True)
def proxies(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1", "10.0.0.0/29"]


def ip(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **extra))


@pytest.mark.parametrize(
    "remote,forwarded,expected",
    [
        ("203.0.113.7", None, "203.0.113.7"),
        ("::ffff:203.0.113.7", None, "203.0.113.7"),  # a dual-stack socket's spelling
        ("127.0.0.1", "203.0.113.7", "203.0.113.7"),
        ("::ffff:127.0.0.1", "203.0.113.7", "203.0.113.7"),  # the proxy, mapped, is trusted
        ("127.0.0.1", "::ffff:203.0.113.7", "203.0.113.7"),
        ("127.0.0.1", "203.0.113.7:51234", "203.0.113.7"),
        ("127.0.0.1", "[2001:db8:1:2::99]:443", "2001:db8:1:2::"),
        ("10.0.0.5", "198.51.100.9, 10.0.0.3", "198.51.100.9"),  # two proxies of ours
        ("127.0.0.1", "forged-by-visitor, 203.0.113.7", "203.0.113.7"),  # left is ignored
        ("127.0.0.1", "192.0.2.1, 203.0.113.7", "203.0.113.7"),
        ("127.0.0.1", "", "127.0.0.1"),  # the proxy host itself (a health check)
        ("127.0.0.1", "10.0.0.2", "127.0.0.1"),  # only our proxies in the chain
        ("198.51.100.2", "203.0.113.7", "198.51.100.2"),  # not from a proxy: header ignored
    ],
)
def test_the_address_is_the_right_most_hop_no_proxy_of_ours_added(remote, forwarded, expected):
    assert ip(remote, forwarded) == expected


def test_ipv6_counts_by_its_64_block_in_one_spelling():
    same_home = [
        "2001:db8:1:2::1",
        "2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd",
        "2001:DB8:1:2:ffff::1",
        "2001:db8:1:2::abcd",
    ]
    assert {ip(address) for address in same_home} == {"2001:db8:1:2::"}
    assert ip("2001:db8:1:3::1") == "2001:db8:1:3::"
    assert ip("127.0.0.1", "fe80::1%eth0") == "fe80::"


@pytest.mark.parametrize(
    "forwarded", ["garbage", "203.0.113.7, not-an-ip", "unknown", "203.0.113.7,,", "1.2.3.4.5"]
)
def test_garbage_forwarded_by_our_proxy_has_its_own_bucket_not_the_proxys(forwarded, caplog):
    with caplog.at_level(logging.WARNING, logger="marketplace.core.client_address"):
        assert ip("127.0.0.1", forwarded) == UNKNOWN
    assert UNKNOWN != "127.0.0.1"
    assert "Unusable X-Forwarded-For" in caplog.text


def test_no_usable_socket_address_is_unknown_too():
    assert ip("") == UNKNOWN
    assert ip("not-an-address") == UNKNOWN


def test_an_ipv4_mapped_proxy_entry_trusts_the_ipv4_proxy(settings):
    settings.TRUSTED_PROXIES = ["::ffff:10.0.0.5"]
    assert ip("10.0.0.5", "203.0.113.7") == "203.0.113.7"
