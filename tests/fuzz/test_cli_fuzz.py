"""The ``smtte`` command answers any argument list with its documented outcome: a Danish sentence
and exit code 2 (usage), 3 (sign-in refused), 1 (attention) or 0, never a traceback and never the
last-resort "uventet fejl". Everything happens in temp folders (data, this PC's folder, config,
working directory); the app itself and ``bench`` are replaced by stubs, and ``demo`` writes at most
one borger for two days whatever it is asked, so the test stays fast."""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smtte_tui import cli, demo
from smtte_tui.i18n import set_language
from smtte_tui.models import Borger, Maal, Observation, SmttePlan, Tegn
from smtte_tui.store import Store
from tests.people import PIN, house_staff

from .strategies import FUZZ

UNEXPECTED = ("uventet fejl", "unexpected error")
OPTIONS = [
    "--data-dir",
    "--lang",
    "--terminal",
    "--borgere",
    "--days",
    "--seed",
    "--json",
    "--repair",
    "--quick",
    "--borger",
    "--format",
    "--from",
    "--to",
    "--out",
    "--as",
    "--period",
    "--with-names",
    "--data",
    "--form",
    "--per",
    "-h",
    "--help",
    "--",
    "-",
    "-x",
    "--nope",
    "--db",
    "--house",
    "--every",
    "--once",
    "--house-name",
    "--full",
]
VALUES = [
    "da",
    "en",
    "xx",
    "html",
    "md",
    "csv",
    "pdf",
    "AJ",
    "aj",
    "Anna Jensen",
    "Karl",
    "MA",
    "LE",
    "ZZ",
    "[/i]",
    "0",
    "1",
    "-1",
    "2",
    "99999999999999999999",
    "2025-10",
    "2025-Q4",
    "0001-01",
    "9999-12",
    "2150-01",
    "25.11.2026",
    "31.02.2026",
    "01.01.0001",
    "9999-12-31",
    "01.10.2026-",
    "",
    " ",
    "out.html",
    "ud/rapport.md",
    "æøå",
    "..",
    "pc-stue",
]
# Free text never holds a path separator or "~": whatever the command writes lands in the temp
# working directory, never in a folder of the machine running the test.
free_text = st.text(alphabet=st.characters(blacklist_characters="/\\~\x00", blacklist_categories=("Cs",)), max_size=12)


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> dict[str, Path]:
    """A small house (staff with PIN 1234, Anna with a plan and a week of signs), an empty folder,
    a file and a missing path."""
    root = tmp_path_factory.mktemp("cli-fuzz")
    house = root / "delt"
    house.mkdir()
    anna = Borger(navn="Anna Jensen", kortnavn="AJ")
    tegn = Tegn(tekst="Tager selv trøjen på", maaletype="ja_nej")
    plan = SmttePlan(borger_id=anna.id, status="aktiv", maal=Maal(tekst="Tager selv tøj på"), tegn=[tegn])
    signs = [
        Observation(borger_id=anna.id, plan_id=plan.id, tegn_id=tegn.id, maaletype="ja_nej", vaerdi=day % 2 == 0, dato=f"2025-10-{day:02d}", vagt="dag", forfatter="MA", terminal="pc-stue")
        for day in range(1, 8)
    ]
    with Store(house, local_dir=root / "setup-pc", create=True) as store:
        store.create_many([*house_staff(), anna, plan], author="LE")
        store.create_many(signs, author="MA")
    (root / "tom").mkdir()
    (root / "en-fil.txt").write_text("ikke en mappe", encoding="utf-8")
    return {"house": house, "empty": root / "tom", "file": root / "en-fil.txt", "missing": root / "findes-ikke", "work": root / "arbejde"}


