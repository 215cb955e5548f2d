"""``smtte report``: the group's figures for a month or quarter, read back from the HTML and the
Markdown and compared with what the store holds; anonymous unless ``--with-names``; audited.

The house lives in 2025, so the period is over whatever day the tests run on."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from smtte_tui.cli import EXIT_DENIED, EXIT_OK, EXIT_USAGE, main
from smtte_tui.models import AuditEvent, Borger, Evaluering, Maal, Observation, Opfoelgningsplan, SmttePlan, Tegn, Tiltag
from smtte_tui.store import Store
from tests.people import PIN, house_staff

D = dt.date
CET = dt.timezone(dt.timedelta(hours=1))
OCTOBER = (D(2025, 10, 1), D(2025, 10, 31))


def plan_for(borger: Borger, tekst: str, **dates: object) -> SmttePlan:
    return SmttePlan(
        borger_id=borger.id,
        status="aktiv",
        maal=Maal(tekst=f"{borger.navn.split()[0]} klarer morgenen"),
        tegn=[Tegn(tekst=tekst, maaletype="ja_nej")],
        tiltag=[Tiltag(hvad="Billedguide ved vasken", hvem="Dagvagt", hvor_ofte="Hver morgen")],
        evaluering=Opfoelgningsplan(**dates),
    )


def meeting(plan: SmttePlan, day: dt.date, score: int | None, beslutning: str = "fortsaet") -> Evaluering:
    return Evaluering(borger_id=plan.borger_id, plan_id=plan.id, dato=day, maalopfyldelse=score, beslutning=beslutning, forfatter="AA")


def signs(plan: SmttePlan, days: list[dt.date], value) -> list[Observation]:
    item = plan.tegn[0]
    return [Observation(borger_id=plan.borger_id, plan_id=plan.id, tegn_id=item.id, maaletype="ja_nej", vaerdi=value(day), dato=day, vagt="dag", forfatter="MA", terminal="pc-stue") for day in days]


@pytest.fixture
def house(tmp_path: Path) -> dict:
    """Carl (no plan), Anna (logs daily, nej before 18 August and ja after), Bent (logs on the
    Mondays of October; "juster" on 13 October, tiltag changed on the 20th) and Gitte, who moved."""
    folder = tmp_path / "delt"
    folder.mkdir()
    carl, anna, bent = Borger(navn="Carl Berg", kortnavn="CB"), Borger(navn="Anna Jensen", kortnavn="AJ"), Borger(navn="Bent Olsen", kortnavn="BO")
    gitte = Borger(navn="Gitte Flyttet", kortnavn="GF", aktiv=False)
    anna_plan = plan_for(anna, "Anna vasker selv ansigt", naeste_opfoelgning=D(2025, 10, 15), status_dato=D(2025, 12, 1))
    bent_plan = plan_for(bent, "Bent børster selv tænder", langsigtet_evaluering=D(2025, 10, 20))
    gitte_plan = plan_for(gitte, "Gitte rydder op", naeste_opfoelgning=D(2025, 10, 3))
    daily = [D(2025, 6, 2) + dt.timedelta(days=n) for n in range((D(2025, 10, 31) - D(2025, 6, 2)).days + 1)]
    with Store(folder, local_dir=tmp_path / "setup-pc", create=True) as store:
        store.create_many(house_staff(), author="LE")
        for borger in (carl, anna, bent, gitte):  # one at a time: the order they were first saved
            store.create(borger, author="LE")
        store.create_many([anna_plan, bent_plan, gitte_plan], author="LE")
        store.create_many(
            [
                meeting(anna_plan, D(2025, 8, 4), 0),
                meeting(anna_plan, D(2025, 10, 6), 2),
                meeting(anna_plan, D(2025, 11, 3), -1),
                meeting(bent_plan, D(2025, 9, 1), 1),
                meeting(bent_plan, D(2025, 10, 13), 1, "juster"),
                meeting(gitte_plan, D(2025, 10, 2), -2),
            ],
            author="AA",
        )
        changed = [Tiltag(hvad="Tandbørste med timer", hvem="Dagvagt", hvor_ofte="Hver morgen").model_dump(mode="json")]
        store.update(SmttePlan, bent_plan.id, {"tiltag": changed}, "AA", at=dt.datetime(2025, 10, 20, 12, tzinfo=CET))
        store.create_many(signs(anna_plan, daily, lambda day: day >= D(2025, 8, 18)), author="MA")
        store.create_many(signs(bent_plan, [D(2025, 10, 6), D(2025, 10, 13), D(2025, 10, 20), D(2025, 10, 27)], lambda day: True), author="MA")
    return {"folder": folder, "tmp": tmp_path, "carl": carl, "anna": anna, "bent": bent, "gitte": gitte}


def run(monkeypatch, house: dict, *args: str, pin: str = PIN, who: str = "aa") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(pin + "\n"))
    return main(["report", "--data-dir", str(house["folder"]), "--as", who, *args])


class Page(HTMLParser):
    """The page's tables by the id of the element around them, and the summary's dt/dd pairs."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.tables: dict[str, list[list[list[str]]]] = {}
        self.summary: dict[str, str] = {}
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._dt = ""
        self._depth: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("section", "div", "dl"):
            self._depth.append(dict(attrs).get("id"))
        if tag == "table":
            owner = next((i for i in reversed(self._depth) if i), "")
            self.tables.setdefault(owner, []).append([])
            self._owner = owner
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th", "dt", "dd"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("section", "div", "dl"):
            self._depth.pop()
        elif tag in ("td", "th") and self._row is not None:
            self._row.append("".join(self._cell or []).strip())
        elif tag == "tr" and self._row is not None:
            self.tables[self._owner][-1].append(self._row)
            self._row = None
        elif tag == "dt":
            self._dt = "".join(self._cell or []).strip()
        elif tag == "dd":
            self.summary[self._dt] = "".join(self._cell or []).strip()
        if tag in ("td", "th", "dt", "dd"):
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def read_page(text: str) -> Page:
    page = Page()
    page.feed(text)
    return page


