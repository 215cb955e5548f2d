"""Exporting Anna's SMTTE history: the HTML read back with html.parser, the CSV with csv, the
Markdown as text, and every figure checked against what the store holds."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import defaultdict
from html.parser import HTMLParser

import pytest

from smtte_tui.analysis.charts import Marker, signal_words, tegn_chart
from smtte_tui.i18n import set_language
from smtte_tui.models import AuditEvent, Borger, Evaluering, Notat, Observation, PdsaCycle, SmttePlan
from smtte_tui.report import ExportError, chart_svg, export_borger, export_filename, find_borger, render_export, write_export
from smtte_tui.report.formats import csv_number, csv_text
from smtte_tui.store import Store
from tests.people import acting
from tests.refusals import refused

from .conftest import at

D = dt.date
NOW = at(10)
FIRST_MONDAY = D(2026, 9, 28)
WEEKS = 8  # 28.09.2026 – 22.11.2026
SCRIPT = "<script>alert('x')</script> & «hjem»"


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def fill_annas_autumn(house: dict) -> dict:
    """Eight weeks of Anna's signs with a different share of ja each week, a PDSA cycle, an
    evaluation and notes (one before the period the tests filter on, one with markup in it)."""
    store: Store = house["store"]
    anna, plan = house["anna"], house["plan"]
    trøje, humør, påmindelser, gammelt = plan.tegn
    records: list = []

    def obs(tegn, day, value, vagt="dag", note="", who="MA"):
        records.append(Observation(borger_id=anna.id, plan_id=plan.id, tegn_id=tegn.id, maaletype=tegn.maaletype, vaerdi=value, dato=day, vagt=vagt, note=note, forfatter=who, terminal="pc-stue"))

    for week in range(WEEKS):
        for weekday in range(7):
            day = FIRST_MONDAY + dt.timedelta(days=7 * week + weekday)
            obs(trøje, day, weekday < week % 7 + 1)  # week w: the first w+1 days are ja
            if weekday in (1, 4):
                obs(trøje, day, weekday == 4, vagt="aften", who="LE")  # a second look on two evenings
            obs(humør, day, 1 + (week + weekday) % 5)
            if weekday == 2:
                obs(påmindelser, day, week % 4)
    obs(gammelt, D(2026, 10, 7), 12.5, note="målt med ur")
    obs(gammelt, D(2026, 10, 8), 20.0, note="=SUM(A1:A9)")
    records += [
        Notat(borger_id=anna.id, dato=D(2026, 8, 3), vagt="dag", tekst="Sommerferie med familien", forfatter="MA"),
        Notat(borger_id=anna.id, dato=D(2026, 10, 1), vagt="aften", tekst="Brugte billedguiden selv", forfatter="MA"),
        Notat(borger_id=anna.id, dato=D(2026, 11, 2), vagt="dag", tekst=SCRIPT, forfatter="MA"),
    ]
    cycle = PdsaCycle(borger_id=anna.id, plan_id=plan.id, formaal="Virker billedguiden om morgenen?", start=D(2026, 10, 26), slut=D(2026, 11, 8), nummer=1)
    evaluation = Evaluering(
        borger_id=anna.id,
        plan_id=plan.id,
        dato=D(2026, 11, 15),
        art="status",
        maalopfyldelse=1,
        beslutning="fortsaet",
        borgerens_syn="Glad for billederne",
        paaroerendes_syn="Ser fremskridt",
        forfatter="LE",
    )
    store.create_many(records, author="MA")
    store.create_many([cycle, evaluation], author="LE")
    return {**house, "cycle": cycle, "evaluation": evaluation}


@pytest.fixture
def autumn(house: dict) -> dict:
    return fill_annas_autumn(house)


class Page(HTMLParser):
    """The parts of the report page the tests look at: tables under their heading, every tag and
    attribute, the text of paragraphs and the SVG elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.tables: list[tuple[str, list[list[str]]]] = []
        self.text: list[str] = []
        self._heading = ""
        self._in_heading = False
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._title = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("h2", "h3", "h4"):
            self._heading, self._in_heading = "", True
        elif tag == "table":
            self.tables.append((self._heading, []))
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("h2", "h3", "h4"):
            self._in_heading = False
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1][1].append(self._row)
            self._row = None

    def handle_data(self, data):
        self.text.append(data)
        if self._in_heading:
            self._heading += data
        if self._cell is not None:
            self._cell.append(data)

    def table_under(self, heading: str) -> list[list[str]]:
        return next(rows for title, rows in self.tables if title == heading)


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    return parser


