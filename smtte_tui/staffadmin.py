"""The leder's administration of staff accounts and borgere: roles, closing and reopening
accounts, a new first PIN, lifting a sign-in block, archiving borgere and their contact person.

Every change is a new revision through ``store.update``; nothing is deleted, so the history of an
account or a borger shows who changed what and when. Each function checks that the actor is an
active leder (the store checks it once more on the write), refuses mistakes with a Danish
sentence (``ValueError``, or ``PermissionError`` for the wrong role) before anything is written,
and audits the action as an :class:`AuditEvent` by the leder.

Audit ``handling`` values written here (``maal`` in brackets):

* ``skift_rolle`` (``medarbejder:<id>:<ny rolle>``)
* ``deaktiver_medarbejder`` / ``genaktiver_medarbejder`` (``medarbejder:<id>``)
* ``nulstil_pin`` (``medarbejder:<id>``; a new PIN also starts the failure count afresh, see
  :mod:`smtte_tui.signin`)
* ``laast_op`` (``medarbejder:<id>``, written by :func:`smtte_tui.signin.unblock`)
* ``arkiver_borger`` / ``genaktiver_borger`` (``borger:<id>``)
* ``skift_kontaktperson`` (``borger:<id>:<initialer>``, empty initials when cleared)
* ``skift_indstillinger`` (``indstillinger:<name>=<value>,...``: the house's security settings
  that changed, see :mod:`smtte_tui.housesettings`)

There must always be an active leder: otherwise nobody could add staff, lift a block or archive
a borger again. So the last active leder can neither step down nor close their own account.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from smtte_tui import housesettings
from smtte_tui.audit_actions import AuditAction
from smtte_tui.auth import hash_pin, valid_new_pin
from smtte_tui.i18n import t
from smtte_tui.models import AuditEvent, Borger, HusIndstillinger, Medarbejder, Rolle
from smtte_tui.signin import LockoutPolicy, house_policy, is_blocked, unblock
from smtte_tui.store import NotAllowed, Store
from smtte_tui.usererror import UserError

ROLLER: tuple[Rolle, ...] = ("medarbejder", "tovholder", "leder")


@dataclass(frozen=True)
class StaffRow:
    """One staff account as the leder's list shows it."""

    medarbejder: Medarbejder
    blocked_until: dt.datetime | None


# --- checks -------------------------------------------------------------------------------------


def require_leder(store: Store, actor: Medarbejder, handling: str) -> Medarbejder:
    """The actor's current account, or PermissionError (Danish) unless it is an active leder.

    The account is read again from the store: a session opened before the person was demoted or
    closed on another terminal must not keep the leder's rights.
    """
    current = store.get(Medarbejder, actor.id) or actor
    if not current.aktiv:
        raise NotAllowed("staffadmin.error.closed")
    if current.rolle != "leder":
        raise NotAllowed("store.error.permission", rolle=t(f"label.rolle.{current.rolle}"), handling=handling)
    return current


def _staff(store: Store, medarbejder_id: str) -> Medarbejder:
    found = store.get(Medarbejder, medarbejder_id)
    if found is None:
        raise UserError("staffadmin.error.unknown_staff")
    return found


def _borger(store: Store, borger_id: str) -> Borger:
    found = store.get(Borger, borger_id)
    if found is None:
        raise UserError("staffadmin.error.unknown_borger")
    return found


def _other_active_leder(store: Store, target: Medarbejder) -> bool:
    return any(m.aktiv and m.rolle == "leder" and m.id != target.id for m in store.all(Medarbejder))


def _audit(store: Store, actor: Medarbejder, handling: str, maal: str, *, now: dt.datetime, terminal: str, borger_id: str | None = None) -> None:
    event = AuditEvent(tid=now, medarbejder=actor.initialer, terminal=terminal, handling=handling, maal=maal, borger_id=borger_id)
    store.create(event, author=actor.initialer)


# --- staff --------------------------------------------------------------------------------------


def staff_overview(store: Store, *, now: dt.datetime, policy: LockoutPolicy | None = None) -> list[StaffRow]:
    """Every account, active ones first, by initials, with until when it is blocked (if it is;
    ``policy`` defaults to the house's)."""
    policy = policy or house_policy(store)
    accounts = sorted(store.all(Medarbejder), key=lambda m: (not m.aktiv, m.initialer))
    return [StaffRow(m, is_blocked(store, m, now=now, policy=policy)) for m in accounts]


