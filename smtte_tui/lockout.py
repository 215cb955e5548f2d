"""Counting wrong PINs per account from every terminal's audit events, sound when PC clocks disagree.

An account's sign-in events (``maal`` ``medarbejder:<id>``, or ``medarbejder:?<initials>`` for
initials nobody has) are put in revision order: the hybrid-logical-clock stamp of the event's first
revision, which sorts an event after everything the terminal that wrote it had read, whatever its
PC clock said. From that order:

* **A fresh start** — a successful sign-in (``login``), a leder's unblock (``laast_op``) or a new
  PIN from a leder (``nulstil_pin``) — clears every try before it. An unblock is written after the
  leder's terminal read the failures, so it always wins over every failure that terminal knew
  about, even one stamped ten years ahead by a PC whose clock is wrong.
* **Tries** after the last fresh start are the attempts still in flight or whose process died
  (``login_forsoeg``), the wrong PINs (``login_fejl``) and the attempts refused because too many
  ran at once (``login_afvist``). An attempt on an account that was already blocked
  (``login_blokeret``) is not a try.
* **Time** is this terminal's own: a try stamped ahead of this terminal's clock counts as made
  now (never as a block until the year its PC believes in), and a terminal whose clock was set
  back still sees the earlier tries (they are ahead of it, so they count as now). ``max_failures``
  tries within ``window`` block for ``block``; a block that ran out starts the count afresh.
* **Without time:** ``2 × max_failures`` tries since the last fresh start (within the audit months
  every terminal reads) block until a leder lifts it. Setting a PC's clock forward ages tries
  faster on that PC; this bound keeps that from giving more than a handful of guesses.

The house's policy, whether an account is blocked now and a leder lifting a block live here too:
signing in and the leder's administration both ask them, and a feature never imports another.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from smtte_tui import housesettings
from smtte_tui.audit_actions import AuditAction, AuditTarget, TargetKind
from smtte_tui.i18n import t
from smtte_tui.models import AuditEvent, HusIndstillinger, Medarbejder
from smtte_tui.session import Session
from smtte_tui.store import Store

FRESH_START = frozenset({AuditAction.LOGIN, AuditAction.LAAST_OP, AuditAction.NULSTIL_PIN})
TRIES = frozenset({AuditAction.LOGIN_FORSOEG, AuditAction.LOGIN_FEJL, AuditAction.LOGIN_AFVIST})
# "Blocked until a leder lifts it": far away, but safe to convert to any time zone and to print.
UNTIL_LIFTED = dt.datetime(9999, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class LockoutPolicy:
    """How many wrong PINs (``max_failures``) within ``window`` block an account, and for how long."""

    max_failures: int = 3
    window: dt.timedelta = dt.timedelta(hours=24)
    block: dt.timedelta = dt.timedelta(hours=24)

    @classmethod
    def from_house(cls, settings: HusIndstillinger) -> LockoutPolicy:
        """The policy a leder set for the house (see :mod:`smtte_tui.housesettings`)."""
        return cls(settings.max_failed_logins, dt.timedelta(hours=settings.failed_login_window_hours), dt.timedelta(hours=settings.block_hours))

    @property
    def until_lifted_after(self) -> int:
        """Tries since the last fresh start that block until a leder lifts the block."""
        return 2 * self.max_failures

    @property
    def audit_months(self) -> int:
        """Audit months to read so every event that can still count is in memory."""
        return 2 + (self.window + self.block).days // 28

    @property
    def memory(self) -> dt.timedelta:
        """How far back tries count at all: what the audit months read by every terminal hold."""
        return dt.timedelta(days=28 * (self.audit_months - 1))


@dataclass(frozen=True)
class Lockout:
    """An account's state at one moment: blocked (until when; :data:`UNTIL_LIFTED` for "until a
    leder lifts it") or how many tries count towards the next block."""

    blocked_until: dt.datetime | None
    failures: int  # tries within the window that count towards a block
    since_fresh: int  # tries since the last fresh start (towards the block a leder must lift)

    def tries_left(self, policy: LockoutPolicy) -> int:
        return max(0, min(policy.max_failures - self.failures, policy.until_lifted_after - self.since_fresh))

    def next_block_needs_leder(self, policy: LockoutPolicy) -> bool:
        """The tries left end in a block only a leder can lift (rather than one that runs out)."""
        return policy.until_lifted_after - self.since_fresh <= policy.max_failures - self.failures


