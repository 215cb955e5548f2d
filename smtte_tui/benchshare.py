"""``smtte bench --share-latency-ms N``: the bench house again, through a slow share.

The house folder is mounted with the project's own share simulator (``smtte_tui.sharesim``): every
file-system call waits ``N`` ms, and attributes, listings and "not found" are cached for 1 s, like
the Linux CIFS client the issue's figures came from (a Windows client caches for 10 s, which only
makes a stat-free store's life easier). Two mounts of the same folder are two PCs with their own
caches. Every figure comes from a fresh OS process, as a terminal would start; the call counts are
the simulator's own.

Figures (each as ``share_<name>``):

* ``first_start_s`` / ``started_before_s``: the store opened and the home screen's data read
  (borgere, active plans, this shift's logging), on a PC that never opened the folder (empty local
  folder) and on one that did, after another PC has logged a shift for every borger;
* ``signin_to_list_s``: the real app, headless: PIN and Enter typed on the lock screen once the
  store is open, until the borger list is drawn (scrypt included);
* ``gemt_ms``: a save acknowledged (durable in the local journal; the share write follows);
* ``visible_s``: a save on one PC seen by another PC polling like the app;
* ``idle_calls_per_s``: share calls while a terminal idles on the home screen (polling);
* ``timeline_charts_s_cold``: one borger's whole timeline and every chart, on a store just opened;
* ``key_ms_during_poll_max``: the longest a typed key took to show on the home screen while
  another PC saved every half second and this one polled and read it.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

CACHE_S = 1.0
POLL_S = 2.0  # smtte_tui.app.POLL_SECONDS (not imported here: that loads Textual)


def _child(function: str, *args: str, timeout: float = 300) -> dict[str, Any]:
    code = f"import json, sys; from smtte_tui import benchshare; print(json.dumps(benchshare.{function}(*sys.argv[1:])))"
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"{function} failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _home_data(store) -> int:
    from smtte_tui.models import Borger, Observation, SmttePlan

    borgere = [b for b in store.all(Borger) if b.aktiv]
    {p.borger_id: p for p in store.all(SmttePlan) if p.status == "aktiv"}
    today = dt.date.today()
    return len({o.borger_id for b in borgere for o in store.all(Observation, b.id) if o.dato == today})


def start_and_home(root: str, local: str) -> dict[str, Any]:
    """A fresh process: open the store and read what the home screen shows."""
    from smtte_tui.store import Store

    start = time.perf_counter()
    store = Store(Path(root), local_dir=Path(local), write_behind=True)
    logged = _home_data(store)
    took = time.perf_counter() - start
    store.close()
    return {"s": round(took, 3), "logged_today": logged}


def log_a_shift(root: str, local: str) -> dict[str, Any]:
    """Another PC: one sign for the first tegn of every borger with an active plan."""
    from smtte_tui.bench import _observation_for
    from smtte_tui.models import SmttePlan
    from smtte_tui.store import Store

    store = Store(Path(root), local_dir=Path(local))
    borgere = sorted({p.borger_id for p in store.all(SmttePlan) if p.status == "aktiv"})
    for borger_id in borgere:
        store.create(_observation_for(store, borger_id), "MA")
    store.close()
    return {"logged": len(borgere)}


def gemt(root: str, local: str, count: str = "20") -> dict[str, Any]:
    """How long ``create`` takes to acknowledge with write-behind (the app's store)."""
    from smtte_tui.bench import _observation_for
    from smtte_tui.store import Store

    store = Store(Path(root), local_dir=Path(local), write_behind=True)
    times = []
    for _ in range(int(count)):
        observation = _observation_for(store)
        start = time.perf_counter()
        store.create(observation, "MA")
        times.append((time.perf_counter() - start) * 1000)
    deadline = time.monotonic() + 60
    while store.pending_count and time.monotonic() < deadline:
        threading.Event().wait(0.05)
    left = store.pending_count
    store.close()
    return {"median_ms": round(statistics.median(times), 2), "max_ms": round(max(times), 2), "left_pending": left}


def watch(root: str, local: str) -> dict[str, Any]:
    """Poll like the app until the id given on stdin shows; prints READY first (its own PC)."""
    from smtte_tui.models import Observation
    from smtte_tui.store import Store

    store = Store(Path(root), local_dir=Path(local))
    store.poll()
    print("READY", flush=True)
    wanted = sys.stdin.readline().strip()
    started = time.monotonic()
    tick = threading.Event()
    while store.get(Observation, wanted) is None:
        tick.wait(POLL_S)
        store.poll()
    seen = time.monotonic() - started
    store.close()
    return {"seen_after_s": round(seen, 3)}


def timeline_cold(root: str, local: str) -> dict[str, Any]:
    """A fresh process on a PC that has opened the folder before: one borger's whole timeline and
    every chart of the active plan, the older years read from the share now."""
    from smtte_tui.analysis.charts import tegn_chart
    from smtte_tui.features.evaluation import timeline
    from smtte_tui.models import Borger, SmttePlan
    from smtte_tui.store import Store

    store = Store(Path(root), local_dir=Path(local))
    borger = next(b for b in store.all(Borger) if b.aktiv)
    plan = next(p for p in store.all(SmttePlan) if p.borger_id == borger.id and p.status == "aktiv")
    start = time.perf_counter()
    data = timeline.build(store, borger.id)
    data.events("uge")
    points = sum(len(tegn_chart(item, data.observations, markers=data.markers).points) for item in plan.tegn)
    took = time.perf_counter() - start
    store.close()
    return {"s": round(took, 3), "observations": len(data.observations), "points": points}


def idle(root: str, local: str, seconds: str = "10") -> dict[str, Any]:
    """Open the store, then poll like the app; prints POLLING when the measured window starts."""
    from smtte_tui.store import Store

    store = Store(Path(root), local_dir=Path(local), write_behind=True)
    store.poll()
    print("POLLING", flush=True)
    tick = threading.Event()
    end = time.monotonic() + float(seconds)
    polls = 0
    while time.monotonic() < end:
        tick.wait(POLL_S)
        store.poll()
        polls += 1
    print("DONE", flush=True)
    store.close()
    return {"polls": polls}


def _run_marked(args: list[str], marker_then: dict[str, Any], timeout: float = 180) -> dict[str, Any]:
    """Run a child, calling ``marker_then[line]()`` when it prints that line; its JSON result. A
    child that says nothing for ``timeout`` seconds is ended and reported, never waited for."""
    import queue

    child = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdin is not None
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        for line in child.stdout:  # type: ignore[union-attr]
            lines.put(line.strip())
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    result: dict[str, Any] = {}
    while True:
        try:
            line = lines.get(timeout=timeout)
        except queue.Empty:
            child.kill()
            raise RuntimeError(f"{args[-3] if len(args) > 3 else args}: no output for {timeout} s") from None
        if line is None:
            break
        if line in marker_then:
            answer = marker_then[line]()
            if isinstance(answer, str):
                child.stdin.write(answer + "\n")
                child.stdin.flush()
        elif line.startswith("{"):
            result = json.loads(line)
    child.wait(timeout=60)
    if child.returncode != 0:
        raise RuntimeError(child.stderr.read() if child.stderr else "child failed")
    return result


def _child_args(function: str, *args: str) -> list[str]:
    code = f"import json, sys; from smtte_tui import benchshare; print(json.dumps(benchshare.{function}(*sys.argv[1:])), flush=True)"
    return [sys.executable, "-c", code, *args]


def run_share_bench(house: Path, work: Path, latency_ms: float, other_pc: Path | None = None) -> dict[str, Any]:
    """Every slow-share figure for ``house`` (already built); see the module docstring.
    ``other_pc`` is the local folder of a terminal that wrote the house (so "another PC" is one of
    the house's own, not one more); by default a new one."""
    from smtte_tui.sharesim import SlowShare

    cache: dict[str, Any] = {"attr_cache_s": CACHE_S, "dir_cache_s": CACHE_S, "notfound_cache_s": CACHE_S}
    figures: dict[str, Any] = {"share_latency_ms": latency_ms, "share_cache_s": CACHE_S}
    with SlowShare(house, work / "pc-a", latency_ms=latency_ms, **cache) as a, SlowShare(house, work / "pc-b", latency_ms=latency_ms, **cache) as b:
        local = str(work / "local-pc-a")
        a.reset_calls()
        first = _child("start_and_home", str(a.mount), local)
        figures["share_first_start_s"] = first["s"]
        figures["share_first_start_calls"] = sum(a.calls().values())
        other = str(other_pc or work / "local-pc-b")
        _child("log_a_shift", str(b.mount), other)
        a.reset_calls()
        again = _child("start_and_home", str(a.mount), local)
        figures["share_started_before_s"] = again["s"]
        figures["share_started_before_calls"] = sum(a.calls().values())

        signin = _child("signin_to_list", str(a.mount), local, timeout=600)
        figures["share_signin_to_list_s"] = signin["s"]

        saved = _child("gemt", str(a.mount), local)
        figures["share_gemt_ms"] = saved["median_ms"]
        figures["share_gemt_ms_max"] = saved["max_ms"]

        def write_one() -> str:
            from smtte_tui.bench import _observation_for
            from smtte_tui.store import Store

            with Store(b.mount, local_dir=Path(other)) as writer:
                observation = _observation_for(writer)
                writer.create(observation, "MA")
            return observation.id

        seen = _run_marked(_child_args("watch", str(a.mount), local), {"READY": write_one})
        figures["share_visible_s"] = seen["seen_after_s"]

        window: dict[str, float] = {}

        def start_counting() -> None:
            a.reset_calls()
            window["start"] = time.monotonic()

        def stop_counting() -> None:
            window["calls"] = sum(a.calls().values())
            window["s"] = time.monotonic() - window["start"]

        _run_marked(_child_args("idle", str(a.mount), local), {"POLLING": start_counting, "DONE": stop_counting})
        figures["share_idle_calls_per_s"] = round(window["calls"] / window["s"], 1)

        figures["share_timeline_charts_s_cold"] = _child("timeline_cold", str(a.mount), local)["s"]
        keys = _child("keys_during_poll", str(a.mount), local, str(b.mount), other, timeout=600)
        figures["share_key_ms_during_poll_max"] = keys["max_ms"]
        figures["share_key_ms_during_poll_median"] = keys["median_ms"]
    return figures


def signin_to_list(root: str, local: str) -> dict[str, Any]:
    """The real app, headless, on the share: once the store is open, PIN and Enter are typed on
    the lock screen; the time until the home screen shows its borger list."""
    from smtte_tui.screens.launch_probe import signin_probe

    return signin_probe(Path(root), Path(local))


def keys_during_poll(root: str, local: str, other_root: str, other_local: str) -> dict[str, Any]:
    """The app on the home screen while another PC saves every half second: how long each typed
    key takes to show in the filter (the app polls and reads the other PC's saves meanwhile)."""
    from smtte_tui.screens.launch_probe import typing_probe

    return typing_probe(Path(root), Path(local), Path(other_root), Path(other_local))
