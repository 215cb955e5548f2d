"""The ``smtte`` command. A stable contract: scripts and tests depend on it.

* ``smtte [--data-dir D] [--lang da|en]``: the app (Textual is imported only here, lazily). ``D``
  may be ``postgresql://…?house=ID``: a terminal on the municipality's database, working on a
  mirror on this PC (``smtte_tui.replicate.mirror``); exit 2 when that first fetch is refused.
* ``smtte demo --data-dir D [--borgere N] [--days N] [--terminal NAME] [--seed N] [--json]``
* ``smtte check --data-dir D [--json] [--repair]``: exit 0 all well, 1 needs attention, 2 usage.
  With ``postgresql://…?house=ID``: one sync, then the check of this PC's mirror of the house
  (exit 4 when it was never fetched and the database cannot be reached).
* ``smtte bench [--quick] [--json] [--postgres]``
* ``smtte export --data-dir D --borger B --as INITIALER [--format html|md|csv] [--from DATO] [--to DATO]
  [--out FIL]``: one borger's history after sign-in (PIN from the terminal, or one line of stdin);
  exit 0 done, 2 usage error or unknown borger, 3 sign-in refused. Audited as ``eksport``.
* ``smtte report --data-dir D --period 2026-10|2026-Q3 --as INITIALER [--format html|md] [--with-names]
  [--out FIL]``: the group's figures for a month or quarter, anonymous unless ``--with-names``;
  sign-in and exit codes as ``export``. Audited as ``rapport``.
* ``smtte report --db postgresql://… --period 2026-Q3 [--house HUS …] [--format html|md] [--with-names]
  [--out FIL]``: the same across the houses in the municipality's database
  (``smtte_tui.report.municipality``); no PIN: the database user's rights decide (anonymous with
  ``smtte_analyst``, names only with ``smtte_analyst_named``). Audited as ``rapport`` in every house
  read, as the operating-system user. Exit 0, 2 (usage, no rights), 4 (database unreachable).
* ``smtte replicate --data-dir D --to postgresql://… [--once | --every SEKUNDER] [--house-name NAVN]
  [--full] [--json]``: push the house folder into the municipality's PostgreSQL and pull back what
  was written there for this house (``smtte_tui.replicate``); exit 0 done, 1 done but something
  needs a look (damaged files, refused revisions), 2 usage or refused (folder, rights, schema),
  4 the database cannot be reached now (nothing happened: try again later).

Every message goes through the catalog; errors are one Danish sentence (details in the log file).
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from smtte_tui import locations
from smtte_tui.i18n import set_language, t

if TYPE_CHECKING:  # pydantic is imported only by the commands that need it
    from smtte_tui.config import Settings
    from smtte_tui.session import Session

EXIT_OK, EXIT_ATTENTION, EXIT_USAGE, EXIT_DENIED, EXIT_UNAVAILABLE = 0, 1, 2, 3, 4
log = logging.getLogger("smtte")


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(t("cli.error.usage", detail=message))


# argparse's own words ("usage:", "the following arguments are required: …") are English
# gettext message ids; these are the ones a person can meet, each with its catalog key.
ARGPARSE_TEXTS: dict[str, str] = {
    "usage: ": "cli.argparse.usage",
    "positional arguments": "cli.argparse.positional",
    "options": "cli.argparse.options",
    "show this help message and exit": "cli.argparse.help",
    "argument %(argument_name)s: %(message)s": "cli.argparse.argument",
    "the following arguments are required: %s": "cli.argparse.required",
    "one of the arguments %s is required": "cli.argparse.one_of",
    "unrecognized arguments: %s": "cli.argparse.unrecognized",
    "not allowed with argument %s": "cli.argparse.not_allowed",
    "ignored explicit argument %r": "cli.argparse.ignored",
    "expected one argument": "cli.argparse.expected_one",
    "expected at most one argument": "cli.argparse.expected_at_most_one",
    "expected at least one argument": "cli.argparse.expected_at_least_one",
    "ambiguous option: %(option)s could match %(matches)s": "cli.argparse.ambiguous",
    "invalid %(type)s value: %(value)r": "cli.argparse.invalid_value",
    "invalid choice: %(value)r (choose from %(choices)s)": "cli.argparse.invalid_choice",
    "unexpected option string: %s": "cli.argparse.unexpected",
}


def _argparse_text(message: str) -> str:
    key = ARGPARSE_TEXTS.get(message)
    return t(key) if key else message


def _argparse_plural(singular: str, plural: str, n: int) -> str:
    if singular == "expected %s argument":
        return t("cli.argparse.expected_n", n="%s")
    return singular if n == 1 else plural


@contextmanager
def _argparse_in_catalog_language() -> Iterator[None]:
    """Let argparse say its own words in the catalog's language while the command line is read:
    it looks them up through its module's ``_`` and ``ngettext`` at the moment it needs them."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _argparse_text, _argparse_plural  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def language_in(argv: list[str]) -> str | None:
    """The ``--lang`` the command line asks for, read before anything else, so every message,
    the parser's own included, is in that language (None when not given or not known)."""
    for index, arg in enumerate(argv):
        value = arg.removeprefix("--lang=") if arg.startswith("--lang=") else (argv[index + 1] if arg == "--lang" and index + 1 < len(argv) else None)
        if value in ("da", "en"):
            return value
    return None


