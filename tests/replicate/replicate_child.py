"""``smtte replicate --once`` in its own OS process, with small batches, that stops in the middle
of its second transaction (the revisions inserted, the marks being written, nothing committed) and
says ``PAUSED``: the test then kills it with SIGKILL, as a power cut would.

Usage: python replicate_child.py URL DATA
"""

from __future__ import annotations

import sys

import psycopg

from smtte_tui import cli
from smtte_tui.replicate import push

push.BATCH_LINES = 100  # many small transactions
_executemany = psycopg.Cursor.executemany
_calls = [0]


def _pausing(self, query, params_seq, **kwargs):
    if "replication_marks" in str(query):
        _calls[0] += 1
        if _calls[0] == 2:
            sys.stdout.write("PAUSED\n")
            sys.stdout.flush()
            sys.stdin.readline()  # never answered: the test kills this process here
    return _executemany(self, query, params_seq, **kwargs)


psycopg.Cursor.executemany = _pausing

if __name__ == "__main__":
    sys.exit(cli.main(["replicate", "--data-dir", sys.argv[2], "--to", sys.argv[1], "--once"]))
