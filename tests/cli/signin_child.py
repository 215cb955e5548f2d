"""One sign-in in its own OS process, meant to be started together with others.

Usage: python signin_child.py DATA LOCAL INITIALS PIN

Opens the data folder as a terminal would (the production PIN cost, no test settings), prints
``READY`` and waits for one line on stdin, so a test can let every child try at the same moment;
then signs in exactly like the lock screen and ``smtte export`` do and prints ``RESULT <reason>``.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from smtte_tui.features.signin.signin import sign_in
from smtte_tui.store import Store


def main() -> None:
    data, local, initials, pin = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4]
    with Store(data, local_dir=local) as store:
        sys.stdout.write("READY\n")
        sys.stdout.flush()
        sys.stdin.readline()
        result = sign_in(store, initials, pin, now=dt.datetime.now(dt.UTC), terminal=store.writer)
        sys.stdout.write(f"RESULT {result.reason}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
