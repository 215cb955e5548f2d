"""A terminal in its own OS process: appends observations and prints each acknowledged id.

Usage: python writer_child.py DATA LOCAL COUNT   (COUNT 0 = until killed)
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from smtte_tui.models import Observation, SmttePlan
from smtte_tui.store import Store


def main() -> None:
    data, local, count = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    store = Store(data, local_dir=local)
    plan = next(p for p in store.all(SmttePlan))
    tegn = plan.tegn[0]
    print("READY", store.writer, flush=True)
    number = 0
    while count == 0 or number < count:
        observation = Observation(
            borger_id=plan.borger_id, plan_id=plan.id, tegn_id=tegn.id, maaletype="ja_nej", vaerdi=number % 2 == 0, dato=dt.date(2026, 11, 25), vagt="dag", forfatter="MA", terminal=store.writer
        )
        store.create(observation, "MA")
        print(observation.id, flush=True)  # acknowledged: durable from here on
        number += 1
    store.close()


if __name__ == "__main__":
    main()