def utc(moment: dt.datetime) -> dt.datetime:
    """An aware moment (a naive one, from an old or hand-made record, is taken as UTC)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _events_in_revision_order(store: Store, maal: AuditTarget, exclude: str | None) -> list[AuditEvent]:
    found, wanted = [], str(maal)
    for event in store.all(AuditEvent):
        if event.maal != wanted or event.id == exclude:
            continue
        history = store.history(AuditEvent, event.id)
        if history:
            found.append((history[0].hlc, event))
    found.sort(key=lambda pair: pair[0])
    return [event for _, event in found]


def lockout(store: Store, maal: AuditTarget, *, now: dt.datetime, policy: LockoutPolicy, exclude: str | None = None) -> Lockout:
    """The state of ``maal`` from the audit events in memory (``exclude``: one event to leave out,
    the attempt being decided). Read the recent audit first (``store.load_recent_audit``)."""
    now = utc(now)
    events = _events_in_revision_order(store, maal, exclude)
    fresh = max((number for number, event in enumerate(events) if event.handling in FRESH_START), default=-1)
    oldest = now - policy.memory
    moments = sorted(m for m in (min(utc(e.tid), now) for e in events[fresh + 1 :] if e.handling in TRIES) if m > oldest)
    if len(moments) >= policy.until_lifted_after:
        return Lockout(UNTIL_LIFTED, len(moments), len(moments))
    run: list[dt.datetime] = []
    blocked_until: dt.datetime | None = None
    for moment in moments:
        if blocked_until is not None and moment >= blocked_until:
            run, blocked_until = [], None  # the block ran out: its tries no longer count towards the next
        if blocked_until is not None:
            continue  # tries made while blocked (refused, or in parallel) do not lengthen the block
        run = [m for m in run if m > moment - policy.window] + [moment]
        if len(run) >= policy.max_failures:
            blocked_until = moment + policy.block
    if blocked_until is not None and now < blocked_until:
        return Lockout(blocked_until, len(run), len(moments))
    if blocked_until is not None:
        run = []
    return Lockout(None, len([m for m in run if m > now - policy.window]), len(moments))


def account_target(medarbejder: Medarbejder) -> AuditTarget:
    """What a sign-in event, a lock or a change to the account is about."""
    return AuditTarget.of(TargetKind.MEDARBEJDER, medarbejder.id)


def house_policy(store: Store) -> LockoutPolicy:
    """The lockout a leder set for the house (the defaults until one does)."""
    return LockoutPolicy.from_house(housesettings.current(store))


def is_blocked(store: Store, medarbejder: Medarbejder, *, now: dt.datetime, policy: LockoutPolicy | None = None) -> dt.datetime | None:
    """Until when the account is blocked (:data:`~smtte_tui.lockout.UNTIL_LIFTED`: until a leder
    lifts it), or None. Reads the recent audit files first, so a block set on another terminal
    counts here too. ``policy`` defaults to the house's."""
    policy = policy or house_policy(store)
    store.load_recent_audit(policy.audit_months)
    return lockout(store, account_target(medarbejder), now=now, policy=policy).blocked_until


def unblock(session: Session, target: Medarbejder) -> None:
    """Lift ``target``'s block and clear its failure count (audited as ``laast_op`` by the leder).
    Raises PermissionError with a Danish sentence unless the person has the role leder."""
    session.require("medarbejder", t("signin.action.unblock"))
    # Read first: the unblock's revision stamp then sorts after every failure known here.
    session.store.load_recent_audit(house_policy(session.store).audit_months)
    session.audit(AuditAction.LAAST_OP, account_target(target))
