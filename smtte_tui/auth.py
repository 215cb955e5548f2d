"""Staff PINs: salted scrypt hashes (stdlib), never the PIN itself.

Stored as ``scrypt$<n>$<r>$<p>$<salt hex>$<hash hex>``, so a hash made with an older, cheaper cost
still verifies (with the cost written in it) and can be replaced by one with today's cost at the
next sign-in (:func:`needs_rehash`).

Why the cost is high: the hashes are readable by everyone who can read the data folder, and a PIN
has few possibilities. :data:`COST` (n=2^17, r=8, p=1: 128 MiB and about 0.34 s per guess on the
development machine, ``pin_guess_ms`` in ``smtte bench``) makes trying every 6-digit PIN take days
of computer time instead of minutes; it does not make it impossible, which is why the README asks
that only staff can read the folder. New PINs have 6–8 digits (:func:`valid_new_pin`); 4- and
5-digit PINs from before still sign in, once, and are then changed.

Tests lower :data:`COST` in ``tests/conftest.py`` (one setting); production code never changes it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class ScryptCost:
    """scrypt's parameters: ``n`` (CPU and memory), ``r`` (block size), ``p`` (parallel lanes)."""

    n: int
    r: int
    p: int

    @property
    def memory(self) -> int:
        """Bytes scrypt needs (OpenSSL's own formula, plus a margin), passed as ``maxmem``."""
        return 128 * self.r * (self.n + self.p + 2) + 1024 * 1024


COST = ScryptCost(n=2**17, r=8, p=1)
# A stored hash asking for more than this is refused rather than tried: a forged record in the data
# folder must not make every terminal allocate gigabytes at sign-in.
MAX_MEMORY = 512 * 1024 * 1024
PIN_MIN, PIN_MAX = 4, 8  # what the lock screen accepts (older PINs have 4 or 5 digits)
NEW_PIN_MIN = 6  # every PIN chosen from now on


def valid_pin(pin: str) -> bool:
    """Could be somebody's PIN: 4–8 digits (anything else is refused before any account is looked at)."""
    return pin.isascii() and pin.isdigit() and PIN_MIN <= len(pin) <= PIN_MAX


def valid_new_pin(pin: str) -> bool:
    """Long enough to be chosen today: 6–8 digits."""
    return valid_pin(pin) and len(pin) >= NEW_PIN_MIN


def _scrypt(pin: str, salt: bytes, cost: ScryptCost) -> bytes:
    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=cost.n, r=cost.r, p=cost.p, maxmem=cost.memory, dklen=32)


def hash_pin(pin: str, *, salt: bytes | None = None, cost: ScryptCost | None = None) -> str:
    cost = cost or COST
    salt = salt or os.urandom(16)
    return f"scrypt${cost.n}${cost.r}${cost.p}${salt.hex()}${_scrypt(pin, salt, cost).hex()}"


def _parse(stored: str) -> tuple[ScryptCost, bytes, str] | None:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        cost = ScryptCost(int(n), int(r), int(p))
        raw_salt = bytes.fromhex(salt)
    except (ValueError, TypeError):
        return None
    if scheme != "scrypt" or min(cost.n, cost.r, cost.p) < 1 or cost.memory > MAX_MEMORY or cost.p > 16:
        return None
    return cost, raw_salt, digest


def verify_pin(pin: str, stored: str) -> bool:
    """True when ``pin`` is the PIN ``stored`` was made from (the cost written in the hash is used)."""
    parsed = _parse(stored)
    if parsed is None:
        return False
    cost, salt, digest = parsed
    try:
        candidate = _scrypt(pin, salt, cost)
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(candidate.hex(), digest)


def needs_rehash(stored: str) -> bool:
    """The hash was made with a cost other than today's (so it is cheaper to attack)."""
    parsed = _parse(stored)
    return parsed is None or parsed[0] != COST


def decoy_hash() -> str:
    """A hash no PIN matches, with today's cost: unknown initials are checked against it, so they
    take exactly as long as a real account. Nothing is computed here (the digest is zeros), so
    the first unknown initials of a session are not slower than the rest."""
    return f"scrypt${COST.n}${COST.r}${COST.p}${'00' * 16}${'00' * 32}"