def change_role(store: Store, actor: Medarbejder, medarbejder_id: str, rolle: str, *, now: dt.datetime, terminal: str) -> Medarbejder:
    """Give a staff member another role (audited ``skift_rolle``).

    Refuses an unknown role, the role the person already has, and the last active leder stepping
    down (ValueError). Only a leder may (PermissionError).
    """
    leder = require_leder(store, actor, t("staffadmin.action.role"))
    if rolle not in ROLLER:
        raise UserError("admin.error.rolle")
    target = _staff(store, medarbejder_id)
    if target.rolle == rolle:
        raise UserError("staffadmin.error.same_role", initialer=target.initialer, rolle=t(f"label.rolle.{rolle}"))
    if target.rolle == "leder" and target.aktiv and not _other_active_leder(store, target):
        raise UserError("staffadmin.error.last_leder_role", initialer=target.initialer)
    store.update(Medarbejder, target.id, {"rolle": rolle}, leder.initialer)
    _audit(store, leder, AuditAction.SKIFT_ROLLE, f"medarbejder:{target.id}:{rolle}", now=now, terminal=terminal)
    return _staff(store, target.id)


def set_active(store: Store, actor: Medarbejder, medarbejder_id: str, aktiv: bool, *, now: dt.datetime, terminal: str) -> Medarbejder:
    """Close (``aktiv=False``) or reopen an account; a closed account cannot sign in. Audited as
    ``deaktiver_medarbejder`` or ``genaktiver_medarbejder``.

    Refuses closing the last active leder and a change that changes nothing (ValueError). Only a
    leder may (PermissionError).
    """
    leder = require_leder(store, actor, t("staffadmin.action.active"))
    target = _staff(store, medarbejder_id)
    if target.aktiv == aktiv:
        raise UserError("staffadmin.error.already_active" if aktiv else "staffadmin.error.already_inactive", initialer=target.initialer)
    if not aktiv and target.rolle == "leder" and not _other_active_leder(store, target):
        raise UserError("staffadmin.error.last_leder_deactivate", initialer=target.initialer)
    store.update(Medarbejder, target.id, {"aktiv": aktiv}, leder.initialer)
    _audit(store, leder, AuditAction.GENAKTIVER_MEDARBEJDER if aktiv else AuditAction.DEAKTIVER_MEDARBEJDER, f"medarbejder:{target.id}", now=now, terminal=terminal)
    return _staff(store, target.id)


def deactivate(store: Store, actor: Medarbejder, medarbejder_id: str, *, now: dt.datetime, terminal: str) -> Medarbejder:
    """Close an account (see :func:`set_active`)."""
    return set_active(store, actor, medarbejder_id, False, now=now, terminal=terminal)


def reactivate(store: Store, actor: Medarbejder, medarbejder_id: str, *, now: dt.datetime, terminal: str) -> Medarbejder:
    """Reopen a closed account (see :func:`set_active`)."""
    return set_active(store, actor, medarbejder_id, True, now=now, terminal=terminal)


def reset_pin(store: Store, actor: Medarbejder, medarbejder_id: str, pin: str, pin_again: str, *, now: dt.datetime, terminal: str) -> Medarbejder:
    """Set a new first PIN for someone who forgot theirs (audited ``nulstil_pin``). The old PIN
    stops working at once; a block is lifted and earlier wrong PINs no longer count.

    Refuses PINs that differ or are not 6–8 digits (ValueError). Only a leder may (PermissionError).
    """
    leder = require_leder(store, actor, t("staffadmin.action.pin"))
    target = _staff(store, medarbejder_id)
    if pin != pin_again:
        raise UserError("setup.error.pin_mismatch")
    if not valid_new_pin(pin):
        raise UserError("signin.new_pin_format")
    # Read the failures first: this PIN's revision stamp then sorts after every one known here.
    store.load_recent_audit(house_policy(store).audit_months)
    store.update(Medarbejder, target.id, {"pin_hash": hash_pin(pin)}, leder.initialer)
    _audit(store, leder, AuditAction.NULSTIL_PIN, f"medarbejder:{target.id}", now=now, terminal=terminal)
    return _staff(store, target.id)


def unblock_staff(store: Store, actor: Medarbejder, medarbejder_id: str, *, now: dt.datetime, terminal: str, policy: LockoutPolicy | None = None) -> None:
    """Lift the sign-in block of a blocked account (audited ``laast_op``). ValueError when the
    account is not blocked; PermissionError unless the actor is a leder."""
    leder = require_leder(store, actor, t("signin.action.unblock"))
    target = _staff(store, medarbejder_id)
    if is_blocked(store, target, now=now, policy=policy) is None:
        raise UserError("staffadmin.error.not_blocked", initialer=target.initialer)
    unblock(store, leder, target, now=now, terminal=terminal)


# --- the house's security settings -------------------------------------------------------------


def _whole_number(name: str, value: str | int) -> int:
    low, high = housesettings.bounds(name)
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
        raise UserError("settings.error.number", navn=t(f"settings.label.{name}"), low=low, high=high)
    return int(text)


