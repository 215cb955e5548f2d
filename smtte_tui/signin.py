"""Sign-in on a shared terminal: initials + PIN, lockout after repeated failures, all audited.

Failures are counted per account from audit events in the data folder, so a blocked account is
blocked on every terminal; how they are counted, and why that holds when PC clocks are wrong, is
in :mod:`smtte_tui.lockout`. The limits are the house's (:mod:`smtte_tui.housesettings`), set by a
leder, never a user's own config.

One attempt, in this order, so that parallel tries (ten ``smtte export`` at once) cannot beat
the limit:

1. A PIN that is not 4–8 digits, or initials longer than 8 characters, cannot be anyone's: it is
   refused before anything is read or written, and costs no try.
2. Other terminals' changes and the recent audit of every terminal are read. A blocked account is refused without looking at
   the PIN (``login_blokeret``).
3. The attempt is written and flushed to the share (``login_forsoeg``) *before* the PIN is
   checked, and the audit is read again: when the tries of other terminals reach the limit now,
   the PIN is not checked at all (the attempt becomes ``login_afvist``, which counts as a try).
4. The PIN is checked (scrypt) and the attempt becomes its outcome: ``login`` or ``login_fejl``,
   plus ``blokeret`` when this failure blocked the account. An attempt whose process died before
   its outcome stays ``login_forsoeg`` and counts as a wrong PIN.

Answers reveal nothing: unknown initials and closed accounts are treated exactly like an account
with a wrong PIN — the same "tries left" countdown, the same block (unknown initials counted under
``medarbejder:?<initials>``), the same scrypt work (unknown initials against
:func:`~smtte_tui.auth.decoy_hash`, a closed account against its own hash, whose answer is
ignored). So the lock screen says neither which initials exist, nor whether an account is closed,
nor — for a closed account — whether the PIN was right; a person whose account was closed learns
it from a leder. Only ``SignInResult.reason`` tells the program.

A right PIN of fewer than 6 digits signs nobody in yet: the result is ``new_pin_required`` with the
person set, and the lock screen asks for a new PIN of 6–8 digits (:mod:`smtte_tui.pincode`). A
right PIN whose hash has an older, cheaper cost is hashed again with today's.

Audit ``handling`` values written here: ``login_forsoeg`` (becoming ``login``, ``login_fejl`` or
``login_afvist``), ``login_blokeret``, ``blokeret``, ``laast`` (locked by key or idle),
``laast_op`` (a leder unblocked it) and ``opret_medarbejder``; ``maal`` is
``medarbejder:<id>``. A ``nulstil_pin`` event (a leder set a new PIN, see
:mod:`smtte_tui.staffadmin`) lifts a block and clears the failure count like ``laast_op``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from pydantic import ValidationError

from smtte_tui import housesettings
from smtte_tui.audit_actions import AuditAction
from smtte_tui.auth import NEW_PIN_MIN, decoy_hash, hash_pin, needs_rehash, valid_new_pin, valid_pin, verify_pin
from smtte_tui.i18n import t, tn
from smtte_tui.lockout import UNTIL_LIFTED, Lockout, LockoutPolicy, lockout
from smtte_tui.models import AuditEvent, Borger, Medarbejder, Rolle
from smtte_tui.pincode import store_own_hash
from smtte_tui.store import NotAllowed, Store
from smtte_tui.store.access import may
from smtte_tui.usererror import UserError

__all__ = [
    "INITIALS_MAX",
    "LockoutPolicy",
    "Reason",
    "SignInResult",
    "add_borger",
    "add_medarbejder",
    "block_text",
    "create_first_leder",
    "house_policy",
    "is_blocked",
    "record_lock",
    "sign_in",
    "unblock",
]

INITIALS_MAX = 8  # as the model's Initialer: longer initials cannot be anyone's

Reason = Literal["ok", "unknown", "wrong_pin", "blocked", "inactive", "bad_pin_format", "new_pin_required"]


@dataclass(frozen=True)
class SignInResult:
    """The outcome of one attempt. ``message`` is the sentence for the person (empty on success).
    ``medarbejder`` is set on success and with ``new_pin_required`` (the PIN was right, but the
    person must choose a longer one before they are signed in)."""

    ok: bool
    medarbejder: Medarbejder | None
    reason: Reason
    message: str = ""
    blocked_until: dt.datetime | None = None


def _target(medarbejder: Medarbejder) -> str:
    return f"medarbejder:{medarbejder.id}"


def house_policy(store: Store) -> LockoutPolicy:
    """The lockout a leder set for the house (the defaults until one does)."""
    return LockoutPolicy.from_house(housesettings.current(store))


def _audit(store: Store, handling: str, who: str, maal: str, now: dt.datetime, terminal: str) -> AuditEvent:
    event = AuditEvent(tid=now, medarbejder=who, terminal=terminal, handling=handling, maal=maal)
    store.create(event, author=who)
    return event


def _outcome(store: Store, attempt: AuditEvent, handling: str, who: str) -> None:
    # The attempt event becomes its outcome: one line in the log, and its history keeps both.
    store.update(AuditEvent, attempt.id, {"handling": handling}, who)


def is_blocked(store: Store, medarbejder: Medarbejder, *, now: dt.datetime, policy: LockoutPolicy | None = None) -> dt.datetime | None:
    """Until when the account is blocked (:data:`~smtte_tui.lockout.UNTIL_LIFTED`: until a leder
    lifts it), or None. Reads the recent audit files first, so a block set on another terminal
    counts here too. ``policy`` defaults to the house's."""
    policy = policy or house_policy(store)
    store.load_recent_audit(policy.audit_months)
    return lockout(store, _target(medarbejder), now=now, policy=policy).blocked_until