def _common(parser: argparse.ArgumentParser, data_required: bool = False, top: bool = False) -> None:
    parser.add_argument("--data-dir", required=data_required, metavar=t("cli.help.folder"), help=t("cli.help.data_dir"))
    # a sub-command's default must not undo "smtte --lang en check" (argparse lets it override)
    default: dict[str, Any] = {} if top else {"default": argparse.SUPPRESS}
    parser.add_argument("--lang", choices=["da", "en"], help=t("cli.help.lang"), **default)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="smtte", description=t("cli.description"))
    _common(parser, top=True)
    parser.add_argument("--terminal", metavar=t("cli.help.name"), help=t("cli.help.terminal"))
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, title=t("cli.help.commands"))

    demo = sub.add_parser("demo", help=t("cli.help.demo"))
    _common(demo, data_required=True)
    demo.add_argument("--borgere", type=int, default=6, help=t("cli.help.demo.borgere"))
    demo.add_argument("--days", type=int, default=60, help=t("cli.help.demo.days"))
    demo.add_argument("--terminal", help=t("cli.help.demo.terminal"))
    demo.add_argument("--seed", type=int, help=t("cli.help.demo.seed"))
    demo.add_argument("--json", action="store_true", help=t("cli.help.json"))

    check = sub.add_parser("check", help=t("cli.help.check"))
    _common(check, data_required=True)
    check.add_argument("--json", action="store_true", help=t("cli.help.json"))
    check.add_argument("--repair", action="store_true", help=t("cli.help.check.repair"))

    bench = sub.add_parser("bench", help=t("cli.help.bench"))
    bench.add_argument("--quick", action="store_true", help=t("cli.help.bench.quick"))
    bench.add_argument("--json", action="store_true", help=t("cli.help.json"))
    bench.add_argument("--share-latency-ms", type=float, default=None, help=t("cli.help.bench.latency"))
    bench.add_argument("--lang", choices=["da", "en"], help=t("cli.help.lang"), default=argparse.SUPPRESS)
    bench.add_argument("--postgres", action="store_true", help=t("replicate.cli.help.bench"))

    export = sub.add_parser("export", help=t("report.cli.help"))
    _common(export, data_required=True)
    export.add_argument("--borger", required=True, help=t("report.cli.help.borger"))
    export.add_argument("--format", choices=["html", "md", "csv"], default="html", help=t("report.cli.help.format"))
    export.add_argument("--from", dest="start", default="", help=t("report.cli.help.from"))
    export.add_argument("--to", dest="end", default="", help=t("report.cli.help.to"))
    export.add_argument("--out", help=t("report.cli.help.out"))
    export.add_argument("--as", dest="initials", required=True, help=t("report.cli.help.as"))
    export.add_argument("--terminal", help=t("report.cli.help.terminal"))

    report = sub.add_parser("report", help=t("grouprep.cli.help"))
    _common(report)
    report.add_argument("--db", metavar="postgresql://…", help=t("municipal.cli.help.db"))
    report.add_argument("--house", action="extend", nargs="+", metavar="HUS", help=t("municipal.cli.help.house"))
    report.add_argument("--period", required=True, help=t("grouprep.cli.help.period"))
    report.add_argument("--format", choices=["html", "md"], default="html", help=t("grouprep.cli.help.format"))
    report.add_argument("--with-names", action="store_true", help=t("grouprep.cli.help.names"))
    report.add_argument("--out", help=t("report.cli.help.out"))
    report.add_argument("--as", dest="initials", help=t("report.cli.help.as"))
    report.add_argument("--terminal", help=t("report.cli.help.terminal"))

    replicate = sub.add_parser("replicate", help=t("replicate.cli.help"))
    _common(replicate, data_required=True)
    replicate.add_argument("--to", required=True, metavar="postgresql://…", help=t("replicate.cli.help.to"))
    when = replicate.add_mutually_exclusive_group()
    when.add_argument("--once", action="store_true", help=t("replicate.cli.help.once"))
    when.add_argument("--every", type=int, metavar="SEKUNDER", help=t("replicate.cli.help.every"))
    replicate.add_argument("--house-name", help=t("replicate.cli.help.house_name"))
    replicate.add_argument("--full", action="store_true", help=t("replicate.cli.help.full"))
    replicate.add_argument("--json", action="store_true")
    return parser


