"""Sign-in on a shared terminal: initials + PIN, lockout after repeated failures, all audited.

Failures are counted per account from audit events in the data folder, so a blocked account is
blocked on every terminal. After ``max_failures`` wrong PINs within ``window`` the account is
blocked for ``block`` or until a leder unblocks it (the Danish data protection authority's
guidance for PIN sign-in). A wrong PIN and unknown initials get the same message, so the lock
screen does not reveal which initials exist.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from smtte_tui.auth import hash_pin, valid_pin, verify_pin
from smtte_tui.config import Settings
from smtte_tui.i18n import t
from smtte_tui.models import AuditEvent, Borger, Medarbejder, Rolle
from smtte_tui.store import Store

Reason = Literal["ok", "unknown", "wrong_pin", "blocked", "inactive", "bad_pin_format"]


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int = 3
    window: dt.timedelta = dt.timedelta(hours=24)
    block: dt.timedelta = dt.timedelta(hours=24)

    @classmethod
    def from_settings(cls, settings: Settings) -> LockoutPolicy:
        return cls(settings.max_failed_logins, dt.timedelta(hours=settings.failed_login_window_hours), dt.timedelta(hours=settings.block_hours))


@dataclass(frozen=True)
class SignInResult:
    ok: bool
    reason: Reason
    message: str = ""
    medarbejder: Medarbejder | None = None
    blocked_until: dt.datetime | None = None


def _target(medarbejder: Medarbejder) -> str:
    return f"medarbejder:{medarbejder.id}"


def _audit(store: Store, handling: str, who: str, maal: str, now: dt.datetime, terminal: str) -> None:
    store.create(AuditEvent(tid=now, medarbejder=who, terminal=terminal, handling=handling, maal=maal), author=who)


def is_blocked(store: Store, medarbejder: Medarbejder, *, now: dt.datetime, policy: LockoutPolicy) -> dt.datetime | None:
    """Until when the account is blocked, or None. Reads the sign-in events of all terminals."""
    events = sorted((e for e in store.all(AuditEvent) if e.maal == _target(medarbejder)), key=lambda e: e.tid)
    failures: list[dt.datetime] = []
    blocked_until: dt.datetime | None = None
    for event in events:
        if blocked_until is not None and event.tid >= blocked_until:
            blocked_until, failures = None, []
        if event.handling in ("login", "laast_op"):
            blocked_until, failures = None, []
        elif event.handling == "login_fejl":
            failures = [f for f in failures if f > event.tid - policy.window] + [event.tid]
            if blocked_until is None and len(failures) >= policy.max_failures:
                blocked_until = event.tid + policy.block
    if blocked_until is not None and now < blocked_until:
        return blocked_until
    return None


def _blocked_result(medarbejder: Medarbejder, until: dt.datetime) -> SignInResult:
    return SignInResult(False, "blocked", t("signin.blocked", until=f"{until.astimezone():%d.%m.%Y %H:%M}"), None, until)


def sign_in(store: Store, initials: str, pin: str, *, now: dt.datetime, policy: LockoutPolicy, terminal: str) -> SignInResult:
    typed = initials.strip().upper()
    if not valid_pin(pin):
        return SignInResult(False, "bad_pin_format", t("signin.bad_pin_format"))
    store.load_recent_audit()
    wrong = t("signin.wrong", max=policy.max_failures, hours=int(policy.block.total_seconds() // 3600))
    medarbejder = next((m for m in store.all(Medarbejder) if m.initialer == typed and m.aktiv), None)
    if medarbejder is None:
        _audit(store, "login_fejl", typed, f"medarbejder:?{typed}", now, terminal)
        return SignInResult(False, "unknown", wrong)
    until = is_blocked(store, medarbejder, now=now, policy=policy)
    if until is not None:
        _audit(store, "login_blokeret", typed, _target(medarbejder), now, terminal)
        return _blocked_result(medarbejder, until)
    if verify_pin(pin, medarbejder.pin_hash):
        _audit(store, "login", typed, _target(medarbejder), now, terminal)
        return SignInResult(True, "ok", "", medarbejder)
    _audit(store, "login_fejl", typed, _target(medarbejder), now, terminal)
    until = is_blocked(store, medarbejder, now=now, policy=policy)
    if until is not None:
        _audit(store, "blokeret", typed, _target(medarbejder), now, terminal)
        return _blocked_result(medarbejder, until)
    return SignInResult(False, "wrong_pin", wrong)


def record_lock(store: Store, medarbejder: Medarbejder, *, now: dt.datetime, terminal: str) -> None:
    _audit(store, "laast", medarbejder.initialer, _target(medarbejder), now, terminal)


def _require_leder(actor: Medarbejder, handling: str) -> None:
    if actor.rolle != "leder":
        raise PermissionError(t("store.error.permission", rolle=t(f"label.rolle.{actor.rolle}"), handling=handling))


def unblock(store: Store, leder: Medarbejder, target: Medarbejder, *, now: dt.datetime, terminal: str) -> None:
    _require_leder(leder, t("signin.action.unblock"))
    _audit(store, "laast_op", leder.initialer, _target(target), now, terminal)


def create_first_leder(store: Store, initials: str, navn: str, pin: str, pin_again: str, *, now: dt.datetime) -> Medarbejder:
    """The first account on an empty data folder. Raises ValueError with a Danish sentence."""
    if store.all(Medarbejder):
        raise ValueError(t("setup.error.exists"))
    if pin != pin_again:
        raise ValueError(t("setup.error.pin_mismatch"))
    return _new_staff(store, "", initials, navn, "leder", pin, now)


def _new_staff(store: Store, author: str, initials: str, navn: str, rolle: Rolle, pin: str, now: dt.datetime) -> Medarbejder:
    if not valid_pin(pin):
        raise ValueError(t("signin.bad_pin_format"))
    if not initials.strip() or not navn.strip():
        raise ValueError(t("setup.error.missing"))
    if any(m.initialer == initials.strip().upper() for m in store.all(Medarbejder)):
        raise ValueError(t("setup.error.initials_taken", initials=initials.strip().upper()))
    try:
        medarbejder = Medarbejder(initialer=initials, navn=navn, rolle=rolle, pin_hash=hash_pin(pin))
    except ValueError as exc:
        raise ValueError(t("setup.error.initials")) from exc
    store.create(medarbejder, author)
    return medarbejder


def add_medarbejder(store: Store, actor: Medarbejder, initials: str, navn: str, rolle: Rolle, pin: str, *, now: dt.datetime) -> Medarbejder:
    _require_leder(actor, t("signin.action.add_staff"))
    return _new_staff(store, actor.initialer, initials, navn, rolle, pin, now)


def add_borger(store: Store, actor: Medarbejder, navn: str, kortnavn: str, bolig: str = "", enhed: str = "", kontaktperson: str = "", kommunikation: str = "") -> Borger:
    _require_leder(actor, t("signin.action.add_borger"))
    borger = Borger(navn=navn, kortnavn=kortnavn, bolig=bolig, enhed=enhed, kontaktperson=kontaktperson, kommunikation=kommunikation)
    store.create(borger, actor.initialer)
    return borger