def block_text(until: dt.datetime, now: dt.datetime, pattern: str = "%d.%m.%Y %H:%M") -> str:
    """Until when, in words for a person: the terminal's own time, or "until a leder lifts it"."""
    if until >= UNTIL_LIFTED:
        return t("signin.until_lifted")
    shown = until.astimezone(now.tzinfo) if now.tzinfo else until
    return shown.strftime(pattern)


def _blocked(reason: Reason, until: dt.datetime, now: dt.datetime) -> SignInResult:
    key = "signin.blocked_lifted" if until >= UNTIL_LIFTED else "signin.blocked_until"
    return SignInResult(False, None, reason, t(key, until=block_text(until, now)), until)


def _hours(span: dt.timedelta) -> int:
    return max(1, round(span.total_seconds() / 3600))


def _wrong_pin(reason: Reason, state: Lockout, policy: LockoutPolicy) -> SignInResult:
    left = state.tries_left(policy)
    if state.next_block_needs_leder(policy):
        return SignInResult(False, None, reason, t("signin.wrong_pin_leder", left=left))
    return SignInResult(False, None, reason, tn("signin.wrong_pin", _hours(policy.block), left=left, hours=_hours(policy.block)))


def sign_in(store: Store, initials: str, pin: str, *, now: dt.datetime, terminal: str, policy: LockoutPolicy | None = None) -> SignInResult:
    """Check initials (any case) and PIN, count the attempt, and say what happened (see the module
    docstring for the order of things). ``policy`` defaults to the house's settings."""
    if not valid_pin(pin):
        return SignInResult(False, None, "bad_pin_format", t("signin.bad_pin_format"))
    typed = initials.strip().upper()
    if len(typed) > INITIALS_MAX:
        return SignInResult(False, None, "unknown", t("signin.initials_too_long", most=INITIALS_MAX))
    store.poll()  # a new PIN, a closed account or new limits from another terminal hold at once
    policy = policy or house_policy(store)
    store.load_recent_audit(policy.audit_months)
    matches = [m for m in store.all(Medarbejder) if m.initialer == typed]
    # an active account wins should an old, closed one carry the same initials
    account = next((m for m in matches if m.aktiv), matches[0] if matches else None)
    maal = _target(account) if account else f"medarbejder:?{typed}"
    miss: Reason = ("wrong_pin" if account.aktiv else "inactive") if account else "unknown"
    shown_as: Reason = "blocked" if account else "unknown"

    state = lockout(store, maal, now=now, policy=policy)
    if state.blocked_until is not None:
        _audit(store, AuditAction.LOGIN_BLOKERET, typed, maal, now, terminal)
        return _blocked(shown_as, state.blocked_until, now)

    attempt = _audit(store, AuditAction.LOGIN_FORSOEG, typed, maal, now, terminal)
    store.flush()  # on the share before the PIN is checked: every other terminal counts it
    store.load_recent_audit(policy.audit_months)
    if lockout(store, maal, now=now, policy=policy, exclude=attempt.id).blocked_until is not None:
        _outcome(store, attempt, AuditAction.LOGIN_AFVIST, typed)
        state = lockout(store, maal, now=now, policy=policy)
        return _blocked(shown_as, state.blocked_until or now + policy.block, now)

    stored = account.pin_hash if account else decoy_hash()
    right = verify_pin(pin, stored)
    if right and account is not None and account.aktiv:
        _outcome(store, attempt, AuditAction.LOGIN, typed)
        if len(pin) < NEW_PIN_MIN:
            return SignInResult(False, account, "new_pin_required", t("signin.new_pin_required", most=NEW_PIN_MIN))
        if needs_rehash(stored):
            store_own_hash(store, account, pin)
        return SignInResult(True, account, "ok")

    _outcome(store, attempt, AuditAction.LOGIN_FEJL, typed)
    state = lockout(store, maal, now=now, policy=policy)
    if state.blocked_until is not None:
        _audit(store, AuditAction.BLOKERET, typed, maal, now, terminal)
        return _blocked(shown_as, state.blocked_until, now)
    return _wrong_pin(miss, state, policy)