@pytest.fixture
def quiet_cli(folders, monkeypatch):
    """No app, no bench, a tiny demo, ``replicate --every`` runs once, and the temp working directory."""
    import smtte_tui.replicate as replicate

    real_demo = demo.write_demo
    real_every = replicate.run_every
    monkeypatch.setattr(replicate, "run_every", lambda *args, **kwargs: real_every(*args, **{**kwargs, "runs": 1}))
    monkeypatch.setattr(cli, "cmd_app", lambda args, raw: cli.EXIT_OK)
    monkeypatch.setattr(cli, "cmd_bench", lambda args: cli.EXIT_OK)
    monkeypatch.setattr(demo, "write_demo", lambda store, borgere, days, seed: real_demo(store, borgere=min(borgere, 1), days=min(days, 2), seed=seed))
    folders["work"].mkdir(exist_ok=True)
    monkeypatch.chdir(folders["work"])
    return monkeypatch


def fitting(values: list[str], odd: int = 2) -> st.SearchStrategy[str]:
    """Mostly a value that fits the option, in ``odd`` of 16 cases an edge value or free text.
    (Hypothesis leans towards the first and last choices of a strategy, so the odd ones sit in
    the middle of the range, or almost nothing after the first odd option would be reached.)"""
    return st.integers(min_value=0, max_value=15).flatmap(lambda n: free_text if 8 - odd // 2 <= n < 8 else st.sampled_from(VALUES) if 8 <= n < 8 + odd - odd // 2 else st.sampled_from(values))


def option(name: str, values: list[str], odd: int = 2) -> st.SearchStrategy[list[str]]:
    return st.sampled_from([False, True]).flatmap(lambda present: fitting(values, odd).map(lambda value: [name, value]) if present else st.just([]))


def required(name: str, values: list[str]) -> st.SearchStrategy[list[str]]:
    """An option the command needs: present in 15 of 16 cases."""
    return st.integers(min_value=0, max_value=15).flatmap(lambda n: st.just([]) if n == 7 else fitting(values).map(lambda value: [name, value]))


def choice(name: str, values: list[str]) -> st.SearchStrategy[list[str]]:
    """An option argparse checks against a list: given right, or nothing after it is reached
    (the noisy command lines and the random token lists try the wrong ones)."""
    return option(name, values, odd=0)


def flag(name: str) -> st.SearchStrategy[list[str]]:
    return st.sampled_from([[], [name]])


def command_lines(folders: dict[str, Path]) -> st.SearchStrategy[list[str]]:
    """Command lines shaped like the real ones, so sign-in, export, report, check and demo are
    reached and fed odd values; the required options are mostly there."""
    paths = [str(folders[key]) for key in ("house", "house", "house", "empty", "file", "missing")]
    data_dir = required("--data-dir", paths)
    who = required("--as", ["MA", "ma", "LE", "LE", "AA", "ZZ", "[/i]"])
    dates = ["01.10.2025", "2025-10-07", "31.02.2026", "01.01.0001", "9999-12-31", "1.10", ""]
    out = ["rapport.html", "ud/rapport.md", "x" * 300, ".", "eksport.csv"]
    databases = [f"postgresql://smtte:hemmelig@/kommune?host={folders['missing']}", "mysql://x@y/z", "postgresql://", "postgresql://x@/y?host=/&port=99999999", ""]
    shapes = {
        "check": [data_dir, flag("--json"), flag("--repair")],
        "demo": [
            data_dir,
            choice("--borgere", ["0", "1", "-1", "999999"]),
            choice("--days", ["0", "2", "-3"]),
            choice("--seed", ["1", "99999999999999999999"]),
            flag("--json"),
            option("--terminal", ["pc-stue", "Stuen Hus A", ""]),
        ],
        "export": [
            data_dir,
            who,
            required("--borger", ["AJ", "aj", "Anna Jensen", "Karl", "", "../../x"]),
            choice("--format", ["html", "md", "csv"]),
            option("--from", dates),
            option("--to", dates),
            option("--out", out),
        ],
        "report": [
            data_dir,
            who,
            required("--period", ["2025-10", "2025-Q4", "2025-10", "0001-01", "9999-12", "2150-01", "2025-13", ""]),
            choice("--format", ["html", "md"]),
            flag("--with-names"),
            option("--out", out),
        ],
        # the municipality's database: never a server here, so every address is unreachable or refused
        "replicate": [data_dir, required("--to", databases), choice("--every", ["0", "-1", "x"]), flag("--once"), option("--house-name", ["Lindely", ""]), flag("--json")],
    }
    shapes["report --db"] = [
        required("--db", databases),
        required("--period", ["2025-10", "2025-Q4", "2150-01", ""]),
        option("--house", ["1", "Lindely"]),
        flag("--with-names"),
        choice("--format", ["html", "md"]),
    ]
    lines = [st.tuples(st.just(name.split()[:1]), *parts).map(lambda pieces: [word for piece in pieces for word in piece]) for name, parts in shapes.items()]
    prefix = st.sampled_from([[], [], ["--lang", "en"], ["--lang", "da"], ["--terminal", "pc-stue"]])
    return st.tuples(prefix, st.one_of(lines)).map(lambda pair: pair[0] + pair[1])


def argv_lists(folders: dict[str, Path]) -> st.SearchStrategy[list[str]]:
    """Real-looking command lines, sometimes with a random token put in, and random token lists."""
    paths = [str(path) for key, path in folders.items() if key != "work"]
    token = st.sampled_from(["demo", "check", "export", "report", "replicate", *OPTIONS]) | st.sampled_from(VALUES + paths) | free_text
    noisy = st.tuples(command_lines(folders), st.integers(min_value=0, max_value=20), token).map(lambda parts: parts[0][: parts[1]] + [parts[2]] + parts[0][parts[1] :])
    return command_lines(folders) | command_lines(folders) | noisy | st.lists(token, max_size=10)


def run_main(argv: list[str], pin: str, monkeypatch) -> tuple[int, str, str]:
    set_language("da")  # "--lang en" in one example must not carry over to the next
    monkeypatch.setattr(sys, "stdin", io.StringIO(pin + "\n"))
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(argv)
        except SystemExit as stop:  # only --help ends this way: argparse prints the help and exits 0
            assert stop.code in (0, None), (argv, err.getvalue())
            assert "usage" in out.getvalue().lower() or "brug" in out.getvalue().lower()
            code = 0
    return code, out.getvalue(), err.getvalue()


@FUZZ
@given(data=st.data())
def test_the_parser_reads_any_argument_list_or_says_what_is_wrong(folders, data):
    argv = data.draw(argv_lists(folders))
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        try:
            args = cli.build_parser().parse_args(argv)
        except cli.UsageError as error:
            assert str(error).startswith(("Forkert brug:", "Wrong usage:"))
            return
        except SystemExit as stop:
            assert stop.code in (0, None) and "usage" in out.getvalue().lower()
            return
    assert args.command in (None, "demo", "check", "export", "report", "bench", "replicate")


@FUZZ
@given(data=st.data())
def test_smtte_answers_any_argument_list_with_a_sentence_and_an_exit_code_never_a_traceback(folders, quiet_cli, data):
    argv = data.draw(argv_lists(folders))
    # the right PIN: wrong ones would block the house's accounts after a few examples, and then no
    # export or report would be reached (wrong PINs have their own tests in tests/cli)
    code, out, err = run_main(argv, PIN, quiet_cli)
    assert code in (cli.EXIT_OK, cli.EXIT_ATTENTION, cli.EXIT_USAGE, cli.EXIT_DENIED, cli.EXIT_UNAVAILABLE), (argv, err)
    assert "hemmelig" not in err and "hemmelig" not in out, (argv, err)  # a database password is never shown
    assert "Traceback" not in err and "Traceback" not in out, (argv, err)
    assert not any(words in err for words in UNEXPECTED), (argv, err)
    if code == cli.EXIT_USAGE:
        assert err.strip(), argv  # a usage error always says what is wrong
