"""The visitor's network address, as every rate limit and the login lockout count it.

Behind our reverse proxy REMOTE_ADDR is the proxy's, shared by every visitor: then the
address is the right-most hop of X-Forwarded-For that none of our proxies
(settings.TRUSTED_PROXIES, addresses or networks) added; what the visitor wrote further
left is their own word and may be anything. One spelling per visitor:

- an IPv4-mapped IPv6 address (`::ffff:203.0.113.7`, what a dual-stack socket reports)
  is the IPv4 address it maps, and counts with it;
- IPv6 is counted by its /64, the smallest block a provider hands one subscriber:
  otherwise one phone would get 2**64 fresh addresses to guess from;
- a forwarded hop that is no address at all (garbage our proxy passed on) counts in a
  bucket of its own, UNKNOWN, and is logged. Never the proxy's own bucket (that would let
  one sender of garbage lock out everybody behind the proxy) nor the garbage itself (a
  fresh string per try would be a fresh bucket per try).
"""

import ipaddress
import logging
from functools import lru_cache

from django.conf import settings

log = logging.getLogger(__name__)

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
# The unspecified address: no visitor has it, and axes' address column takes it.
UNKNOWN = "0.0.0.0"
IPV6_BUCKET_PREFIX = 64


@lru_cache(maxsize=8)
def trusted_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """TRUSTED_PROXIES parsed; an entry that is not an address or network is skipped
    (the `core.E001` check refuses it at `manage.py check`)."""
    networks = []
    for entry in entries:
        try:
            networks.append(_unmapped_network(ipaddress.ip_network(entry.strip(), strict=False)))
        except ValueError:
            continue
    return tuple(networks)


def trusted_proxy_errors(entries) -> list[str]:
    """The entries of TRUSTED_PROXIES that are not an address or a network."""
    wrong = []
    for entry in entries:
        try:
            ipaddress.ip_network(entry.strip(), strict=False)
        except ValueError:
            wrong.append(entry)
    return wrong


def _unmapped_network(network: Network) -> Network:
    if isinstance(network, ipaddress.IPv6Network) and network.network_address.ipv4_mapped:
        mapped = network.network_address.ipv4_mapped
        return ipaddress.ip_network(f"{mapped}/{max(network.prefixlen - 96, 0)}", strict=False)
    return network


def address_parse(text: str) -> Address | None:
    """An address as a proxy or a socket writes it: `203.0.113.7`, `203.0.113.7:5123`,
    `2001:db8::1`, `[2001:db8::1]:443`, `::ffff:203.0.113.7`; None for anything else."""
    text = text.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:  # IPv4 with a port; bare IPv6 has at least two colons
        text = text.partition(":")[0]
    text = text.partition("%")[0]  # a link-local zone names our interface, not the visitor
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def address_bucket(address: Address) -> str:
    """The key a limit counts `address` under: IPv4 as is, IPv6 by its /64."""
    if isinstance(address, ipaddress.IPv6Address):
        network = ipaddress.IPv6Network(f"{address}/{IPV6_BUCKET_PREFIX}", strict=False)
        return str(network.network_address)
    return str(address)


def client_ip(request) -> str:
    """The bucket of the visitor who sent `request` (see the module's docstring)."""
    networks = trusted_networks(tuple(settings.TRUSTED_PROXIES))
    peer = address_parse(request.META.get("REMOTE_ADDR") or "")
    if peer is None:
        log.warning("No usable REMOTE_ADDR %r", request.META.get("REMOTE_ADDR"))
        return UNKNOWN
    if not _in(peer, networks):
        return address_bucket(peer)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not forwarded.strip():
        return address_bucket(peer)
    for hop in reversed(forwarded.split(",")):
        address = address_parse(hop)
        if address is None:
            log.warning("Unusable X-Forwarded-For hop %r from %s", hop[:60], peer)
            return UNKNOWN
        if not _in(address, networks):
            return address_bucket(address)
    return address_bucket(peer)  # sent by one of our proxies itself


def _in(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == n.version and address in n for n in networks)
