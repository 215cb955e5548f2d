"""``smtte bench``: build a house in a temp folder and measure what staff would feel.

One run reports, side by side: median durable append on an empty store and on the 5-year store,
the same append into one naive TinyDB file holding the same history, cold loading of what the home
screen needs, cold and warm loading of one borger's whole history, and peak RSS of the process that
did the loading, and what one guess at a PIN costs someone who copied the data folder (``pin_guess_ms``).
Cold figures come from a fresh Python process (nothing cached in memory; the OS
file cache is warm, as it would be on a terminal that has been on all day).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

FULL = {"borgere": 40, "terminals": 10, "days": 5 * 365}
QUICK = {"borgere": 8, "terminals": 3, "days": 365}
APPENDS = 30
NAIVE_APPENDS = 3


def _observation_for(store, borger_id: str | None = None):
    from smtte_tui.models import Observation, SmttePlan

    plan = next(p for p in store.all(SmttePlan) if p.status == "aktiv" and (borger_id is None or p.borger_id == borger_id))
    tegn = next(t for t in plan.tegn if t.maaletype == "ja_nej")
    return Observation(borger_id=plan.borger_id, plan_id=plan.id, tegn_id=tegn.id, maaletype="ja_nej", vaerdi=True, dato=dt.date.today(), vagt="dag", forfatter="MA", terminal=store.writer)


def _median_append_ms(store, count: int = APPENDS) -> float:
    times = []
    for _ in range(count):
        observation = _observation_for(store)
        start = time.perf_counter()
        store.create(observation.model_copy(update={"id": observation.id}), "MA")  # a medarbejder logging
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


def pin_guess_ms(runs: int = 5) -> float:
    """What one guess at a PIN costs anyone holding a copy of the data folder: one scrypt with
    today's cost (``auth.COST``), median of ``runs``."""
    from smtte_tui.auth import hash_pin

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        hash_pin("123456")
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 1)


def build_house(root: Path, local: Path, *, borgere: int, terminals: int, days: int, seed: int = 1) -> int:
    """Write a house of ``days`` of history through ``terminals`` writers; returns records written."""
    from smtte_tui.demo import write_demo
    from smtte_tui.store import Store

    root.mkdir(parents=True, exist_ok=True)
    writers = [Store(root, local_dir=local, terminal_name=f"bench-{n}", create=True) for n in range(terminals)]
    try:
        result = write_demo(writers[0], borgere=borgere, days=days, seed=seed, terminals=writers)
    finally:
        for writer in writers:
            writer.close()
    return result.total


def _naive_append_ms(root: Path, work: Path) -> tuple[float, int]:
    """Append into one TinyDB file (stock JSONStorage) that holds the same history."""
    from tinydb import TinyDB

    docs: dict[str, Any] = {}
    seen: set[str] = set()
    for path in root.rglob("t*.jsonl"):
        for line in path.read_bytes().splitlines():
            doc = json.loads(line)
            if doc["id"] not in seen:  # a borger record is in its month's log and its year file
                seen.add(doc["id"])
                docs[str(len(docs) + 1)] = doc
    naive = work / "naive.json"
    naive.write_text(json.dumps({"_default": docs}), encoding="utf-8")
    db = TinyDB(naive)
    sample = next(iter(docs.values()))
    times = []
    for _ in range(NAIVE_APPENDS):
        start = time.perf_counter()
        db.insert(dict(sample))
        times.append((time.perf_counter() - start) * 1000)
    db.close()
    return round(statistics.median(times), 2), len(docs)


