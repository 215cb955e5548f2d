"""Every action the audit log records, in one place.

An :class:`~smtte_tui.models.AuditEvent` stores its action as a plain string (``handling``), so
a log written by a newer version with an action this one does not know stays readable (it is shown
as it is). Code that *writes* an event names its action here, never as a bare string: a typo is
then an AttributeError at once instead of an event nobody can find, and every action has its
words in the catalog (``audit.handling.<value>``; a test keeps the two lists equal).

What an event is about is an :class:`AuditTarget` (a :class:`TargetKind` and an id), written and
read through this one type; on disk it is the same string as ever (``borger:<id>``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class AuditAction(StrEnum):
    # signing in and out, accounts
    LOGIN = "login"
    LOGIN_FORSOEG = "login_forsoeg"  # written before the PIN is checked; an outcome follows
    LOGIN_FEJL = "login_fejl"
    LOGIN_AFVIST = "login_afvist"
    LOGIN_BLOKERET = "login_blokeret"
    BLOKERET = "blokeret"
    LAAST = "laast"
    LAAST_OP = "laast_op"
    SKIFT_EGEN_PIN = "skift_egen_pin"
    # administration (leder)
    OPRET_MEDARBEJDER = "opret_medarbejder"
    OPRET_BORGER = "opret_borger"
    SKIFT_ROLLE = "skift_rolle"
    DEAKTIVER_MEDARBEJDER = "deaktiver_medarbejder"
    GENAKTIVER_MEDARBEJDER = "genaktiver_medarbejder"
    NULSTIL_PIN = "nulstil_pin"
    ARKIVER_BORGER = "arkiver_borger"
    GENAKTIVER_BORGER = "genaktiver_borger"
    SKIFT_KONTAKTPERSON = "skift_kontaktperson"
    SKIFT_INDSTILLINGER = "skift_indstillinger"
    # reading one borger
    LAES_BORGER = "laes_borger"
    LAES_PLAN = "laes_plan"
    LAES_PDSA = "laes_pdsa"
    LAES_TIDSLINJE = "laes_tidslinje"
    # views of several borgere (the borgere shown are in the event)
    LAES_BORGERLISTE = "laes_borgerliste"
    LAES_TIMEOUT = "laes_timeout"
    LAES_OVERBLIK = "laes_overblik"
    LAES_GRUPPE = "laes_gruppe"
    LAES_AARSHJUL = "laes_aarshjul"
    LAES_MANGLER = "laes_mangler"
    LAES_FORFALDNE = "laes_forfaldne"
    LAES_PDSA_FORFALDNE = "laes_pdsa_forfaldne"
    LAES_ADMIN_BORGERE = "laes_admin_borgere"
    LAES_ADMIN_PERSONALE = "laes_admin_personale"
    LAES_LOG = "laes_log"
    SOEG = "soeg"
    # data leaving smtte
    EKSPORT = "eksport"
    EKSPORT_AKTINDSIGT = "eksport_aktindsigt"
    RAPPORT = "rapport"
    # changes to records, as the aktindsigt file lists them (made from revisions, never stored)
    AENDRING_CREATE = "aendring_create"
    AENDRING_UPDATE = "aendring_update"
    AENDRING_RETRACT = "aendring_retract"


class TargetKind(StrEnum):
    """What an audit event is about: the first part of its target (``maal``) as written on disk."""

    # one record: <kind>:<id>[:<detail>...]
    BORGER = "borger"
    PLAN = "plan"
    PDSA = "pdsa"
    MOEDE = "moede"  # a plan's meetings (the evaluation screen), by the plan's id
    MEDARBEJDER = "medarbejder"  # a staff account; ``?<initials>`` for initials nobody has
    INDSTILLINGER = "indstillinger"  # the house's settings: <name>=<value>,... that changed
    KOMMUNE = "kommune"  # the municipality's report: kommune:<period>:<format>[:navne]
    # a view of several borgere, or of none (the borgere shown are in the event); ``gruppe`` with
    # an id is the group report: gruppe:<period>:<format>[:navne]
    HJEM = "hjem"
    MANGLER = "mangler"
    OVERBLIK = "overblik"
    EVALUERINGER = "evalueringer"
    TIMEOUT = "timeout"
    GRUPPE = "gruppe"
    AARSHJUL = "aarshjul"
    PDSA_FORFALDNE = "pdsa_forfaldne"
    BORGERE = "borgere"
    PERSONALE = "personale"
    LOG = "log"
    SOEG = "soeg"


@dataclass(frozen=True)
class AuditTarget:
    """An audit event's target, typed: ``kind``, the record's ``id`` (empty for a view) and any
    ``detail`` (a format, a new role, new initials). ``str()`` is the target exactly as it has
    always been written to disk (``AuditEvent.maal`` stays a string, so old logs read as before):
    ``kind``, ``kind:id`` or ``kind:id:detail:...``."""

    kind: TargetKind
    id: str = ""
    detail: tuple[str, ...] = ()

    def __str__(self) -> str:
        if not self.id and not self.detail:
            return str(self.kind)
        return ":".join((self.kind, self.id, *self.detail))

    @classmethod
    def of(cls, kind: TargetKind, id: str = "", *detail: str) -> AuditTarget:
        return cls(kind, id, tuple(detail))

    @classmethod
    def parse(cls, maal: str) -> AuditTarget | None:
        """The target ``maal`` names, or None for a kind this version does not know (a newer
        version's target, shown as it is)."""
        kind, *rest = maal.split(":")
        if kind not in TargetKind.__members__.values():
            return None
        return cls(TargetKind(kind), rest[0] if rest else "", tuple(rest[1:]))