def observations(store: Store, borger_id: str, tegn_id: str | None = None, start: dt.date | None = None, end: dt.date | None = None) -> list[Observation]:
    return [o for o in store.all(Observation, borger_id) if (tegn_id is None or o.tegn_id == tegn_id) and (start is None or o.dato >= start) and (end is None or o.dato <= end)]


# --- HTML ----------------------------------------------------------------------------------------


def test_the_weekly_share_of_ja_in_the_html_table_is_what_staff_logged(autumn):
    store, anna, plan = autumn["store"], autumn["anna"], autumn["plan"]
    trøje = plan.tegn[0]
    page = parse(render_export(acting(store, "LE", now=NOW), anna.id, "html"))

    rows = page.table_under(trøje.tekst)
    assert rows[0] == ["Periode", "Registreringer", "Ja", "Værdi"]
    weeks: dict[dt.date, list[bool]] = defaultdict(list)
    for o in observations(store, anna.id, trøje.id):
        weeks[monday(o.dato)].append(bool(o.vaerdi))
    expected = [[f"{week:%d.%m.%Y}", str(len(v)), str(sum(v)), f"{round(100 * sum(v) / len(v))} %"] for week, v in sorted(weeks.items())]
    shown = [[re.search(r"\d\d\.\d\d\.\d{4}", row[0]).group(0), *row[1:]] for row in rows[1:]]
    assert shown == expected
    assert len({row[3] for row in shown}) > 4  # the weeks really differ, so a wrong week would show


def test_the_html_has_one_inline_run_chart_per_tegn_and_refers_to_no_file(autumn):
    store, anna = autumn["store"], autumn["anna"]
    page_text = render_export(acting(store, "LE", now=NOW), anna.id, "html")
    page = parse(page_text)

    svgs = [attrs for tag, attrs in page.tags if tag == "svg"]
    assert len(svgs) == 4  # three active tegn and the retired one that still has entries in the period
    polylines = [attrs["points"] for tag, attrs in page.tags if tag == "polyline"]
    assert len(polylines[0].split()) == WEEKS  # the points are joined in time order, one per week
    assert not [attrs for _, attrs in page.tags if "src" in attrs or "href" in attrs]
    assert not [tag for tag, _ in page.tags if tag in ("script", "link", "img", "iframe", "object")]
    assert "url(" not in page_text and "@import" not in page_text
    assert "break-inside: avoid" in page_text  # a chart is not split over two printed pages
    marker_labels = [text for text in page.text if text.strip() == "P1"]
    assert marker_labels, "the PDSA cycle's start is marked on the charts"


def test_the_html_holds_the_plan_the_cycle_the_evaluation_the_notes_and_the_footer(autumn):
    store, anna = autumn["store"], autumn["anna"]
    page = parse(render_export(acting(store, "LE", now=NOW), anna.id, "html"))
    text = " ".join(" ".join(page.text).split())

    assert "SMTTE-forløb for Anna Jensen" in text
    assert "Tager selv tøj på" in text and "Tøjet lægges frem" in text
    assert page.table_under("Prøvehandlinger")[1] == ["1", "Virker billedguiden om morgenen?", "26.10.2026–08.11.2026", "I gang – ingen beslutning endnu"]
    assert page.table_under("Afholdte evalueringer")[1] == ["15.11.2026", "Statusmøde", "+1 (Mere end forventet)", "Fortsæt", "Glad for billederne", "Ser fremskridt"]
    notes = page.table_under("Notater i perioden")
    assert [row[0] for row in notes[1:]] == ["03.08.2026", "01.10.2026", "02.11.2026"]
    assert notes[2][1:] == ["aften", "MA", "Brugte billedguiden selv"]
    assert "Udskrevet 25.11.2026 af LE" in text
    assert "Periode: 03.08.2026–25.11.2026" in text


