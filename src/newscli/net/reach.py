"""Which addresses a fetch may reach: the person's own network is kept out of reach of
addresses found in content (see ``newscli.net.fetch``)."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass


@dataclass(frozen=True)
class Reach:
    """Which addresses a fetch may connect to. ``trusted``: the URL's own host may be
    private (the person typed the URL, or it was found in content that came from a private
    address); ``private``: any address at all (the person allows it)."""

    trusted: bool = True
    private: bool = False


TYPED = Reach(trusted=True)
"""A URL the person gave."""

# Addresses that carry an IPv4 address in their last 32 bits (NAT64).
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def is_public(address: str) -> bool:
    """Whether an IP address is globally reachable: not loopback, link-local, private,
    shared (carrier-grade NAT), reserved, multicast or unspecified. An IPv6 address that
    carries an IPv4 one (mapped, NAT64, 6to4) is judged by that."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip in _NAT64:
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        elif ip.sixtofour is not None:
            ip = ip.sixtofour
    return ip.is_global and not ip.is_multicast
