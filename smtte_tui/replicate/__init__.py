"""Beyond one house: every house's folder replicated into the municipality's PostgreSQL.

No Textual here, and psycopg (the optional extra ``smtte[postgres]``) is imported only when a
database is used, so a house's own install stays small.

* ``folder.py`` reads a house folder cheaply (manifests, marks, CRCs), ``push.py`` pushes its
  revisions, ``pull.py`` brings back what was written in the database, ``runner.py`` is one run
  and the loop (``smtte replicate``);
* ``mirror.py`` is a terminal on the database (``--data-dir postgresql://…?house=ID``): the normal
  store on a local mirror of the house, kept level by the same push and a pull by snapshot;
* ``schema.sql`` is the database (tables, the fold, views for SQL users, roles), applied by
  ``db.ensure_schema``; docs/database.md describes it for the people who use it;
* ``pgserver.py`` starts a private server for the tests and the bench.

The rules are in docs/architecture.md ("Replication").
"""

from smtte_tui.replicate.db import DatabaseError, DatabaseRefused, DatabaseUnavailable
from smtte_tui.replicate.folder import FolderRefused
from smtte_tui.replicate.runner import RunResult, run_every, run_once, summary

__all__ = ["DatabaseError", "DatabaseRefused", "DatabaseUnavailable", "FolderRefused", "RunResult", "run_every", "run_once", "summary"]