def test_user_text_is_escaped_in_the_html(autumn):
    store, anna = autumn["store"], autumn["anna"]
    page_text = render_export(acting(store, "LE", now=NOW), anna.id, "html")
    assert "<script>" not in page_text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; «hjem»" in page_text
    assert SCRIPT in parse(page_text).table_under("Notater i perioden")[3][3]  # and reads back as written


def add_meeting_and_cycle_texts(autumn: dict) -> dict:
    """The cycle's Do notes, predictions, Study text and decision, and the meeting's participants
    and minutes, each with markup in it."""
    store, anna, plan, cycle = autumn["store"], autumn["anna"], autumn["plan"], autumn["cycle"]
    from smtte_tui.models import Forudsigelse

    store.update(
        PdsaCycle,
        cycle.id,
        {
            "aendring": "Billedguide på døren",
            "spoergsmaal": [Forudsigelse(spoergsmaal="Klæder hun sig selv på?", forudsigelse="4 af 7 dage").model_dump()],
            "study": f"Flere ja-dage {SCRIPT}",
            "act": "adapt",
            "naeste_skridt": "Prøv med færre billeder",
            "status": "afsluttet",
        },
        "LE",
    )
    store.create_many(
        [
            Notat(borger_id=anna.id, dato=D(2026, 10, 28), vagt="dag", tekst=f"Hang guiden op {SCRIPT}", forfatter="MA", plan_id=plan.id, pdsa_id=cycle.id),
            Notat(borger_id=anna.id, dato=D(2026, 10, 30), vagt="aften", tekst="Rev den ned igen", forfatter="LE", plan_id=plan.id, pdsa_id=cycle.id, overraskelse=True),
        ],
        "MA",
    )
    store.update(Evaluering, autumn["evaluation"].id, {"deltagere": ["LE", "MA", "Anna Jensen", "Mor <Grete>"], "tekst": f"Aftale: billeder op igen {SCRIPT}", "naeste_dato": "2026-12-15"}, "LE")
    return autumn


def test_the_html_has_each_cycles_do_notes_study_and_decision_and_the_meetings_minutes(autumn):
    store, anna = add_meeting_and_cycle_texts(autumn)["store"], autumn["anna"]
    page_text = render_export(acting(store, "LE", now=NOW), anna.id, "html")
    page = parse(page_text)
    text = " ".join(" ".join(page.text).split())

    assert "Prøvehandling 1: Virker billedguiden om morgenen?" in text
    assert "Klæder hun sig selv på? – vi troede: 4 af 7 dage" in text and "Billedguide på døren" in text
    assert f"Se på data (teamets vurdering) Flere ja-dage {SCRIPT}" in text
    assert "Prøv med færre billeder" in text
    assert page.table_under("Prøvehandling 1: Virker billedguiden om morgenen?")[1:] == [
        ["28.10.2026", "dag", "MA", f"Hang guiden op {SCRIPT}"],
        ["30.10.2026", "aften", "LE", "[Overraskelse] Rev den ned igen"],
    ]
    assert "Hang guiden op" not in " ".join(cell for row in page.table_under("Notater i perioden") for cell in row)  # shown once, with its cycle
    assert "Statusmøde 15.11.2026" in text
    assert "Deltagere LE, MA, Anna Jensen, Mor <Grete>" in text
    assert f"Referat og aftaler Aftale: billeder op igen {SCRIPT}" in text
    assert "Næste evaluering 15.12.2026" in text
    assert "<script>" not in page_text and "<Grete>" not in page_text