def measure_cold(root: Path, local: Path) -> dict[str, float | None]:
    """Run in a fresh process: home data cold, one borger's history cold and warm, appends, RSS."""
    from smtte_tui.models import Borger, Medarbejder, Observation, SmttePlan
    from smtte_tui.store import Store

    start = time.perf_counter()
    store = Store(root, local_dir=local)
    borgere = [b for b in store.all(Borger) if b.aktiv]
    plans = {p.borger_id: p for p in store.all(SmttePlan) if p.status == "aktiv"}
    store.all(Medarbejder)
    today = dt.date.today()
    logged_today = {o.borger_id for b in borgere for o in store.all(Observation, b.id) if o.dato == today}
    home = time.perf_counter() - start
    assert plans and borgere and logged_today is not None

    # the house view on the store as the home screen left it (recent months of every borger)
    from smtte_tui.features.overview import findings, timeout

    start = time.perf_counter()
    timeout_rows = timeout.rows(store, today)
    timeout_s = time.perf_counter() - start
    start = time.perf_counter()
    board = findings.build(store, dt.datetime.now().astimezone())
    overview_s = time.perf_counter() - start
    assert len(timeout_rows) == len(borgere) and board is not None

    target = borgere[0].id
    start = time.perf_counter()
    store.load_borger_history(target)
    history = store.all(Observation, target)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    again = store.all(Observation, target)
    warm = time.perf_counter() - start
    assert len(again) == len(history)
    append_5y = _median_append_ms(store)
    store.close()
    return {
        "home_load_s_cold": round(home, 3),
        "timeout_s": round(timeout_s, 3),
        "overview_s": round(overview_s, 3),
        "borger_history_s_cold": round(cold, 3),
        "borger_history_s_warm": round(warm, 4),
        "borger_history_observations": len(history),
        "append_ms_5y": append_5y,
        "peak_rss_mb": _peak_rss_mb(),
    }


def measure_evaluation(root: Path, local: Path) -> dict[str, float | None]:
    """Run in a fresh process: one borger's timeline and every chart of the active plan, cold (the
    store is open, the borger's older months are not read yet: what F3 costs) and warm (again);
    then the borger's whole HTML report (what the report key and ``smtte export`` cost)."""
    from smtte_tui.analysis.charts import tegn_chart
    from smtte_tui.features.evaluation import timeline
    from smtte_tui.models import Borger, SmttePlan
    from smtte_tui.store import Store

    store = Store(root, local_dir=local)
    borger = next(b for b in store.all(Borger) if b.aktiv)
    plan = next(p for p in store.all(SmttePlan) if p.borger_id == borger.id and p.status == "aktiv")

    def ready() -> tuple[int, int]:
        data = timeline.build(store, borger.id)
        events = data.events("uge")
        charts = [tegn_chart(item, data.observations, markers=data.markers) for item in plan.tegn]
        return len(events), sum(len(c.points) for c in charts)

    start = time.perf_counter()
    events, points = ready()
    cold = time.perf_counter() - start
    start = time.perf_counter()
    ready()
    warm = time.perf_counter() - start
    observations = len(timeline.build(store, borger.id).observations)
    from smtte_tui.report.export import render_export

    session = _acting(store, "MA")
    start = time.perf_counter()
    page = render_export(session, borger.id, "html")
    export = time.perf_counter() - start
    store.close()
    # cold: a store just opened, the borger's older months not read (as `smtte export` runs)
    fresh = Store(root, local_dir=local)  # the same PC, the store just opened
    session = _acting(fresh, "MA")
    start = time.perf_counter()
    render_export(session, borger.id, "html")
    export_cold = time.perf_counter() - start
    fresh.close()
    return {
        "timeline_charts_s_cold": round(cold, 3),
        "timeline_charts_s_warm": round(warm, 3),
        "timeline_events": events,
        "timeline_chart_points": points,
        "timeline_observations": observations,
        "export_html_s_cold": round(export_cold, 3),
        "export_html_s_warm": round(export, 3),
        "export_html_kb": round(len(page if isinstance(page, bytes) else page.encode("utf-8")) / 1024),
    }


def _acting(store, initials: str):
    """The demo house's account with ``initials``, as a session (a report names who made it)."""
    from smtte_tui.models import Medarbejder
    from smtte_tui.session import Session

    return Session(store, next(m for m in store.all(Medarbejder) if m.initialer == initials))