def markdown_tables(text: str) -> list[list[list[str]]]:
    tables, current = [], None
    for line in text.splitlines():
        if line.startswith("|"):
            cells = [cell.strip().replace("\\", "") for cell in line.strip("|").split(" | ")]
            if current is None:
                current = []
                tables.append(current)
            if not set(line) <= set("|-"):
                current.append(cells)
        else:
            current = None
    return tables


def from_store(house: dict, tmp_path: Path) -> dict:
    """The figures worked out from the store's own records, without the report's code."""
    with Store(house["folder"], local_dir=tmp_path / "reader-pc", readonly=True) as store:
        active = {b.id for b in store.all(Borger) if b.aktiv}
        held = [e for e in store.all(Evaluering) if e.borger_id in active]
        latest = {}
        for borger_id in active:
            scored = sorted((e for e in held if e.borger_id == borger_id and e.maalopfyldelse is not None and e.dato <= OCTOBER[1]), key=lambda e: e.dato)
            latest[borger_id] = scored[-1].maalopfyldelse if scored else None
        in_october = [e for e in held if OCTOBER[0] <= e.dato <= OCTOBER[1]]
        return {"latest": Counter(latest.values()), "held": Counter(e.maalopfyldelse for e in in_october), "meetings": len(in_october)}


def audit(house: dict, tmp_path: Path) -> list[AuditEvent]:
    with Store(house["folder"], local_dir=tmp_path / "audit-pc", readonly=True) as store:
        store.load_audit()
        return sorted(store.all(AuditEvent), key=lambda e: e.tid)


def test_asta_writes_octobers_report_without_names_and_its_numbers_match_the_store(monkeypatch, house, tmp_path, capsys):
    target = tmp_path / "oktober.html"
    assert run(monkeypatch, house, "--period", "2025-10", "--out", str(target)) == EXIT_OK
    assert "Rapporten er skrevet til" in capsys.readouterr().out
    text = target.read_text(encoding="utf-8")
    assert "<svg" in text and "<script" not in text and "<link" not in text
    for secret in ("Anna", "Bent", "Carl", "Gitte", "AJ", "BO", "CB", "vasker selv", "børster selv", "klarer morgenen"):
        assert secret not in text, secret
    page = read_page(text)
    expected = from_store(house, tmp_path)

    assert page.summary["Aktive borgere"] == "3" and page.summary["Med aktiv plan"] == "2"
    assert page.summary["Møder holdt i perioden"] == f"{expected['meetings']} (heraf 2 med målopfyldelse)" == "2 (heraf 2 med målopfyldelse)"
    assert page.summary["Besluttet at justere"] == "1 møder – fulgt op 1, venter 0, ikke fulgt op 0"
    # Anna logged all 31 days of October, Bent 4 of them: 35 of 62 days
    assert page.summary["Logning"] == "alle tegn logget 35 af 62 dage (56 %)"

    latest = {row[0]: int(row[1]) for row in page.tables["latest"][0][1:]}
    assert latest == {"-2": 0, "-1": 0, "0": 0, "+1": 1, "+2": 1, "ingen score": 1}
    assert latest["+2"] == expected["latest"][2] and latest["ingen score"] == expected["latest"][None]
    held = {row[0]: int(row[1]) for row in page.tables["held"][0][1:]}
    assert held == {"-2": 0, "-1": 0, "0": 0, "+1": 1, "+2": 1}
    assert held["+1"] == expected["held"][1] and held["-2"] == expected["held"][-2] == 0  # Gitte's -2 is not the group's
    over_time = page.tables["over-time"][0]
    assert over_time[0] == ["Periode", "-2", "-1", "0", "+1", "+2", "I alt"]
    assert over_time[1][0] == "november 2024" and len(over_time) == 13
    assert over_time[-3:] == [["august 2025", "0", "0", "1", "0", "0", "1"], ["september 2025", "0", "0", "0", "1", "0", "1"], ["oktober 2025", "0", "0", "0", "1", "1", "2"]]

    borgere = page.tables["borgere"][0]
    # numbered in the order first saved: Carl 1, Anna 2, Bent 3 (Gitte, 4, has moved)
    assert borgere[1:] == [
        ["Borger 1", "ingen score", "", "ingen tidligere score", "ingen aktiv plan"],
        ["Borger 2", "+2 ↑", "06.10.2025", "højere end sidst", "Tegn 1: ↑ bedre"],
        ["Borger 3", "+1 →", "13.10.2025", "som sidst", "Tegn 1: · for få punkter"],
    ]
    logging = page.tables["logging"][0]
    assert logging[0] == ["Borger", "Uge 40", "Uge 41", "Uge 42", "Uge 43", "Uge 44"]
    # week 40 has 5 days in October (1-5), week 44 five (27-31); Bent logged on each Monday
    assert logging[2] == ["Borger 2", "100 %", "100 %", "100 %", "100 %", "100 %"]
    assert logging[3] == ["Borger 3", "0 %", "14 %", "14 %", "14 %", "20 %"]
    assert logging[1][:2] == ["Borger 1", "ingen aktiv plan"]
    assert page.tables["adjustments"][0][1:] == [["Borger 3", "13.10.2025", "20.10.2025", "fulgt op"]]

    wheel = {row[0]: row[1:] for row in page.tables["wheel"][0][1:]}
    # columns: follow-up, status, evaluation set in the plans; expected; held
    assert wheel["oktober"] == ["1", "0", "1", "0", "2"]  # Anna's follow-up 15.10, Bent's evaluation 20.10; two held
    assert wheel["december"] == ["0", "1", "0", "0", "0"]
    assert wheel["november"] == ["0", "0", "0", "0", "1"]  # Anna's meeting on 3 November is in the year
    assert sum(int(row[4]) for row in wheel.values()) == 5

    events = audit(house, tmp_path)
    assert [(e.handling, e.medarbejder) for e in events] == [("login", "AA"), ("rapport", "AA")]
    assert events[-1].maal == "gruppe:2025-10:html" and events[-1].borger_id is None