def record_lock(store: Store, medarbejder: Medarbejder, *, now: dt.datetime, terminal: str) -> None:
    """Audit that this person's session was locked (by key or after idle time)."""
    _audit(store, AuditAction.LAAST, medarbejder.initialer, _target(medarbejder), now, terminal)


def _require(actor: Medarbejder, kind: str, handling: str) -> None:
    """PermissionError (Danish) unless ``actor`` may write ``kind`` (the store's own table)."""
    if not may(actor, kind):
        raise NotAllowed("store.error.permission", rolle=t(f"label.rolle.{actor.rolle}"), handling=handling)


def unblock(store: Store, leder: Medarbejder, target: Medarbejder, *, now: dt.datetime, terminal: str) -> None:
    """Lift ``target``'s block and clear its failure count (audited as ``laast_op`` by the leder).
    Raises PermissionError with a Danish sentence unless ``leder`` has the role leder."""
    _require(leder, "medarbejder", t("signin.action.unblock"))
    # Read first: the unblock's revision stamp then sorts after every failure known here.
    store.load_recent_audit(house_policy(store).audit_months)
    _audit(store, AuditAction.LAAST_OP, leder.initialer, _target(target), now, terminal)


def create_first_leder(store: Store, initials: str, navn: str, pin: str, pin_again: str, *, now: dt.datetime) -> Medarbejder:
    """The first account of an empty data folder: a leder, who then adds everyone else.

    Raises ValueError with a Danish sentence when staff exist already, when the folder has had
    staff that cannot be read now (``Store.staff_expected``: a damaged core file is not an empty
    folder), when the PINs differ or are not 6–8 digits, or initials or name are missing or
    malformed. Setup signs the leder straight in, so besides ``opret_medarbejder`` a ``login`` is
    audited: every session starts with one.
    """
    if store.all(Medarbejder):
        raise UserError("setup.error.exists")
    if store.staff_expected:
        raise UserError("lock.staff_unreadable")
    if pin != pin_again:
        raise UserError("setup.error.pin_mismatch")
    leder = _new_staff(store, initials.strip().upper(), initials, navn, "leder", pin, now, store.writer)
    _audit(store, AuditAction.LOGIN, leder.initialer, _target(leder), now, store.writer)
    return leder


def _new_staff(store: Store, author: str, initials: str, navn: str, rolle: Rolle, pin: str, now: dt.datetime, terminal: str) -> Medarbejder:
    if not valid_new_pin(pin):
        raise UserError("signin.new_pin_format")
    if not initials.strip() or not navn.strip():
        raise UserError("setup.error.missing")
    if any(m.initialer == initials.strip().upper() for m in store.all(Medarbejder)):
        raise UserError("setup.error.initials_taken", initials=initials.strip().upper())
    try:
        medarbejder = Medarbejder(initialer=initials, navn=navn, rolle=rolle, pin_hash=hash_pin(pin))
    except ValidationError as exc:
        raise UserError("setup.error.initials") from exc
    store.create(medarbejder, author)
    _audit(store, AuditAction.OPRET_MEDARBEJDER, author, _target(medarbejder), now, terminal)
    return medarbejder


def add_medarbejder(store: Store, actor: Medarbejder, initials: str, navn: str, rolle: Rolle, pin: str, *, now: dt.datetime) -> Medarbejder:
    """Create a staff account with a first PIN (audited). Only a leder may (PermissionError);
    bad input raises ValueError with a Danish sentence, and nothing is created then."""
    _require(actor, "medarbejder", t("signin.action.add_staff"))
    if rolle not in ("medarbejder", "tovholder", "leder"):
        raise UserError("admin.error.rolle")
    return _new_staff(store, actor.initialer, initials, navn, rolle, pin, now, store.writer)


def add_borger(
    store: Store, actor: Medarbejder, navn: str, kortnavn: str, bolig: str = "", enhed: str = "", kontaktperson: str = "", kommunikation: str = "", *, now: dt.datetime | None = None
) -> Borger:
    """Create a borger (audited as ``opret_borger``, like every other admin change). Only a leder
    may (PermissionError); a missing name or short name raises ValueError with a Danish sentence."""
    _require(actor, "borger", t("signin.action.add_borger"))
    if not navn.strip() or not kortnavn.strip():
        raise UserError("admin.error.borger_missing")
    borger = Borger(navn=navn, kortnavn=kortnavn, bolig=bolig, enhed=enhed, kontaktperson=kontaktperson, kommunikation=kommunikation)
    store.create(borger, actor.initialer)
    moment = now or dt.datetime.now(dt.UTC)
    store.create(AuditEvent(tid=moment, medarbejder=actor.initialer, terminal=store.writer, handling=AuditAction.OPRET_BORGER, maal=f"borger:{borger.id}", borger_id=borger.id), author=actor.initialer)
    return borger
