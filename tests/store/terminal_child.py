"""One smtte terminal in its own OS process, driven by lines on stdin.

Usage: python terminal_child.py DATA LOCAL [TERMINAL_NAME]

Prints ``READY <writer>`` once the store is open (``TERMINAL_NAME`` is the configured display
name, ``terminal_name`` in config.toml), then obeys one command per line:

``append N``   log N observations for the first plan's first tegn; print each id the moment
               ``Store.create`` has returned (acknowledged = durable), then ``DONE``
``notes N``    save N notes (Notat) about the first plan's borger, printing ids as ``append`` does
``poll``       poll like the app does once; print ``POLLED <files read>``
``loop``       log observations until killed, printing each acknowledged id
``state``      print ``STATE <pending_count> <share_ok 0|1>``
``watch ID``   poll like the app does (every ``POLL_SECONDS``) until observation ID is visible,
               print ``WATCHING`` after the first poll and ``SEEN ID`` when it appears
``exit``       close the store and exit 0
"""

from __future__ import annotations

import datetime as dt
import sys
import threading
from pathlib import Path

from smtte_tui.models import Notat, Observation, SmttePlan
from smtte_tui.store import Store

POLL_SECONDS = 2.0  # the app's poll interval (smtte_tui.app.POLL_SECONDS; not imported: no Textual here)


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def log_one(store: Store, plan: SmttePlan, number: int) -> str:
    observation = Observation(
        borger_id=plan.borger_id,
        plan_id=plan.id,
        tegn_id=plan.tegn[0].id,
        maaletype="ja_nej",
        vaerdi=number % 2 == 0,
        dato=dt.date(2026, 11, 25),
        vagt="dag",
        forfatter="MA",
        terminal=store.writer,
    )
    store.create(observation, "MA")
    return observation.id


def note_one(store: Store, plan: SmttePlan, number: int) -> str:
    today = dt.datetime.now(dt.UTC).date()
    note = Notat(borger_id=plan.borger_id, dato=today, tekst=f"Notat {number} fra {store.writer}", forfatter="MA")
    store.create(note, "MA")
    return note.id


def main() -> None:
    data, local = Path(sys.argv[1]), Path(sys.argv[2])
    store = Store(data, local_dir=local, terminal_name=sys.argv[3] if len(sys.argv) > 3 else None)
    plan = min(store.all(SmttePlan), key=lambda p: p.id)
    say(f"READY {store.writer}")
    number = 0
    for line in sys.stdin:
        command, _, argument = line.strip().partition(" ")
        if command == "append":
            for _ in range(int(argument)):
                say(log_one(store, plan, number))  # acknowledged: durable from here on
                number += 1
            say("DONE")
        elif command == "notes":
            for _ in range(int(argument)):
                say(note_one(store, plan, number))  # acknowledged: durable from here on
                number += 1
            say("DONE")
        elif command == "poll":
            say(f"POLLED {store.poll().files}")
        elif command == "loop":
            while True:
                say(log_one(store, plan, number))
                number += 1
        elif command == "state":
            say(f"STATE {store.pending_count} {int(store.share_ok)}")
        elif command == "watch":
            tick = threading.Event()
            store.poll()
            say("WATCHING")
            while store.get(Observation, argument) is None:
                tick.wait(POLL_SECONDS)  # the app's set_interval, not a test delay
                store.poll()
            say(f"SEEN {argument}")
        elif command == "exit":
            break
        else:
            say(f"UNKNOWN {command}")
    store.close()


if __name__ == "__main__":
    main()
