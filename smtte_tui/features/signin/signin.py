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
person set, and the lock screen asks for a new PIN of 6–8 digits (:mod:`smtte_tui.features.signin.pincode`). A
right PIN whose hash has an older, cheaper cost is hashed again with today's.

Audit ``handling`` values written here: ``login_forsoeg`` (becoming ``login``, ``login_fejl`` or
``login_afvist``), ``login_blokeret``, ``blokeret``, ``laast`` (locked by key or idle),
``laast_op`` (a leder unblocked it); ``maal`` is ``medarbejder:<id>``. Accounts are created by
:mod:`smtte_tui.features.admin.staffadmin` (the first one too). A ``nulstil_pin`` event (a leder set a new PIN, see
:mod:`smtte_tui.features.admin.staffadmin`) lifts a block and clears the failure count like ``laast_op``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from smtte_tui.audit_actions import AuditAction, AuditTarget, TargetKind
from smtte_tui.auth import NEW_PIN_MIN, decoy_hash, needs_rehash, valid_pin, verify_pin
from smtte_tui.features.signin.pincode import store_own_hash
from smtte_tui.i18n import t, tn
from smtte_tui.lockout import UNTIL_LIFTED, Lockout, LockoutPolicy, account_target, house_policy, lockout
from smtte_tui.models import AuditEvent, Medarbejder
from smtte_tui.session import Session
from smtte_tui.store import Store

__all__ = [
    "INITIALS_MAX",
    "Reason",
    "SignInResult",
    "block_text",
    "record_lock",
    "sign_in",
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


def _audit(store: Store, handling: AuditAction, who: str, maal: AuditTarget, now: dt.datetime, terminal: str) -> AuditEvent:
    # before anyone is signed in (there is no session yet): the initials as typed are the author
    event = AuditEvent(tid=now, medarbejder=who, terminal=terminal, handling=handling, maal=str(maal))
    store.create(event, author=who)
    return event


def _outcome(store: Store, attempt: AuditEvent, handling: AuditAction, who: str) -> None:
    # The attempt event becomes its outcome: one line in the log, and its history keeps both.
    store.update(AuditEvent, attempt.id, {"handling": handling}, who)


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
    maal = account_target(account) if account else AuditTarget.of(TargetKind.MEDARBEJDER, f"?{typed}")
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


def record_lock(session: Session) -> None:
    """Audit that this person's session was locked (by key or after idle time)."""
    session.audit(AuditAction.LAAST, account_target(session.person))
