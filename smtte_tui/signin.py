"""Sign-in on a shared terminal: initials + PIN, lockout after repeated failures, all audited.

Failures are counted per account from audit events in the data folder, so a blocked account is
blocked on every terminal. After ``max_failures`` wrong PINs within ``window`` (counted since the
last successful sign-in or unblock) the account is blocked for ``block`` or until a leder unblocks
it (the Danish data protection authority's guidance for PIN sign-in).

Unknown initials are treated exactly like an account: the same "tries left" countdown and the
same block, counted under ``medarbejder:?<initials>``. Nothing on screen differs, so the lock
screen does not reveal which initials exist; only ``SignInResult.reason`` tells the program.

Audit ``handling`` values written here: ``login``, ``login_fejl``, ``login_blokeret`` (an attempt
on a blocked account), ``blokeret`` (the account became blocked), ``laast`` (locked by key or
idle), ``laast_op`` (a leder unblocked it) and ``opret_medarbejder``; ``maal`` is
``medarbejder:<id>``. A ``nulstil_pin`` event (a leder set a new PIN, see
:mod:`smtte_tui.staffadmin`) lifts a block and clears the failure count like ``laast_op``.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Literal

from pydantic import ValidationError

from smtte_tui.auth import hash_pin, valid_pin, verify_pin
from smtte_tui.config import Settings
from smtte_tui.i18n import t
from smtte_tui.models import AuditEvent, Borger, Medarbejder, Rolle
from smtte_tui.store import Store

# A successful sign-in, a leder's unblock and a new PIN set by a leder start the count afresh.
FRESH_START = frozenset({"login", "laast_op", "nulstil_pin"})

Reason = Literal["ok", "unknown", "wrong_pin", "blocked", "inactive", "bad_pin_format"]


@dataclass(frozen=True)
class LockoutPolicy:
    """How many wrong PINs (``max_failures``) within ``window`` block an account, and for how long."""

    max_failures: int = 3
    window: dt.timedelta = dt.timedelta(hours=24)
    block: dt.timedelta = dt.timedelta(hours=24)

    @classmethod
    def from_settings(cls, settings: Settings) -> LockoutPolicy:
        """The policy set in ``config.toml`` (``max_failed_logins``, ``failed_login_window_hours``, ``block_hours``)."""
        return cls(settings.max_failed_logins, dt.timedelta(hours=settings.failed_login_window_hours), dt.timedelta(hours=settings.block_hours))

    @property
    def audit_months(self) -> int:
        """Audit months to read so every event that can still count is in memory."""
        return 2 + (self.window + self.block).days // 28


@dataclass(frozen=True)
class SignInResult:
    """The outcome of one attempt. ``message`` is the sentence for the person (empty on success)."""

    ok: bool
    medarbejder: Medarbejder | None
    reason: Reason
    message: str = ""
    blocked_until: dt.datetime | None = None


@dataclass(frozen=True)
class _Lockout:
    blocked_until: dt.datetime | None
    failures: int  # wrong PINs that still count towards a block


def _target(medarbejder: Medarbejder) -> str:
    return f"medarbejder:{medarbejder.id}"


def _audit(store: Store, handling: str, who: str, maal: str, now: dt.datetime, terminal: str) -> None:
    store.create(AuditEvent(tid=now, medarbejder=who, terminal=terminal, handling=handling, maal=maal), author=who)


def _lockout(store: Store, maal: str, now: dt.datetime, policy: LockoutPolicy) -> _Lockout:
    """Replay the sign-in events about ``maal`` (every terminal's) in time order."""
    events = sorted((e for e in store.all(AuditEvent) if e.maal == maal), key=lambda e: e.tid)
    failures: list[dt.datetime] = []
    blocked_until: dt.datetime | None = None
    for event in events:
        if blocked_until is not None and event.tid >= blocked_until:
            blocked_until, failures = None, []  # the block ran out: a fresh start
        if event.handling in FRESH_START:
            blocked_until, failures = None, []
        elif event.handling == "login_fejl" and blocked_until is None:
            failures = [f for f in failures if f > event.tid - policy.window] + [event.tid]
            if len(failures) >= policy.max_failures:
                blocked_until = event.tid + policy.block
    if blocked_until is not None and now >= blocked_until:
        return _Lockout(None, 0)
    if blocked_until is not None:
        return _Lockout(blocked_until, len(failures))
    return _Lockout(None, len([f for f in failures if f > now - policy.window]))


def is_blocked(store: Store, medarbejder: Medarbejder, *, now: dt.datetime, policy: LockoutPolicy) -> dt.datetime | None:
    """Until when the account is blocked, or None. Reads the recent audit files first, so a
    block set on another terminal counts here too."""
    store.load_recent_audit(policy.audit_months)
    return _lockout(store, _target(medarbejder), now, policy).blocked_until


@functools.cache
def _decoy_hash() -> str:
    # Unknown initials still cost one scrypt, so the answer's timing does not tell them apart.
    return hash_pin("0000")


def _hours(span: dt.timedelta) -> int:
    return max(1, round(span.total_seconds() / 3600))


def _blocked(reason: Reason, until: dt.datetime, now: dt.datetime) -> SignInResult:
    shown = until.astimezone(now.tzinfo) if now.tzinfo else until  # the terminal's own time
    return SignInResult(False, None, reason, t("signin.blocked_until", until=f"{shown:%d.%m.%Y %H:%M}"), until)


def sign_in(store: Store, initials: str, pin: str, *, now: dt.datetime, policy: LockoutPolicy, terminal: str) -> SignInResult:
    """Check initials (any case) and PIN, count the attempt, and say what happened.

    Every attempt with a well-formed PIN is audited, unknown initials under the initials typed.
    A PIN that is not 4–8 digits is refused before any account is looked at: it cannot be
    anyone's PIN, so it is neither a guess nor audited, and a typo does not cost a try.
    ``medarbejder`` is only set on success.
    """
    if not valid_pin(pin):
        return SignInResult(False, None, "bad_pin_format", t("signin.bad_pin_format"))
    typed = initials.strip().upper()
    store.load_recent_audit(policy.audit_months)
    matches = [m for m in store.all(Medarbejder) if m.initialer == typed]
    # an active account wins should an old, closed one carry the same initials
    account = next((m for m in matches if m.aktiv), matches[0] if matches else None)
    maal = _target(account) if account else f"medarbejder:?{typed}"
    miss: Reason = "wrong_pin" if account else "unknown"

    state = _lockout(store, maal, now, policy)
    if state.blocked_until is not None:
        _audit(store, "login_blokeret", typed, maal, now, terminal)
        return _blocked("blocked" if account else "unknown", state.blocked_until, now)

    if verify_pin(pin, account.pin_hash if account else _decoy_hash()) and account is not None:
        if not account.aktiv:
            _audit(store, "login_fejl", typed, maal, now, terminal)
            return SignInResult(False, None, "inactive", t("signin.inactive"))
        _audit(store, "login", typed, maal, now, terminal)
        return SignInResult(True, account, "ok")

    _audit(store, "login_fejl", typed, maal, now, terminal)
    state = _lockout(store, maal, now, policy)
    if state.blocked_until is not None:
        _audit(store, "blokeret", typed, maal, now, terminal)
        return _blocked("blocked" if account else "unknown", state.blocked_until, now)
    left = policy.max_failures - state.failures
    return SignInResult(False, None, miss, t("signin.wrong_pin", left=left, hours=_hours(policy.block)))


def record_lock(store: Store, medarbejder: Medarbejder, *, now: dt.datetime, terminal: str) -> None:
    """Audit that this person's session was locked (by key or after idle time)."""
    _audit(store, "laast", medarbejder.initialer, _target(medarbejder), now, terminal)


def _require_leder(actor: Medarbejder, handling: str) -> None:
    if actor.rolle != "leder":
        raise PermissionError(t("store.error.permission", rolle=t(f"label.rolle.{actor.rolle}"), handling=handling))


def unblock(store: Store, leder: Medarbejder, target: Medarbejder, *, now: dt.datetime, terminal: str) -> None:
    """Lift ``target``'s block and clear its failure count (audited as ``laast_op`` by the leder).
    Raises PermissionError with a Danish sentence unless ``leder`` has the role leder."""
    _require_leder(leder, t("signin.action.unblock"))
    _audit(store, "laast_op", leder.initialer, _target(target), now, terminal)


def create_first_leder(store: Store, initials: str, navn: str, pin: str, pin_again: str, *, now: dt.datetime) -> Medarbejder:
    """The first account of an empty data folder: a leder, who then adds everyone else.

    Raises ValueError with a Danish sentence when staff exist already, the PINs differ or are
    not 4–8 digits, or initials or name are missing or malformed. Setup signs the leder straight
    in, so besides ``opret_medarbejder`` a ``login`` is audited: every session starts with one.
    """
    if store.all(Medarbejder):
        raise ValueError(t("setup.error.exists"))
    if pin != pin_again:
        raise ValueError(t("setup.error.pin_mismatch"))
    leder = _new_staff(store, initials.strip().upper(), initials, navn, "leder", pin, now, store.writer)
    _audit(store, "login", leder.initialer, _target(leder), now, store.writer)
    return leder


def _new_staff(store: Store, author: str, initials: str, navn: str, rolle: Rolle, pin: str, now: dt.datetime, terminal: str) -> Medarbejder:
    if not valid_pin(pin):
        raise ValueError(t("signin.bad_pin_format"))
    if not initials.strip() or not navn.strip():
        raise ValueError(t("setup.error.missing"))
    if any(m.initialer == initials.strip().upper() for m in store.all(Medarbejder)):
        raise ValueError(t("setup.error.initials_taken", initials=initials.strip().upper()))
    try:
        medarbejder = Medarbejder(initialer=initials, navn=navn, rolle=rolle, pin_hash=hash_pin(pin))
    except ValidationError as exc:
        raise ValueError(t("setup.error.initials")) from exc
    store.create(medarbejder, author)
    _audit(store, "opret_medarbejder", author, _target(medarbejder), now, terminal)
    return medarbejder


def add_medarbejder(store: Store, actor: Medarbejder, initials: str, navn: str, rolle: Rolle, pin: str, *, now: dt.datetime) -> Medarbejder:
    """Create a staff account with a first PIN (audited). Only a leder may (PermissionError);
    bad input raises ValueError with a Danish sentence, and nothing is created then."""
    _require_leder(actor, t("signin.action.add_staff"))
    if rolle not in ("medarbejder", "tovholder", "leder"):
        raise ValueError(t("admin.error.rolle"))
    return _new_staff(store, actor.initialer, initials, navn, rolle, pin, now, store.writer)


def add_borger(store: Store, actor: Medarbejder, navn: str, kortnavn: str, bolig: str = "", enhed: str = "", kontaktperson: str = "", kommunikation: str = "", *, now: dt.datetime | None = None) -> Borger:
    """Create a borger (audited as ``opret_borger``, like every other admin change). Only a leder
    may (PermissionError); a missing name or short name raises ValueError with a Danish sentence."""
    _require_leder(actor, t("signin.action.add_borger"))
    if not navn.strip() or not kortnavn.strip():
        raise ValueError(t("admin.error.borger_missing"))
    borger = Borger(navn=navn, kortnavn=kortnavn, bolig=bolig, enhed=enhed, kontaktperson=kontaktperson, kommunikation=kommunikation)
    store.create(borger, actor.initialer)
    moment = now or dt.datetime.now(dt.timezone.utc)
    store.create(AuditEvent(tid=moment, medarbejder=actor.initialer, terminal=store.writer, handling="opret_borger", maal=f"borger:{borger.id}", borger_id=borger.id), author=actor.initialer)
    return borger