def change_settings(store: Store, actor: Medarbejder, values: dict[str, str | int], *, now: dt.datetime, terminal: str) -> HusIndstillinger:
    """Set the house's security settings (names in :data:`smtte_tui.housesettings.FIELDS`; values as
    typed or as numbers). Every terminal uses them from its next poll. Audited as
    ``skift_indstillinger`` with the changed values.

    ValueError (Danish, naming the setting and its range) for a value that is not a whole number
    within the model's bounds, an unknown name, or when nothing changes; PermissionError unless
    the actor is an active leder (the store refuses anyone else as well).
    """
    leder = require_leder(store, actor, t("staffadmin.action.settings"))
    unknown = sorted(set(values) - set(housesettings.FIELDS))
    if unknown:
        raise UserError("store.error.invalid", detail=", ".join(unknown))
    wanted = {name: _whole_number(name, value) for name, value in values.items()}
    now_set = housesettings.current(store)
    changed = {name: value for name, value in wanted.items() if getattr(now_set, name) != value}
    if not changed:
        raise UserError("settings.error.unchanged")
    if store.get(HusIndstillinger, housesettings.HUS_ID) is None:
        store.create(now_set.model_copy(update=changed), leder.initialer)
    else:
        store.update(HusIndstillinger, housesettings.HUS_ID, changed, leder.initialer)
    what = ",".join(f"{name}={value}" for name, value in changed.items())
    _audit(store, leder, AuditAction.SKIFT_INDSTILLINGER, f"indstillinger:{what}", now=now, terminal=terminal)
    return housesettings.current(store)


# --- borgere ------------------------------------------------------------------------------------


def borger_overview(store: Store) -> list[Borger]:
    """Every borger, active ones first, by name (archived borgere stay: nothing is deleted)."""
    return sorted(store.all(Borger), key=lambda b: (not b.aktiv, b.navn.casefold()))


def set_borger_active(store: Store, actor: Medarbejder, borger_id: str, aktiv: bool, *, now: dt.datetime, terminal: str) -> Borger:
    """Archive a borger who moved out (``aktiv=False``: gone from the lists, history kept) or take
    them back. Audited as ``arkiver_borger`` or ``genaktiver_borger``. ValueError when nothing
    changes; PermissionError unless the actor is a leder."""
    leder = require_leder(store, actor, t("staffadmin.action.archive"))
    borger = _borger(store, borger_id)
    if borger.aktiv == aktiv:
        raise UserError("staffadmin.error.borger_active" if aktiv else "staffadmin.error.borger_archived", navn=borger.navn)
    store.update(Borger, borger.id, {"aktiv": aktiv}, leder.initialer)
    _audit(store, leder, AuditAction.GENAKTIVER_BORGER if aktiv else AuditAction.ARKIVER_BORGER, f"borger:{borger.id}", now=now, terminal=terminal, borger_id=borger.id)
    return _borger(store, borger.id)


def archive_borger(store: Store, actor: Medarbejder, borger_id: str, *, now: dt.datetime, terminal: str) -> Borger:
    """Archive a borger (see :func:`set_borger_active`)."""
    return set_borger_active(store, actor, borger_id, False, now=now, terminal=terminal)


def unarchive_borger(store: Store, actor: Medarbejder, borger_id: str, *, now: dt.datetime, terminal: str) -> Borger:
    """Take an archived borger back (see :func:`set_borger_active`)."""
    return set_borger_active(store, actor, borger_id, True, now=now, terminal=terminal)


def set_kontaktperson(store: Store, actor: Medarbejder, borger_id: str, initials: str, *, now: dt.datetime, terminal: str) -> Borger:
    """Make the active staff member with ``initials`` (any case) the borger's contact person;
    empty initials clear it. Audited as ``skift_kontaktperson``.

    ValueError when the initials are not an active staff member's or already the contact person;
    PermissionError unless the actor is a leder.
    """
    leder = require_leder(store, actor, t("staffadmin.action.kontaktperson"))
    borger = _borger(store, borger_id)
    typed = initials.strip().upper()
    if typed and not any(m.aktiv and m.initialer == typed for m in store.all(Medarbejder)):
        raise UserError("staffadmin.error.kontaktperson", initialer=typed)
    if typed == borger.kontaktperson.upper():
        raise UserError("staffadmin.error.same_kontaktperson", initialer=typed or "–", navn=borger.navn)
    store.update(Borger, borger.id, {"kontaktperson": typed}, leder.initialer)
    _audit(store, leder, AuditAction.SKIFT_KONTAKTPERSON, f"borger:{borger.id}:{typed}", now=now, terminal=terminal, borger_id=borger.id)
    return _borger(store, borger.id)