def measure_group(root: Path, local: Path) -> dict[str, float | None]:
    """Run in a fresh process: the group picture (F6, g) without and with the tegn verdicts (those
    read each borger's last half-year from the share), again warm, and the monthly report."""
    from smtte_tui.features.group import group
    from smtte_tui.report.house_report import render_group_report
    from smtte_tui.store import Store

    store = Store(root, local_dir=local)
    today = dt.date.today()
    start = time.perf_counter()
    group.picture(store, today, weeks=group.WEEKS, verdicts=False)
    first_draw = time.perf_counter() - start
    start = time.perf_counter()
    group.picture(store, today, weeks=group.WEEKS)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    group.picture(store, today, weeks=group.WEEKS)
    warm = time.perf_counter() - start
    session = _acting(store, "DEMO")  # the demo house's leder
    start = time.perf_counter()
    render_group_report(session, group.month_period(today), "html")
    report = time.perf_counter() - start
    rss = _peak_rss_mb()
    store.close()
    return {
        "group_first_draw_s": round(first_draw, 3),
        "group_picture_s_cold": round(cold, 3),
        "group_picture_s_warm": round(warm, 3),
        "group_report_s": round(report, 3),
        "group_peak_rss_mb": rss,
    }


def measure_histories(root: Path, local: Path) -> dict[str, Any]:
    """Run in a fresh process: what one borger's history costs in memory per record (traced), then
    every borger's whole history opened one after another, as a meeting-room PC does all day:
    resident memory at the end and the time it took (opened histories are let go beyond the
    store's ``history_mb``, least recent first)."""
    import gc
    import tracemalloc

    from smtte_tui.models import Borger
    from smtte_tui.store import Store

    store = Store(root, local_dir=local)
    borgere = sorted(b.id for b in store.all(Borger))
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    count = len(store._index.revs)
    store.load_borger_history(borgere[0])
    gc.collect()
    after = tracemalloc.take_snapshot()
    added = len(store._index.revs) - count
    traced = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
    tracemalloc.stop()
    del before, after
    gc.collect()
    start = time.perf_counter()
    for borger_id in borgere[1:]:
        store.load_borger_history(borger_id)
    took = time.perf_counter() - start
    gc.collect()
    rss = _current_rss_mb()
    store.close()
    return {
        "history_bytes_per_record": round(traced / max(added, 1)),
        "history_all_s": round(took, 2),
        "history_rss_after_all_mb": rss,
        "histories_opened": len(borgere),
    }


def _current_rss_mb() -> float | None:
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    return _peak_rss_mb()


def _peak_rss_mb() -> float | None:
    # VmHWM is this process's own peak; ru_maxrss on Linux survives fork+exec and would report a
    # parent's peak, so it is only the fallback (macOS).
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    try:
        import resource
    except ImportError:  # Windows: no resource module
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024, 1)


def _run_child(function: str, root: Path, local: Path, size: dict[str, int] | None = None) -> Any:
    code = (
        "import json, sys; from pathlib import Path; from smtte_tui import bench; "
        "args = json.loads(sys.argv[3]); "
        f"result = bench.{function}(Path(sys.argv[1]), Path(sys.argv[2]), **args); "
        "print(json.dumps(result))"
    )
    child = subprocess.run([sys.executable, "-c", code, str(root), str(local), json.dumps(size or {})], capture_output=True, text=True, check=True)
    return json.loads(child.stdout.strip().splitlines()[-1])


def _launch_once(kind: str, root: Path | None, local: Path | None) -> float:
    # Python writes a module's bytecode (__pycache__) the first time it runs, as on any PC that has
    # started smtte before (pip compiles an installed package at install): a PYTHONDONTWRITEBYTECODE
    # in the bench's own environment would compile smtte's modules again on every start, while
    # Textual's were compiled by pip, and measure that instead of a start.
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    start = time.time()
    args = [sys.executable, "-m", "smtte_tui.screens.launch_probe", kind] + ([str(root), str(local)] if root else [])
    child = subprocess.run(args, capture_output=True, text=True, check=True, timeout=60, env=env)
    ready = float(next(line for line in child.stdout.splitlines() if line.startswith("READY")).split()[1])
    return ready - start