def _setup_logging() -> Path:
    log_file = locations.log_file()
    folder = log_file.parent
    try:
        # the log may name borgere and staff: this PC's folder 0700 and the log 0600, like the journal
        locations.private_file(locations.private_dir(folder, tighten=True) / "smtte.log")
        logging.basicConfig(filename=log_file, level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", encoding="utf-8")
    except OSError:
        logging.basicConfig(level=logging.WARNING)
    return log_file


def _check_positive(value: int, name: str) -> None:
    if value < 0:
        raise UsageError(t("cli.error.usage", detail=t("cli.error.not_negative", name=name)))


def _print_json(value: Any) -> None:
    import json  # the commands' --json output only: the app starts without it

    print(json.dumps(value, ensure_ascii=False))


def main(argv: list[str] | None = None) -> int:
    log_file = _setup_logging()
    code = _run(argv, log_file)
    if code not in (EXIT_OK, 130):
        _hold_window()
    return code


def _hold_window() -> None:
    """Wait for Enter after a failure when the console window closes with smtte (started by a
    double-click or a shortcut on Windows): otherwise the sentence that says what to do vanishes
    before anyone can read it. A shell's window stays, so nothing waits there."""
    from smtte_tui.winconsole import console_closes_with_smtte

    if sys.stdin is None or not sys.stdin.isatty() or not console_closes_with_smtte():
        return
    try:
        input(t("cli.press_enter"))
    except (EOFError, KeyboardInterrupt, OSError):
        pass


def _run(argv: list[str] | None, log_file: Path) -> int:
    try:
        argv = sys.argv[1:] if argv is None else argv
        asked = language_in(argv)
        if asked:  # before the config is read, so even its error is in the language asked for
            set_language(asked)
        raw = _raw_config()
        if not asked and raw.get("lang") in ("da", "en"):
            set_language(raw["lang"])
        with _argparse_in_catalog_language():
            args = build_parser().parse_args(argv)
        if args.command is None:
            # The app path imports neither pydantic nor the store before the first frame.
            return cmd_app(args, raw)
        from smtte_tui.config import ConfigError, load_settings
        from smtte_tui.store import NotAllowed, StoreError

        try:
            settings = load_settings()
            data_dir = getattr(args, "data_dir", None)
            address = locations.database_address(data_dir, None) if data_dir else None
            if address and args.command in ("demo", "export", "report", "replicate"):
                # never a path made of the address (it would show its password in the sentence)
                raise UsageError(t("mirror.cli.only_app", command=args.command))
            if args.command == "check" and address:
                return cmd_check_database(args, settings, address)
            if args.command == "demo":
                return cmd_demo(args)
            if args.command == "check":
                return cmd_check(args)
            if args.command == "export":
                return cmd_export(args, settings)
            if args.command == "report":
                return cmd_report(args, settings)
            if args.command == "replicate":
                return cmd_replicate(args, settings)
            return cmd_bench(args)
        except ConfigError as exc:  # the sentence names the file and the mistake
            print(exc, file=sys.stderr)
            return EXIT_USAGE
        except (StoreError, NotAllowed) as exc:  # both carry a Danish sentence
            print(exc, file=sys.stderr)
            return EXIT_USAGE
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last line of defence: a sentence, never a traceback
        log.exception("unexpected error")
        print(t("cli.error.unexpected", detail=type(exc).__name__, log=log_file), file=sys.stderr)
        return EXIT_ATTENTION


def _raw_config() -> dict:
    """The config file's keys, read without validation (that happens in ``load_settings``); a
    BOM or UTF-16 from PowerShell is fine, a mistake is named (``smtte_tui.configfile``)."""
    from smtte_tui.configfile import ConfigError, read_config

    try:
        return read_config(locations.config_file())
    except ConfigError as exc:
        raise UsageError(str(exc)) from exc


def _open_store(data_dir: str, *, terminal: str | None = None, create: bool = False, readonly: bool = False, write_behind: bool = False):
    from smtte_tui.store import Store
    from smtte_tui.store.files import ensure_dir

    path = Path(data_dir).expanduser()
    if create and not path.exists() and path.parent.exists():
        ensure_dir(path)  # 0700 on Linux/macOS; on Windows no mode: it inherits the share's ACL
    store = Store(path, local_dir=locations.local_dir(), terminal_name=terminal, create=create, readonly=readonly, write_behind=write_behind)
    if not store.readonly:
        _publish_left_behind(store)
    return store


def _publish_left_behind(store) -> None:
    """Records this person saved on this PC before IT made the PC's folder machine-wide still
    wait in the journal of their own folder (``locations.left_behind_dir``): opening the store
    there once publishes them as the writer that saved them (the store publishes its journal when
    it opens). Only while such a journal holds anything; a share that fails leaves them waiting
    there for the next start."""
    from smtte_tui.store import Store

    old = locations.left_behind_dir()
    if old is None or not any(journal.stat().st_size for journal in (old / "journal").glob("*/t*.jsonl")):
        return
    try:
        with Store(store.root, local_dir=old) as before:
            left = before.pending_on_this_pc()
        log.info("published what waited in %s; %d records still wait there", old, left)
    except Exception:  # never a reason not to start: they stay where they are
        log.exception("records waiting in %s could not be published now", old)


def _summary(counts: Counter[str]) -> str:
    return ", ".join(f"{kind}: {n}" for kind, n in sorted(counts.items()))


def cmd_demo(args: argparse.Namespace) -> int:
    from smtte_tui.demo import write_demo

    _check_positive(args.borgere, "--borgere")
    _check_positive(args.days, "--days")
    from smtte_tui.store import NotAllowed

    with _open_store(args.data_dir, terminal=args.terminal, create=True) as store:
        try:
            result = write_demo(store, borgere=args.borgere, days=args.days, seed=args.seed)
        except NotAllowed as exc:  # a real house's folder: its staff, not the demo's, may write there
            raise UsageError(t("cli.demo.not_allowed", reason=exc)) from exc
    if args.json:
        _print_json({"records": dict(result.counts), "total": result.total})
    else:
        print(t("cli.demo.done", total=result.total, summary=_summary(result.counts)))
    return EXIT_OK


def check_report(store, repaired: tuple[int, int] | None = None) -> dict:
    """The ``smtte check`` figures for an open store (everything loaded). After a repair that
    moved anything aside, ``ok`` is false: a person should look at ``quarantine/`` first."""
    store.load_everything()
    counts = store.record_counts()
    bad = [{"path": str(path), "reason": reason, "in_place": True} for path, reason in sorted(store.problems.items())]
    kept = [{"path": str(path), "reason": reason, "in_place": False} for path, reason in store.quarantine_listing()]
    conflicts = store.conflicts()
    pending = store.pending_on_this_pc()
    copies = sorted(str(p) for p in store.conflict_copies)
    report = {
        "records": dict(sorted(counts.items())),
        "total": sum(counts.values()),
        "files": len(store.files),
        "conflicts": len(conflicts),
        "conflict_copies": copies,
        "quarantined": bad + kept,
        "pending_journal": pending,
        "clocks": [{"path": str(path), "reason": reason} for path, reason in sorted(store.clock_notices.items())],
        "behind": [{"writer": w, "navn": navn, "published": p, "found": f, "missing": p - f} for w, navn, p, f in store.behind()],
        "unlistable": list(store.unlistable),  # folders this PC may not list (the share's rights)
        "ok": not (bad or conflicts or copies or pending or store.clock_notices or store.behind() or store.unlistable or (repaired and any(repaired))),
    }
    if repaired is not None:
        report["repaired"] = {"merged": repaired[0], "quarantined": repaired[1]}
    return report


def cmd_check(args: argparse.Namespace) -> int:
    repaired = None
    with _open_store(args.data_dir, readonly=not args.repair) as store:
        if args.repair:
            if store.readonly:
                print(t("cli.check.readonly"), file=sys.stderr)
            else:
                store.load_everything()
                repaired = store.repair()
        report = check_report(store, repaired)
    if args.json:
        _print_json(report)
    else:
        if repaired and any(repaired):
            print(t("cli.check.repaired", merged=repaired[0], quarantined=repaired[1]))
            print(t("cli.check.look_at_quarantine", path=Path(args.data_dir) / "quarantine"))
        if report["ok"]:
            print(t("cli.check.ok", total=report["total"], files=report["files"]))
        else:
            print(t("cli.check.attention"))
            if report["unlistable"]:
                print(t("store.unlistable", folders=", ".join(report["unlistable"])))
            print(t("cli.check.records", summary=_summary(Counter(report["records"])), total=report["total"], files=report["files"]))
            if report["conflicts"]:
                print(t("cli.check.conflicts", n=report["conflicts"]))
            for path in report["conflict_copies"]:
                print(t("cli.check.conflict_copy", path=path))
            for item in report["quarantined"]:
                print(t("cli.check.quarantined", path=item["path"], reason=item["reason"]))
            if report["pending_journal"]:
                print(t("cli.check.pending", n=report["pending_journal"]))
            for item in report["clocks"]:
                print(t("cli.check.clock", path=item["path"], reason=item["reason"]))
            for item in report["behind"]:
                print(t("cli.check.behind", navn=item["navn"], writer=item["writer"], missing=item["missing"], published=item["published"]))
    return EXIT_OK if report["ok"] else EXIT_ATTENTION


def cmd_check_database(args: argparse.Namespace, settings: Settings, address: str) -> int:
    """``check`` of a terminal on the database: one sync (a first run fetches the house), then
    the usual check of this PC's mirror; ``--repair`` repairs the mirror and sends the result."""
    from smtte_tui.replicate.mirror import Mirror, MirrorUnreachable, parse

    target = parse(address, settings.house)
    mirror = Mirror(target, locations.local_dir(), house_name=settings.house_name)
    try:
        mirror.open(background=False)
    except MirrorUnreachable as exc:
        print(exc, file=sys.stderr)
        return EXIT_UNAVAILABLE
    try:
        if mirror.opened_with is None:
            print(t("mirror.check.offline", where=target.where, path=mirror.root), file=sys.stderr)
        elif not args.json:
            print(t("mirror.check.synced", house=target.house, where=target.where, pushed=mirror.opened_with[0], pulled=mirror.opened_with[1], path=mirror.root))
        repaired = None
        with mirror.open_store(write_behind=False, readonly=not args.repair) as store:
            if args.repair:
                store.load_everything()
                repaired = store.repair()
            report = check_report(store, repaired)
    finally:
        mirror.close()  # sends a repair's records when the database is there
    report["database"] = mirror.status()
    if args.json:
        _print_json(report)
    elif report["ok"]:
        print(t("cli.check.ok", total=report["total"], files=report["files"]))
    else:
        print(t("cli.check.attention"))
        print(t("cli.check.records", summary=_summary(Counter(report["records"])), total=report["total"], files=report["files"]))
        if report["conflicts"]:
            print(t("cli.check.conflicts", n=report["conflicts"]))
    return EXIT_OK if report["ok"] else EXIT_ATTENTION


def cmd_bench(args: argparse.Namespace) -> int:
    from smtte_tui.bench import run_bench

    if args.share_latency_ms is not None and not 0 <= args.share_latency_ms <= 1000:
        raise UsageError(t("cli.error.usage", detail=t("cli.error.latency")))
    if args.postgres:  # replication and the report across houses, on a private PostgreSQL
        from smtte_tui.replicate.bench import run
        from smtte_tui.replicate.pgserver import ServerUnavailable

        try:
            figures = run(progress=None if args.json else print)
        except ServerUnavailable as exc:
            log.warning("bench --postgres: %s", exc)
            print(t("replicate.bench.no_server"), file=sys.stderr)
            return EXIT_USAGE
    else:
        figures = run_bench(quick=args.quick, progress=None if args.json else print, share_latency_ms=args.share_latency_ms)
    if args.json:
        _print_json(figures)
    else:
        for key, value in figures.items():
            print(t("cli.bench.result", key=key, value=value))
    return EXIT_OK


def read_pin(initials: str) -> str:
    """The PIN: asked for without echo at a terminal; piped in, the first line of stdin (scripts),
    read as bytes (see :func:`pin_from_line`). A ``Secret``: masked in any traceback or log line
    that would print it."""
    from smtte_tui.secret import Secret

    if sys.stdin is not None and sys.stdin.isatty():
        import getpass  # only the commands that ask for a PIN: not on the way to the app

        return Secret(pin_from_line(getpass.getpass(t("report.cli.pin", initials=initials.strip().upper()))))
    if sys.stdin is None:
        return Secret("")
    raw = getattr(sys.stdin, "buffer", None)  # bytes: a UTF-8 BOM read as cp1252 would be "ï»¿"
    return Secret(pin_from_line(raw.readline() if raw is not None else sys.stdin.readline()))


BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def pin_from_line(line: bytes | str) -> str:
    """A PIN as scripts on Windows send it: cmd's ``echo 123456 | smtte …`` sends "123456 " (the
    space before the pipe), a file saved by Notepad or PowerShell starts with a BOM, and PowerShell
    5.1's ``Out-File`` writes UTF-16 (a PIN is digits, so its zero bytes go). Whitespace and BOMs
    are dropped; what is left is checked by the sign-in like a typed PIN."""
    if isinstance(line, bytes):
        for bom in BOMS:
            line = line.removeprefix(bom)
        line = line.replace(b"\x00", b"").decode("utf-8", errors="replace")
    return line.strip().lstrip("\ufeff").strip()


def _write_stdout(data: bytes) -> None:
    """``data`` (UTF-8) to stdout as bytes, never through stdout's own encoding: redirected with
    ``>`` on Windows that is cp1252, which would put cp1252 bytes in a UTF-8 page or fail on "−".
    An OSError (a full disk, a closed pipe) reaches the caller, which then audits nothing."""
    sys.stdout.flush()
    raw = getattr(sys.stdout, "buffer", None)
    if raw is None:  # a text-only stream (some test harnesses): the text without the BOM
        sys.stdout.write(data.decode("utf-8-sig"))
        sys.stdout.flush()
    else:
        raw.write(data)
        raw.flush()


def _sign_in(store, initials: str, now: dt.datetime, *, denied: str) -> Session | None:
    """Sign in exactly as at the lock screen (failures count towards the block): the command's
    session (the person, at ``now``, on this terminal), or None after saying why on stderr
    (``denied`` is the catalog text for that)."""
    from smtte_tui.features.signin.signin import INITIALS_MAX, sign_in
    from smtte_tui.session import Session

    if len(initials.strip()) > INITIALS_MAX:  # nobody's initials: refused before anything is asked or written
        print(t(denied, reason=t("signin.initials_too_long", most=INITIALS_MAX)), file=sys.stderr)
        return None
    pin = read_pin(initials)
    result = sign_in(store, initials, pin, now=now, terminal=store.writer)  # the house's lockout, never config.toml's
    if not result.ok or result.medarbejder is None:
        print(t(denied, reason=result.message), file=sys.stderr)
        return None
    return Session(store, result.medarbejder, clock=lambda: now, terminal=store.writer)


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    """Sign in exactly as at the lock screen (failures count towards the block), then export."""
    from smtte_tui.dates import parse_date
    from smtte_tui.report import ExportError, export_borger, find_borger, write_export

    now = dt.datetime.now().astimezone()
    try:
        start = parse_date(args.start, today=now.date(), label=t("report.label.from"))
        end = parse_date(args.end, today=now.date(), label=t("report.label.to"))
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    if start is not None and end is not None and start > end:
        raise UsageError(t("report.error.range", fra=f"{start:%d.%m.%Y}", til=f"{end:%d.%m.%Y}"))
    with _open_store(args.data_dir, terminal=args.terminal) as store:
        session = _sign_in(store, args.initials, now, denied="report.cli.denied")
        if session is None:
            return EXIT_DENIED
        try:
            borger = find_borger(store, args.borger)
            if args.out:
                path = write_export(session, borger.id, args.format, Path(args.out), start, end)
                print(t("report.cli.done", path=path))
            else:
                export_borger(session, borger.id, args.format, start, end, send=_write_stdout)
        except ExportError as exc:
            print(exc, file=sys.stderr)
            return EXIT_USAGE
        except OSError as exc:  # stdout could not take it: nothing left smtte, nothing is audited
            log.warning("export to stdout failed: %s", exc)
            print(t("report.cli.stdout_failed"), file=sys.stderr)
            return EXIT_USAGE
    return EXIT_OK


def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    """Sign in as for ``export``, then the group's figures for the period (audited as ``rapport``)."""
    from smtte_tui.features.group.group import parse_period
    from smtte_tui.report import ExportError
    from smtte_tui.report.house_report import group_report, write_group_report

    now = dt.datetime.now().astimezone()
    try:
        period = parse_period(args.period)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    if period.start > now.date():
        raise UsageError(t("group.error.future", period=period.label()))
    if args.db:
        return _report_from_database(args, period, now)
    if not args.data_dir or not args.initials or args.house:
        raise UsageError(t("cli.error.usage", detail=t("municipal.cli.data_or_db")))
    with _open_store(args.data_dir, terminal=args.terminal) as store:
        session = _sign_in(store, args.initials, now, denied="grouprep.cli.denied")
        if session is None:
            return EXIT_DENIED
        try:
            if args.out:
                path = write_group_report(session, period, args.format, Path(args.out), with_names=args.with_names)
                print(t("grouprep.cli.done", path=path))
            else:
                group_report(session, period, args.format, with_names=args.with_names, send=_write_stdout)
        except ExportError as exc:
            print(exc, file=sys.stderr)
            return EXIT_USAGE
        except OSError as exc:
            log.warning("report to stdout failed: %s", exc)
            print(t("report.cli.stdout_failed"), file=sys.stderr)
            return EXIT_USAGE
    return EXIT_OK


def _report_from_database(args: argparse.Namespace, period, now: dt.datetime) -> int:
    """``smtte report --db``: the houses' figures from the municipality's database. The report is
    recorded in each house's audit before anyone sees it; a user who may not record it gets none."""
    from smtte_tui.replicate import DatabaseRefused, DatabaseUnavailable, db
    from smtte_tui.report import ExportError, municipality
    from smtte_tui.report.files import write_new

    if args.data_dir or args.initials:
        raise UsageError(t("cli.error.usage", detail=t("municipal.cli.db_alone")))
    try:
        conn = db.connect(args.db, application="smtte report")
    except DatabaseUnavailable as exc:
        print(exc, file=sys.stderr)
        return EXIT_UNAVAILABLE
    except DatabaseRefused as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    try:
        report = municipality.gather(conn, period, today=now.date(), houses=args.house, with_names=args.with_names, now=now)
        content = municipality.render(report, args.format)
        municipality.record(conn, report, args.format)
    except DatabaseRefused as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:
        if db.is_unavailable(exc):
            print(t("replicate.error.lost", where=db.describe(args.db)), file=sys.stderr)
            return EXIT_UNAVAILABLE
        if type(exc).__module__.startswith("psycopg"):
            log.exception("the database refused the report")
            print(t("municipal.error.refused", where=db.describe(args.db)), file=sys.stderr)
            return EXIT_USAGE
        raise
    finally:
        conn.close()
    if args.out:
        try:
            path = write_new(Path(args.out).expanduser(), content.encode("utf-8"))
        except OSError:
            print(ExportError("report.error.write", path=args.out), file=sys.stderr)
            return EXIT_USAGE
        print(t("grouprep.cli.done", path=path))
    else:
        _write_stdout(content.encode("utf-8"))
    return EXIT_OK


def cmd_replicate(args: argparse.Namespace, settings: Settings) -> int:
    """One run (``--once``, the default) or a run every ``--every`` seconds until Ctrl+C."""
    from smtte_tui.replicate import DatabaseRefused, DatabaseUnavailable, FolderRefused, run_every, run_once, summary

    root = Path(args.data_dir).expanduser()
    house_name = args.house_name or settings.house_name
    if args.every is not None:
        if args.every < 1:
            raise UsageError(t("cli.error.usage", detail=t("replicate.cli.every_positive")))
        run_every(args.to, root, args.every, local_dir=locations.local_dir(), house_name=house_name, say=print, warn=lambda text: print(text, file=sys.stderr))
        return EXIT_OK
    try:
        result = run_once(args.to, root, local_dir=locations.local_dir(), house_name=house_name, full_scan=args.full)
    except DatabaseUnavailable as exc:
        print(exc, file=sys.stderr)
        return EXIT_UNAVAILABLE
    except (DatabaseRefused, FolderRefused) as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        _print_json(result.as_json())
    else:
        print(summary(result))
    return EXIT_ATTENTION if result.attention else EXIT_OK


def cmd_app(args: argparse.Namespace, raw: dict) -> int:
    terminal = args.terminal or raw.get("terminal_name")
    address = locations.database_address(args.data_dir, raw.get("data_dir"))
    if address:
        return _app_on_database(address, raw, terminal)
    choice = locations.choose_data_dir(args.data_dir, raw.get("data_dir"))
    if choice.is_embedded and not (choice.path / "FORMAT.json").exists():
        # The checkout's own data folder starts with fictional demo residents (never a share).
        from smtte_tui.demo import write_demo

        print(t("cli.demo.seeding", path=choice.path))
        with _open_store(str(choice.path), terminal=terminal, create=True) as store:
            write_demo(store, borgere=8, days=90, seed=7)
    if not choice.path.exists():
        from smtte_tui.winconsole import mapped_drive

        missing = t("cli.error.data_dir_missing", path=choice.path)
        raise UsageError(missing + (" " + t("cli.error.use_unc") if mapped_drive(str(choice.path)) else ""))
    # write-behind: "Gemt" once a save is safe in this PC's journal; the share write follows in
    # the background (a slow or absent share never holds up the person)
    return _run_app(lambda _app: _open_store(str(choice.path), terminal=terminal, create=True, write_behind=True))


def _run_app(open_store, close=lambda: None) -> int:
    """Run the app with ``open_store(app)`` (called in the app's opening worker); ``close`` runs
    after the app's store is closed, also after a crash."""
    from smtte_tui import glyphs, winconsole
    from smtte_tui.app import SmtteApp  # Textual is imported only for the app itself

    glyphs.use(winconsole.ascii_symbols())  # before the app: it picks its terminal driver when made
    quick_edit = winconsole.turn_off_quick_edit()
    try:
        notices = [t("app.quick_edit_on")] if quick_edit.state == "failed" else []
        app: SmtteApp = SmtteApp(open_store=lambda: open_store(app), notices=notices)
        try:
            app.run()
        finally:
            try:
                if app.store is not None:
                    app.store.close()
            finally:
                close()
    finally:  # also after a crash: the console is the person's again, as it was
        if not quick_edit.restore():
            print(t("cli.quick_edit_not_restored"), file=sys.stderr)
    return app.return_code or EXIT_OK


def _app_on_database(address: str, raw: dict, terminal: str | None) -> int:
    """The app on the municipality's database: the normal store on this PC's mirror of the house,
    kept level by the mirror's background sync (``replicate/mirror.py``). Everything about the
    database, psycopg's import included, happens in the app's opening worker, behind the lock
    screen (a new terminal fetches its house there); a refusal ends the start with its sentence."""
    mirrors = []

    def open_store(app):
        from smtte_tui.replicate.mirror import Mirror, parse

        house = raw.get("house") if isinstance(raw.get("house"), str) else None
        house_name = raw.get("house_name") if isinstance(raw.get("house_name"), str) else None
        mirror = Mirror(parse(address, house), locations.local_dir(), house_name=house_name)
        mirrors.append(mirror)
        mirror.open()
        app.database = mirror  # the sync bar and the title say what the database does
        return mirror.open_store(terminal_name=terminal)

    def close() -> None:
        for mirror in mirrors:
            mirror.close()  # sends the last saves, which the store just published into the mirror

    return _run_app(open_store, close)