def test_the_markdown_has_the_same_cycle_and_meeting_texts_escaped(autumn):
    store, anna = add_meeting_and_cycle_texts(autumn)["store"], autumn["anna"]
    page = render_export(acting(store, "LE", now=NOW), anna.id, "md")
    assert "#### Prøvehandling 1: Virker billedguiden om morgenen?" in page
    assert "- **Se på data (teamets vurdering):** Flere ja-dage \\<script\\>alert('x')\\</script\\> & «hjem»" in page
    assert "| 28.10.2026 | dag | MA | Hang guiden op \\<script\\>" in page
    assert "- **Deltagere:** LE, MA, Anna Jensen, Mor \\<Grete\\>" in page
    assert "- **Referat og aftaler:** Aftale: billeder op igen \\<script\\>" in page
    assert "<script>" not in page


def test_the_csv_stays_one_row_per_observation(autumn):
    store, anna = add_meeting_and_cycle_texts(autumn)["store"], autumn["anna"]
    rows = list(csv.reader(io.StringIO(render_export(acting(store, "LE", now=NOW), anna.id, "csv").decode("utf-8-sig")), delimiter=";"))
    assert len(rows) - 1 == len(observations(store, anna.id))


def test_from_and_to_limit_the_points_the_notes_and_the_chart(autumn):
    store, anna, plan = autumn["store"], autumn["anna"], autumn["plan"]
    start, end = D(2026, 10, 7), D(2026, 11, 2)  # a Wednesday to a Monday
    page = parse(render_export(acting(store, "LE", now=NOW), anna.id, "html", start, end))

    rows = page.table_under(plan.tegn[0].tekst)[1:]
    kept = observations(store, anna.id, plan.tegn[0].id, start, end)
    assert [row[0][-10:] for row in rows] == [f"{w:%d.%m.%Y}" for w in sorted({monday(o.dato) for o in kept})]
    first_week = [o for o in kept if monday(o.dato) == monday(start)]
    assert rows[0][1:3] == [str(len(first_week)), str(sum(bool(o.vaerdi) for o in first_week))]  # only from the Wednesday on
    assert [row[1:3] for row in rows][-1] == [str(len(o := [x for x in kept if x.dato == end])), str(sum(bool(x.vaerdi) for x in o))]
    assert [row[0] for row in page.table_under("Notater i perioden")[1:]] == ["02.11.2026"]
    assert "Periode: 07.10.2026–02.11.2026" in page.text


def test_a_period_that_ends_before_it_starts_is_refused(autumn):
    with refused("report.error.range", ExportError):
        render_export(acting(autumn["store"], "LE", now=NOW), autumn["anna"].id, "html", D(2026, 11, 1), D(2026, 10, 1))


# --- Markdown ------------------------------------------------------------------------------------


def test_the_markdown_has_the_goal_the_verdict_and_a_table_of_points_but_no_chart(autumn):
    store, anna, plan = autumn["store"], autumn["anna"], autumn["plan"]
    text = render_export(acting(store, "LE", now=NOW), anna.id, "md")
    assert "Tager selv tøj på" in text
    humør = plan.tegn[1]
    verdict = signal_words(tegn_chart(humør, observations(store, anna.id, humør.id)))
    assert f"**{verdict}**" in text
    weeks = sorted({monday(o.dato) for o in observations(store, anna.id, humør.id)})
    assert sum(1 for line in text.splitlines() if line.startswith("| uge ")) >= len(weeks)
    assert f"| uge {weeks[0].isocalendar().week} · {weeks[0]:%d.%m.%Y} |" in text
    assert "<svg" not in text
    assert "\\<script\\>" in text  # markup in a note is not passed through
    assert text.rstrip().endswith("Udskrevet 25.11.2026 af LE")


