"""By hand: ``python -m smtte_tui.sharesim mount BACKING MOUNT [--latency-ms 5]`` serves a slow share
until Enter (then prints the calls it served); ``python -m smtte_tui.sharesim probe`` measures how
long reading many small files through it takes, one by one and from many threads at once.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from smtte_tui.sharesim.share import SlowShare


def _mount(args: argparse.Namespace) -> int:
    with SlowShare(args.backing, args.mount, latency_ms=args.latency_ms, attr_cache_s=args.attr_cache_s, dir_cache_s=args.dir_cache_s, notfound_cache_s=args.notfound_cache_s) as share:
        print(f"{args.backing} is served at {share.mount} ({args.latency_ms:g} ms a call); Enter unmounts", flush=True)
        sys.stdin.readline()
        print(json.dumps(share.stats().__dict__, indent=1))
    return 0


def _probe(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="sharesim-probe-") as temp:
        backing = Path(temp) / "server"
        backing.mkdir()
        for number in range(args.files):
            (backing / f"t{number:04}.json").write_text('{"_default": {}}' * 20)
        with SlowShare(backing, Path(temp) / "mnt", latency_ms=args.latency_ms, threads=max(32, args.threads)) as share:
            names = [share.mount / f"t{number:04}.json" for number in range(args.files)]
            results = {}
            for label, workers in (("serial", 1), (f"{args.threads}_threads", args.threads)):
                share.drop_caches()
                share.reset_calls()
                started = time.perf_counter()
                with ThreadPoolExecutor(workers) as pool:
                    list(pool.map(Path.read_bytes, names))
                stats = share.stats()
                results[label] = {
                    "seconds": round(time.perf_counter() - started, 3),
                    "round_trips": sum(stats.calls.values()),
                    "calls": stats.calls,
                    "latency_waited_s": round(stats.waited_ms / 1000, 3),
                    "peak_in_flight": stats.peak_in_flight,
                }
    print(json.dumps({"files": args.files, "latency_ms": args.latency_ms, **results}, indent=1))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m smtte_tui.sharesim", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    mount = commands.add_parser("mount", help="serve BACKING at MOUNT until Enter")
    mount.add_argument("backing", type=Path)
    mount.add_argument("mount", type=Path)
    mount.add_argument("--latency-ms", type=float, default=5.0)
    mount.add_argument("--attr-cache-s", type=float, default=10.0)
    mount.add_argument("--dir-cache-s", type=float, default=10.0)
    mount.add_argument("--notfound-cache-s", type=float, default=5.0)
    mount.set_defaults(run=_mount)
    probe = commands.add_parser("probe", help="time reading small files serially and from threads")
    probe.add_argument("--latency-ms", type=float, default=5.0)
    probe.add_argument("--files", type=int, default=200)
    probe.add_argument("--threads", type=int, default=16)
    probe.set_defaults(run=_probe)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
