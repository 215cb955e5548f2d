"""The municipality's PostgreSQL: connecting (psycopg 3, imported only here and only when asked
for), the schema (``schema.sql``, applied once per version), and the sentences a person reads when
the database cannot be used.

A database address may hold a password: it is never printed or logged. Messages name the host and
the database only (:func:`describe`).
"""

from __future__ import annotations

import logging
from importlib import resources
from typing import TYPE_CHECKING, Any

from smtte_tui.i18n import t
from smtte_tui.usererror import UserError

if TYPE_CHECKING:
    import psycopg

log = logging.getLogger(__name__)
SCHEMA_VERSION = 2  # 2: revisions.txid (schema.sql applies it to a version-1 database too)
CONNECT_TIMEOUT_S = 10


class DatabaseError(UserError):
    """A refusal a person can act on (a catalog key; the detail is in the log)."""


class DatabaseUnavailable(DatabaseError):
    """The database cannot be reached now: nothing happened, try again later."""


class DatabaseRefused(DatabaseError):
    """The database answered but will not do this (no rights, wrong schema, bad address).
    ``reason``: a few words of the catalog that say why (the sync bar of a terminal on the
    database shows them), None when the sentence is all there is."""

    def __init__(self, key: str, /, reason: str | None = None, **params: object) -> None:
        # the sentence may name the reason too ({reason}); one that does not leaves it unused
        super().__init__(key, **params, **({"reason": reason} if reason is not None else {}))
        self.reason = reason


# What the server (or libpq) says when it refuses a login, and the catalog's words for it. libpq
# gives a failed connection no SQLSTATE, only text: these are PostgreSQL's English messages (a
# server set to another language for its messages is not recognised, and its refusals read as
# "cannot be reached", as before). A password is never part of these texts.
_LOGIN_REFUSALS = (
    ("password authentication failed", "password"),  # also an unknown or NOLOGIN role under scram/md5
    ("no password supplied", "password"),
    ("pg_hba.conf", "host"),
    ("permission denied for database", "rights"),  # no CONNECT (a socket's "Permission denied" is the OS: unreachable)
    ("does not exist", "unknown"),  # the role or the database
    ("not permitted to log in", "login"),
    ("authentication failed", "login"),  # peer, ident, …
)


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError as exc:
        raise DatabaseRefused("replicate.error.no_psycopg") from exc
    return psycopg


def describe(url: str) -> str:
    """``host/database`` of a connection string, never its password (for messages and logs)."""
    psycopg = _psycopg()
    try:
        parts = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "?"
    host = str(parts.get("host") or "localhost")
    if host.startswith("/"):
        host = "lokal socket"
    return f"{host}/{parts.get('dbname') or parts.get('user') or '?'}"


def connect(url: str, *, application: str = "smtte") -> psycopg.Connection:
    """An open connection, or :class:`DatabaseUnavailable` with a sentence. Autocommit: every
    ``with conn.transaction()`` block is then a real transaction of its own (committed when the
    block ends), never a savepoint inside one long transaction."""
    psycopg = _psycopg()
    if not url.startswith(("postgresql://", "postgres://")):
        raise DatabaseRefused("replicate.error.url")
    try:
        psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        raise DatabaseRefused("replicate.error.url") from exc
    try:
        conn = psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S, application_name=application, autocommit=True)
    except psycopg.OperationalError as exc:
        refused = login_refusal(exc)
        if refused is not None:
            # the last line of libpq's text names the user, never the password
            log.warning("database %s refused the login (%s): %s", describe(url), refused, str(exc).strip().splitlines()[-1:] or "")
            raise DatabaseRefused("replicate.error.login", reason=t(f"db.reason.{refused}"), where=describe(url)) from exc
        log.warning("database %s cannot be reached: %s", describe(url), str(exc).strip().splitlines()[-1:] or "")
        raise DatabaseUnavailable("replicate.error.unreachable", where=describe(url)) from exc
    conn.execute("SET jit = off")  # compiling each batch's insert costs more than it saves
    return conn


def login_refusal(exc: BaseException) -> str | None:
    """Why the server refused a connection ("password", "host", "rights", "login", "unknown"), or None when
    it was not a refusal (the server is away, starting, full: try again later)."""
    pgconn = getattr(exc, "pgconn", None)  # never logged or shown: it holds the password
    if getattr(pgconn, "needs_password", False):
        return "password"
    text = str(exc)
    return next((reason for needle, reason in _LOGIN_REFUSALS if needle in text), None)


def refusal_reason(exc: BaseException) -> str:
    """The catalog's few words for an error the database answered a statement with."""
    sqlstate = getattr(exc, "sqlstate", None) or ""
    if sqlstate == "42501":
        return t("db.reason.rights")
    if sqlstate.startswith("28"):
        return t("db.reason.login")
    return t("db.reason.other", detail=type(exc).__name__)


def is_unavailable(exc: BaseException) -> bool:
    """Whether a psycopg error means the link or the server went away (try again later), not a
    refusal."""
    psycopg = _psycopg()
    return isinstance(exc, (psycopg.OperationalError, psycopg.errors.AdminShutdown, psycopg.errors.CannotConnectNow))


def schema_sql() -> str:
    return resources.files("smtte_tui.replicate").joinpath("schema.sql").read_text(encoding="utf-8")


def ensure_schema(conn: psycopg.Connection) -> bool:
    """Create the tables, views and roles if this database lacks them (idempotent, one advisory
    lock so two replicators starting at once do not race). Returns True when it applied them.
    A database of a newer schema than this smtte knows is refused with a sentence."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('smtte.schema'))")
        conn.execute("CREATE SCHEMA IF NOT EXISTS smtte")
        conn.execute("CREATE TABLE IF NOT EXISTS smtte.schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
        row = conn.execute("SELECT max(version) FROM smtte.schema_version").fetchone()
        found = row[0] if row is not None else None  # max() always answers one row
        if found is not None and found > SCHEMA_VERSION:
            raise DatabaseRefused("replicate.error.schema_newer", reason=t("db.reason.schema"), found=found, known=SCHEMA_VERSION)
        if found == SCHEMA_VERSION:
            return False
        conn.execute(schema_sql())  # no parameters: sent as one simple query, every statement in order
        # schema.sql is idempotent: a version-1 database gets what version 2 added
        conn.execute("INSERT INTO smtte.schema_version (version) VALUES (%s) ON CONFLICT DO NOTHING", (SCHEMA_VERSION,))
    log.info("smtte schema version %d applied", SCHEMA_VERSION)
    return True
