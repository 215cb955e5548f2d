"""Every action the audit log records, in one place.

An :class:`~smtte_tui.models.AuditEvent` stores its action as a plain string (``handling``), so
a log written by a newer version with an action this one does not know stays readable (it is shown
as it is). Code that *writes* an event names its action here, never as a bare string: a typo is
then an AttributeError at once instead of an event nobody can find, and every action has its
words in the catalog (``audit.handling.<value>``; a test keeps the two lists equal).
"""

from __future__ import annotations

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