def test_the_quarter_as_markdown_with_names_for_the_staff_meeting(monkeypatch, house, tmp_path, capsys):
    assert run(monkeypatch, house, "--period", "2025-Q4", "--format", "md", "--with-names", who="ma") == EXIT_OK
    text = capsys.readouterr().out
    assert text.startswith("# Gruppebillede 4. kvartal 2025")
    assert "Med navne: kun til personalet." in text
    tables = markdown_tables(text)
    latest = dict(tables[0][1:])
    # as of the quarter's end Anna's latest is -1 (3 November), down from +2
    assert latest == {"-2": "0", "-1": "1", "0": "0", "+1": "1", "+2": "0", "ingen score": "1"}
    borgere = {row[0]: row[1:] for row in tables[3][1:]}
    assert borgere["Anna Jensen"][:3] == ["-1 ↓", "03.11.2025", "lavere end sidst"]
    # the verdict looks at the 26 weeks up to 31 December (from 30 June): 7 weeks of nej and 11 of
    # ja, so the median is ja, the ja weeks lie on it and only 7 useful points are left
    assert borgere["Anna Jensen"][3] == "Anna vasker selv ansigt: · for få punkter"
    assert list(borgere) == ["Anna Jensen", "Bent Olsen", "Carl Berg"]  # by name when named
    assert [row[0] for row in tables[2][1:]] == ["1. kvartal 2025", "2. kvartal 2025", "3. kvartal 2025", "4. kvartal 2025"]
    assert tables[2][-1] == ["4. kvartal 2025", "0", "1", "0", "1", "1", "3"]
    assert [e.maal for e in audit(house, tmp_path) if e.handling == "rapport"] == ["gruppe:2025-Q4:md:navne"]


def test_a_wrong_pin_makes_no_report_and_counts_towards_the_block(monkeypatch, house, tmp_path, capsys):
    target = tmp_path / "r.html"
    assert run(monkeypatch, house, "--period", "2025-10", "--out", str(target), pin="9999") == EXIT_DENIED
    assert capsys.readouterr().err.startswith("Ingen rapport:")
    assert not target.exists()
    assert [e.handling for e in audit(house, tmp_path)] == ["login_fejl"]


@pytest.mark.parametrize(
    ("period", "words"),
    [
        ("2025-13", "er ikke en periode"),
        ("2150-01", "er ikke begyndt endnu"),
        # these ended in "uventet fejl: OverflowError" and Python's English "year 10000 is out of range"
        ("0001-01", "Vælg en periode mellem 1900 og 2199"),
        ("9999-12", "Vælg en periode mellem 1900 og 2199"),
    ],
)
def test_a_period_that_is_no_month_or_has_not_begun_is_refused_before_the_pin(monkeypatch, house, capsys, period, words):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["report", "--data-dir", str(house["folder"]), "--as", "AA", "--period", period]) == EXIT_USAGE
    assert words in capsys.readouterr().err


def test_report_needs_a_period(house, capsys):
    assert main(["report", "--data-dir", str(house["folder"]), "--as", "AA"]) == EXIT_USAGE
    assert capsys.readouterr().err.startswith("Forkert brug")