# --- CSV -----------------------------------------------------------------------------------------


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_the_csv_has_one_row_per_observation_in_the_period_with_danish_values(autumn):
    store, anna, plan = autumn["store"], autumn["anna"], autumn["plan"]
    start, end = D(2026, 10, 5), D(2026, 10, 18)
    rows = read_csv(render_export(acting(store, "LE", now=NOW), anna.id, "csv", start, end))

    assert rows[0] == ["dato", "vagt", "tegn", "måletype", "værdi", "note", "forfatter"]
    names = {t.id: t.tekst for t in plan.tegn}
    kinds = {"ja_nej": "ja/nej", "skala_1_5": "skala 1–5", "antal": "antal", "minutter": "minutter"}

    def value(o: Observation) -> str:
        if isinstance(o.vaerdi, bool):
            return "ja" if o.vaerdi else "nej"
        return {12.5: "12,5", 20.0: "20"}.get(o.vaerdi, str(o.vaerdi))

    expected = sorted(
        [f"{o.dato:%d.%m.%Y}", o.vagt, names[o.tegn_id], kinds[o.maaletype], value(o), o.note.replace("=", "'=", 1) if o.note.startswith("=") else o.note, o.forfatter]
        for o in observations(store, anna.id, start=start, end=end)
    )
    assert len(rows) - 1 == len(expected) == 14 + 4 + 14 + 2 + 2
    assert sorted(rows[1:]) == expected
    assert [r[0] for r in rows[1:]] == sorted((r[0] for r in rows[1:]), key=lambda d: (d[6:], d[3:5], d[:2]))  # by date
    assert ["07.10.2026", "dag", "Gammelt tegn", "minutter", "12,5", "målt med ur", "MA"] in rows


def test_a_note_that_looks_like_a_formula_is_not_run_by_the_spreadsheet():
    assert csv_text("=SUM(A1:A9)") == "'=SUM(A1:A9)"
    assert csv_text("+45 12 34") == "'+45 12 34"
    assert csv_text("Gik fint") == "Gik fint"
    assert (csv_number(True), csv_number(False), csv_number(3), csv_number(7.25), csv_number(15.0)) == ("ja", "nej", "3", "7,25", "15")


def test_english_exports_use_english_words_and_a_decimal_point(autumn):
    set_language("en")
    store, anna = autumn["store"], autumn["anna"]
    rows = read_csv(render_export(acting(store, "LE", now=NOW), anna.id, "csv", D(2026, 10, 7), D(2026, 10, 7)))
    assert rows[0] == ["date", "shift", "sign", "measure", "value", "note", "author"]
    assert ["07.10.2026", "day", "Gammelt tegn", "minutes", "12.5", "målt med ur", "MA"] in rows
    assert {row[4] for row in rows if row[3] == "yes/no"} <= {"yes", "no"}
    page = render_export(acting(store, "LE", now=NOW), anna.id, "html")
    assert '<html lang="en">' in page and "Printed 25.11.2026 by LE" in page


# --- audit, files, finding the borger ------------------------------------------------------------


def exports(store: Store) -> list[AuditEvent]:
    store.load_audit()
    return [e for e in store.all(AuditEvent) if e.handling == "eksport"]


def test_every_export_is_an_audit_event_and_rendering_alone_is_not(autumn):
    store, anna = autumn["store"], autumn["anna"]
    render_export(acting(store, "LE", now=NOW), anna.id, "html")
    assert exports(store) == []
    sent: list[bytes] = []
    export_borger(acting(store, "MA", terminal="pc-stue", now=NOW), anna.id, "md", send=sent.append)
    assert sent[0].decode("utf-8").startswith("# ")
    [event] = exports(store)
    assert (event.medarbejder, event.terminal, event.maal, event.borger_id, event.tid) == ("MA", "pc-stue", f"borger:{anna.id}:md", anna.id, NOW)


def test_write_export_writes_the_file_then_audits_it(autumn, tmp_path):
    store, anna = autumn["store"], autumn["anna"]
    path = write_export(acting(store, "LE", terminal="pc-kontor", now=NOW), anna.id, "csv", tmp_path / "anna.csv")
    assert read_csv(path.read_bytes())[1:] and len(read_csv(path.read_bytes())) - 1 == len(observations(store, anna.id))
    assert [e.maal for e in exports(store)] == [f"borger:{anna.id}:csv"]
    with refused("report.error.write", ExportError):
        write_export(acting(store, "LE", terminal="pc-kontor", now=NOW), anna.id, "html", tmp_path / "findes-ikke" / "anna.html")
    assert len(exports(store)) == 1  # nothing left smtte, so nothing more is audited


