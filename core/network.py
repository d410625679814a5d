"""The client's address, as the audit log and the login lockout (django-axes) both see it.

X-Forwarded-For is a request header: anyone can send one. It is read only when the
request comes from a proxy listed in settings.TRUSTED_PROXIES (DJANGO_TRUSTED_PROXIES,
empty by default: REMOTE_ADDR is the client). Otherwise a forged header would write any
address into the audit log and let an attacker pick which address a lockout lands on.

Behind trusted proxies the header is read from the right: each proxy appends the address
it received the request from, so the first address that is not one of our proxies is the
client; whatever lies to the left of it was written by the client and is ignored.
"""

from __future__ import annotations

import functools
import ipaddress

from django.conf import settings


@functools.lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def is_trusted_proxy(address, trusted) -> bool:
    return address is not None and any(address in network for network in trusted)


def client_ip(request) -> str | None:
    """The client's IP address (also settings.AXES_CLIENT_IP_CALLABLE)."""
    remote = _address(request.META.get("REMOTE_ADDR") or "")
    if remote is None:
        return None
    trusted = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if not is_trusted_proxy(remote, trusted):
        return str(remote)
    client = remote
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # not written by a proxy of ours: keep the last address we can vouch for
        client = address
        if not is_trusted_proxy(address, trusted):
            break
    return str(client)
