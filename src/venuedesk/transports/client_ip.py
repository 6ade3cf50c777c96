"""The client's address for the abuse limits (docs/abuse.md): the peer, or the first untrusted address of
`X-Forwarded-For` when the peer is a proxy named in `VENUEDESK_TRUSTED_PROXIES`; stored and counted only as a keyed
hash (HMAC-SHA-256 with `VENUEDESK_IP_HASH_KEY`, else a key generated once in `$VENUEDESK_HOME/ip_hash_key`), never
as the raw IP, which is personal data."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from collections.abc import Iterable, MutableMapping
from pathlib import Path
from typing import Any

from venuedesk.secret_file import read_or_create_secret_file

KEY_FILE = "ip_hash_key"
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_networks(spec: str | None) -> tuple[Network, ...]:
    """The proxies named in `spec` (comma-separated addresses or CIDR ranges); a bad entry raises ValueError."""
    return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in (spec or "").split(",") if part.strip())


def _trusted(address: str, networks: Iterable[Network]) -> bool:
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in networks)


def client_address(scope: MutableMapping[str, Any], networks: tuple[Network, ...]) -> str:
    """The request's client: the peer, or (only when the peer is a trusted proxy) the right-most address of
    `X-Forwarded-For` that is not itself a trusted proxy."""
    peer = str((scope.get("client") or ("unknown", 0))[0])
    if not networks or not _trusted(peer, networks):
        return peer
    forwarded = [value.decode("latin-1") for name, value in scope.get("headers", []) if name == b"x-forwarded-for"]
    hops = [hop.strip() for line in forwarded for hop in line.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            return hop
    return peer


class IpHasher:
    """Turns an address into the keyed hash the store keeps and the limiter counts."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def __call__(self, address: str) -> str:
        """32 hex characters; the same address gives the same hash under the same key."""
        return hmac.new(self._key, address.encode(), hashlib.sha256).hexdigest()[:32]


def hasher_from(key: str | None, home: Path) -> IpHasher:
    """The hasher with `key` (VENUEDESK_IP_HASH_KEY), else with the key file under `home`, created once (0600)."""
    if key:
        return IpHasher(key.encode())
    stored = read_or_create_secret_file(home / KEY_FILE, lambda: secrets.token_hex(32), what="IP hash key")
    return IpHasher(stored.value.encode())
