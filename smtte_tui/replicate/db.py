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

if TYPE_CHECKING:
    import psycopg

log = logging.getLogger(__name__)
SCHEMA_VERSION = 1
CONNECT_TIMEOUT_S = 10


class DatabaseError(Exception):
    """A Danish sentence a person can act on (the detail is in the log)."""


class DatabaseUnavailable(DatabaseError):
    """The database cannot be reached now: nothing happened, try again later."""


class DatabaseRefused(DatabaseError):
    """The database answered but will not do this (no rights, wrong schema, bad address)."""


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError as exc:
        raise DatabaseRefused(t("replicate.error.no_psycopg")) from exc
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
        raise DatabaseRefused(t("replicate.error.url"))
    try:
        psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        raise DatabaseRefused(t("replicate.error.url")) from exc
    try:
        conn = psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S, application_name=application, autocommit=True)
    except psycopg.OperationalError as exc:
        log.warning("database %s cannot be reached: %s", describe(url), str(exc).strip().splitlines()[-1:] or "")
        raise DatabaseUnavailable(t("replicate.error.unreachable", where=describe(url))) from exc
    conn.execute("SET jit = off")  # compiling each batch's insert costs more than it saves
    return conn


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
            raise DatabaseRefused(t("replicate.error.schema_newer", found=found, known=SCHEMA_VERSION))
        if found == SCHEMA_VERSION:
            return False
        conn.execute(schema_sql())  # no parameters: sent as one simple query, every statement in order
        conn.execute("INSERT INTO smtte.schema_version (version) VALUES (%s) ON CONFLICT DO NOTHING", (SCHEMA_VERSION,))
    log.info("smtte schema version %d applied", SCHEMA_VERSION)
    return True