def launch_seconds(root: Path, local: Path, runs: int = 9) -> tuple[float, float]:
    """Median wall time from spawning the process to an interactive first screen: a one-Input
    Textual app's (the baseline) and smtte's lock screen on ``root``. One start of each first (not
    counted: it writes the bytecode), then the two alternately, so a change in the PC's load
    falls on both."""
    _launch_once("minimal", None, None)
    _launch_once("smtte", root, local)
    minimal, smtte = [], []
    for _ in range(runs):
        minimal.append(_launch_once("minimal", None, None))
        smtte.append(_launch_once("smtte", root, local))
    return round(statistics.median(minimal), 3), round(statistics.median(smtte), 3)


def run_bench(quick: bool = False, progress: Callable[[str], Any] | None = None, share_latency_ms: float | None = None) -> dict[str, Any]:
    """Every figure on the local disk; with ``share_latency_ms`` the ``share_*`` figures too, the
    same house read through the project's slow share (``benchshare.py``)."""
    from smtte_tui.i18n import t
    from smtte_tui.store import Store

    size = QUICK if quick else FULL
    with tempfile.TemporaryDirectory(prefix="smtte-bench-") as tmp:
        work = Path(tmp)
        # empty store: one borger with a plan, nothing else
        empty = work / "empty"
        build_house(empty, work / "local-empty", borgere=1, terminals=1, days=1)
        with Store(empty, local_dir=work / "local-empty-append") as store:
            append_empty = _median_append_ms(store)

        if progress:
            progress(t("cli.bench.building", borgere=size["borgere"], terminals=size["terminals"], days=size["days"]))
        house = work / "house"
        start = time.perf_counter()
        # Built in its own process so this one stays small (a child inherits nothing it measures).
        records = _run_child("build_house", house, work / "local-build", size)
        build_s = time.perf_counter() - start
        # One measuring PC (one local folder) for every local figure: each child is a fresh process,
        # as "cold" means, but the house does not gain a terminal per figure.
        measuring_pc = work / "local-measure"
        cold = _run_child("measure_cold", house, measuring_pc)
        evaluation = _run_child("measure_evaluation", house, measuring_pc)
        group_figures = _run_child("measure_group", house, measuring_pc)
        history_figures = _run_child("measure_histories", house, measuring_pc)
        naive_ms, naive_records = _naive_append_ms(house, work)
        launch_minimal, launch_smtte = launch_seconds(house, measuring_pc)
        share_figures: dict[str, Any] = {}
        if share_latency_ms is not None:
            from smtte_tui.benchshare import run_share_bench

            if progress:
                progress(t("cli.bench.share", ms=share_latency_ms))
            share_figures = run_share_bench(house, work, share_latency_ms, other_pc=work / "local-build")

    figures: dict[str, Any] = {
        "append_ms_empty": append_empty,
        "append_ms_5y": cold.pop("append_ms_5y"),
        "append_ms_naive_5y": naive_ms,
        **cold,
        **evaluation,
        **group_figures,
        **history_figures,
        "launch_s_minimal_textual": launch_minimal,
        "launch_s_lock_screen": launch_smtte,
        "pin_guess_ms": pin_guess_ms(),
        **share_figures,
        "house": {**size, "records": records, "naive_records": naive_records, "build_s": round(build_s, 1)},
        "quick": quick,
        "python": sys.version.split()[0],
        "platform": sys.platform,
        "cpus": os.cpu_count(),
    }
    figures["append_5y_vs_empty"] = round(figures["append_ms_5y"] / figures["append_ms_empty"], 2)
    figures["launch_vs_minimal"] = round(launch_smtte / launch_minimal, 2)
    figures["naive_vs_store_5y"] = round(figures["append_ms_naive_5y"] / figures["append_ms_5y"], 1)
    return figures