def test_the_borger_is_found_by_id_short_name_or_name(autumn):
    store, anna = autumn["store"], autumn["anna"]
    assert find_borger(store, anna.id) == anna
    assert find_borger(store, "aj") == anna
    assert find_borger(store, "anna jensen") == anna
    with refused("cli.error.borger_not_found", ExportError, borger="Karl"):
        find_borger(store, "Karl")
    store.create(Borger(navn="Anders Jakobsen", kortnavn="AJ"), "LE")
    with refused("report.error.borger_ambiguous", ExportError):
        find_borger(store, "AJ")
    with refused("cli.error.borger_not_found", ExportError):
        render_export(acting(store, "LE", now=NOW), "intet-id", "html")


def test_the_file_name_says_whose_export_it_is():
    aase = Borger(navn="Åse Møller", kortnavn="ÅM")
    assert export_filename(aase, "md", D(2026, 11, 25)) == f"smtte-AaM-{aase.id[:8]}-2026-11-25.md"


def test_a_borger_without_a_plan_still_gets_a_report(autumn):
    page = parse(render_export(acting(autumn["store"], "LE", now=NOW), autumn["aase"].id, "html"))
    assert "Borgeren har ingen plan i perioden." in page.text
    assert "Periode: hele forløbet" in page.text


# --- the SVG -------------------------------------------------------------------------------------


def test_the_svg_draws_centre_target_and_markers_where_they_belong(autumn):
    store, anna, plan = autumn["store"], autumn["anna"], autumn["plan"]
    trøje = plan.tegn[0].model_copy(update={"maalvaerdi": 0.75})
    chart = tegn_chart(trøje, observations(store, anna.id, trøje.id), markers=[Marker(D(2026, 10, 28), "pdsa", "P1"), Marker(D(2026, 10, 28), "plan", "v2")])
    svg = parse(chart_svg(chart))
    lines = {attrs.get("class"): attrs for tag, attrs in svg.tags if tag == "line" and attrs.get("class")}
    circles = [attrs for tag, attrs in svg.tags if tag == "circle"]
    assert len(circles) == WEEKS
    top, bottom = 34, 300 - 44  # 100 % and 0 %
    assert float(lines["target"]["y1"]) == pytest.approx(bottom - 0.75 * (bottom - top), abs=0.1)
    assert float(lines["centre"]["y1"]) == pytest.approx(bottom - chart.centre * (bottom - top), abs=0.1)
    assert float(lines["marker"]["x1"]) == pytest.approx(float(circles[4]["cx"]), abs=0.1)  # in the week of 26.10
    assert "P1 v2" in svg.text  # two markers on one spot share a label
    assert "28.09.2026" in svg.text  # Danish dates on the axis
    assert chart_svg(tegn_chart(trøje, [])) == ""


# --- five years ----------------------------------------------------------------------------------


def test_five_years_of_one_borger_export_as_html(tmp_path):
    # Speed is measured by `smtte bench` (export_html_s_cold/warm), never asserted here.
    from smtte_tui.demo import write_demo

    data = tmp_path / "five-years"
    data.mkdir()
    with Store(data, local_dir=tmp_path / "local", create=True, fsync=False) as store:
        write_demo(store, borgere=1, days=5 * 365, seed=5, today=D(2026, 11, 25))
    with Store(data, local_dir=tmp_path / "local") as store:
        borger = store.all(Borger)[0]
        page = render_export(acting(store, "DEMO", now=NOW), borger.id, "html")
    assert page.count("<svg") == 3
    assert len(parse(page).table_under(store.all(SmttePlan)[0].tegn[0].tekst)) > 250  # weeks of five years


def test_the_report_package_loads_no_textual():
    import subprocess
    import sys

    code = "import sys, smtte_tui.report\nprint(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
