"""``smtte bench --postgres``: what replication and the report across houses cost, on a private
PostgreSQL with its durable defaults (fsync on; ``pgserver.PrivateServer(durable=True)``).

* ``replicate_first_s``: the 5-year bench house (``bench.FULL``, ~259 000 revisions) into an empty
  database, in a fresh process (``smtte replicate --once``);
* ``replicate_day_s``: after a day's work (``DAY`` revisions on one terminal), the next run;
* ``terminal_first_fetch_s``: a new terminal on the database (``--data-dir postgresql://…``)
  fetches the 5-year house into its mirror, in a fresh process;
* ``terminal_home_load_s_cold``, ``terminal_append_ms``: that terminal started again in a fresh
  process: opening and reading what the home screen shows (the figure a folder gives as
  ``home_load_s_cold``), then the median durable save ("Gemt") while the background sync runs;
  ``terminal_save_in_database_s``: from one save until its row is in the database;
* ``report_40_houses_s``: ``smtte report --db`` for a quarter across 40 houses of 40 borgere and a
  year each, in a fresh process (the 40 houses are one year-house replicated, then copied in SQL
  under 39 other house ids, each revision id with a suffix: the same shape, none of the work).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

DAY = 150  # revisions a house writes on an ordinary day (40 borgere, three shifts)
HOUSES = 40


def _smtte(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "smtte_tui", *args], capture_output=True, text=True, env=env, timeout=900)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise RuntimeError(f"smtte {args[0]} failed: {done.stderr.strip()[-300:]}")
    return seconds, done.stdout


def _day_of_work(root: Path, local: Path) -> int:
    from smtte_tui.models import Entity, Observation, SmttePlan
    from smtte_tui.store import Store

    with Store(root, local_dir=local, terminal_name="bench-dag") as store:
        plans = [p for p in store.all(SmttePlan) if p.status == "aktiv"]
        signs: list[Entity] = []
        for n in range(DAY):
            plan = plans[n % len(plans)]
            tegn = plan.tegn[n % len(plan.tegn)]
            value = True if tegn.maaletype == "ja_nej" else 1
            signs.append(
                Observation(borger_id=plan.borger_id, plan_id=plan.id, tegn_id=tegn.id, maaletype=tegn.maaletype, vaerdi=value, dato=dt.date.today(), vagt="dag", forfatter="MA", terminal="bench")
            )
        return len(store.create_many(signs, author="DEMO"))


def _in_child(function: str, *args: str) -> dict:
    code = f"import json, sys; from smtte_tui.replicate import bench; print(json.dumps(bench.{function}(*sys.argv[1:])))"
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        raise RuntimeError(f"{function} failed: {done.stderr.strip()[-600:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def terminal_first_fetch(address: str, local: str) -> dict:
    """A fresh process: a new terminal on the database fetches its house."""
    from smtte_tui.replicate.mirror import Mirror, parse

    start = time.perf_counter()
    mirror = Mirror(parse(address), Path(local))
    mirror.open(background=False)
    took = time.perf_counter() - start
    mirror.close()
    return {"s": took, "fetched": mirror.opened_with[1] if mirror.opened_with else 0}


def terminal_start_and_append(address: str, local: str) -> dict:
    """A fresh process: the terminal started again (its mirror fetched before), home data, then
    saves while the background sync runs."""
    import psycopg

    from smtte_tui import bench
    from smtte_tui.benchshare import _home_data
    from smtte_tui.replicate.mirror import Mirror, parse

    start = time.perf_counter()
    target = parse(address)
    mirror = Mirror(target, Path(local))
    mirror.open()
    store = mirror.open_store(terminal_name="bench-db")
    _home_data(store)
    home = time.perf_counter() - start
    try:
        append = bench._median_append_ms(store)
        sign = bench._observation_for(store)
        start = time.perf_counter()
        saved = store.create(sign, "MA")
        with psycopg.connect(target.url, autocommit=True) as conn:
            while not conn.execute("SELECT 1 FROM smtte.revisions WHERE id = %s", (saved.id,)).fetchone():
                if time.perf_counter() - start > 120:
                    raise RuntimeError("the save did not reach the database in 120 s")
                time.sleep(0.01)
        in_database = time.perf_counter() - start
    finally:
        store.close()
        mirror.close()
    return {"home_s": home, "append_ms": append, "in_database_s": in_database}


def _copy_houses(url: str, base: str, copies: int) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        for n in range(2, copies + 1):
            house = f"kopi{n:02d}"
            conn.execute("INSERT INTO smtte.houses (id, name) VALUES (%s, %s) ON CONFLICT DO NOTHING", (house, f"Hus {n}"))
            conn.execute(
                """INSERT INTO smtte.revisions (id, house_id, from_folder, writer, hlc, at, entity, entity_id, borger_id, op, parents, author, data)
                   SELECT id || '-' || %(n)s::text, %(house)s, %(house)s, writer, hlc, at, entity, entity_id, borger_id, op, parents, author, data
                   FROM smtte.revisions WHERE house_id = %(base)s""",
                {"n": n, "house": house, "base": base},
            )
        conn.execute("VACUUM (ANALYZE) smtte.revisions, smtte.entity_state")  # as each house's first push ends


def run(progress: Callable[[str], None] | None = None) -> dict[str, float]:
    """Every figure (module text). Needs PostgreSQL's binaries (Debian's postgresql package)."""
    from smtte_tui import bench
    from smtte_tui.features.group.group import quarter_period
    from smtte_tui.replicate.pgserver import PrivateServer

    say = progress or (lambda _text: None)
    figures: dict[str, float] = {}
    # the server's folder is its own (under the system's temp folder): as root it belongs to the
    # unprivileged user that runs PostgreSQL, who cannot enter a root-only folder
    with tempfile.TemporaryDirectory(prefix="smtte-bench-pg-") as work, PrivateServer(durable=True) as server:
        work_dir = Path(work)
        env = {**os.environ, "SMTTE_LOCAL_DIR": str(work_dir / "server-local")}
        say("building the 5-year house ...")
        revisions = bench.build_house(work_dir / "house5", work_dir / "local5", **bench.FULL)
        url = server.create_database("kommune")
        say("first replication ...")
        figures["replicate_first_s"], out = _smtte(["replicate", "--data-dir", str(work_dir / "house5"), "--to", url, "--once", "--json"], env)
        figures["replicate_first_revisions"] = json.loads(out)["inserted"]
        figures["house_revisions"] = revisions
        figures["replicate_day_revisions"] = _day_of_work(work_dir / "house5", work_dir / "local5-dag")
        figures["replicate_day_s"], _out = _smtte(["replicate", "--data-dir", str(work_dir / "house5"), "--to", url, "--once"], env)
        figures["replicate_nothing_new_s"], _out = _smtte(["replicate", "--data-dir", str(work_dir / "house5"), "--to", url, "--once"], env)

        say("a terminal on the database ...")
        address = f"{url}&house={json.loads(out)['house']}" if "?" in url else f"{url}?house={json.loads(out)['house']}"
        fetched = _in_child("terminal_first_fetch", address, str(work_dir / "terminal"))
        figures["terminal_first_fetch_s"], figures["terminal_first_fetch_revisions"] = fetched["s"], fetched["fetched"]
        started = _in_child("terminal_start_and_append", address, str(work_dir / "terminal"))
        figures["terminal_home_load_s_cold"] = started["home_s"]
        figures["terminal_append_ms"] = started["append_ms"]
        figures["terminal_save_in_database_s"] = started["in_database_s"]

        say(f"building {HOUSES} houses of a year ...")
        bench.build_house(work_dir / "house1", work_dir / "local1", borgere=40, terminals=3, days=365)
        houses = server.create_database("huse")
        _seconds, out = _smtte(["replicate", "--data-dir", str(work_dir / "house1"), "--to", houses, "--once", "--json"], env)
        _copy_houses(houses, json.loads(out)["house"], HOUSES)
        period = quarter_period(dt.date.today() - dt.timedelta(days=1))
        say("the report across houses ...")
        figures["report_40_houses_s"], page = _smtte(["report", "--db", houses, "--period", period.key, "--format", "html"], env)
        figures["report_40_houses_kb"] = round(len(page.encode("utf-8")) / 1024)
    return {key: round(value, 2) if isinstance(value, float) else value for key, value in figures.items()}
