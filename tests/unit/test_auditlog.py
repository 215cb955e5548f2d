"""The audit log read back: filters on prepared events, events in words, and one borger's log
exported for aktindsigt (CSV read back with the csv module, plain text), itself audited."""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
import sys

import pytest

from smtte_tui.features.admin import auditlog
from smtte_tui.features.admin.auditlog import AuditFilter
from smtte_tui.models import AuditEvent, Borger, Medarbejder
from smtte_tui.store import NotAllowed
from tests.people import acting
from tests.refusals import refused

from .conftest import CET, at

UTC = dt.UTC


def ev(handling: str, when: dt.datetime, who: str = "MA", maal: str = "", borger: Borger | None = None, soegeord: str | None = None) -> AuditEvent:
    return AuditEvent(
        tid=when, medarbejder=who, terminal="t-stue", handling=handling, maal=maal or (f"borger:{borger.id}" if borger else ""), borger_id=borger.id if borger else None, soegeord=soegeord
    )


@pytest.fixture
def day(house) -> dict:
    """A day in the log: Mads reads Anna and Bent, Lene exports Anna, a search, a wrong PIN."""
    anna, bent, mads = house["anna"], house["bent"], house["mads"]
    events = {
        "login": ev("login", at(7), maal=f"medarbejder:{mads.id}"),
        "anna": ev("laes_borger", at(7, 5), borger=anna),
        "bent": ev("laes_borger", at(7, 6), borger=bent),
        "soeg": ev("soeg", at(7, 7), soegeord="ann"),
        "eksport": ev("eksport", at(9), who="LE", maal=f"borger:{anna.id}:html", borger=anna),
        "plan": ev("laes_plan", at(10), who="LE", maal="plan:p1", borger=anna),
        "fejl": ev("login_fejl", at(11), who="XY", maal="medarbejder:?XY"),
        # 23:30 UTC on the 25th is 00:30 on the 26th in Denmark
        "late": ev("laes_borger", dt.datetime(2026, 11, 25, 23, 30, tzinfo=UTC), borger=anna),
        "yesterday": ev("laes_borger", at(14, day=24), borger=anna),
    }
    return {**house, "events": events, "names": auditlog.Names.of([anna, bent, house["aase"]], [house["leder"], mads])}


def keys(day: dict, found: list[AuditEvent]) -> list[str]:
    by_id = {e.id: name for name, e in day["events"].items()}
    return [by_id[e.id] for e in found]


def test_no_filter_shows_everything_newest_first(day):
    found = auditlog.select(day["events"].values(), AuditFilter(), CET)
    assert keys(day, found) == ["late", "fejl", "plan", "eksport", "soeg", "bent", "anna", "login", "yesterday"]


def test_filter_by_staff_member_any_case(day):
    assert keys(day, auditlog.select(day["events"].values(), AuditFilter(medarbejder=" le "), CET)) == ["plan", "eksport"]


def test_filter_by_borger_finds_reads_exports_and_plan_reads_about_her(day):
    found = auditlog.select(day["events"].values(), AuditFilter(borger_id=day["anna"].id), CET)
    assert keys(day, found) == ["late", "plan", "eksport", "anna", "yesterday"]


def test_a_borger_target_without_borger_id_still_counts_as_hers(day):
    anna = day["anna"]
    bare = AuditEvent(tid=at(8), medarbejder="MA", terminal="t", handling="laes_borger", maal=f"borger:{anna.id}")
    assert auditlog.event_borger(bare) == anna.id
    assert auditlog.select([bare], AuditFilter(borger_id=anna.id)) == [bare]
    assert auditlog.event_borger(ev("login", at(7), maal="medarbejder:x")) is None


def test_filter_by_action(day):
    assert keys(day, auditlog.select(day["events"].values(), AuditFilter(handling="laes_borger"), CET)) == ["late", "bent", "anna", "yesterday"]


def test_filter_by_period_uses_the_danish_day(day):
    events = day["events"].values()
    only_25th = auditlog.select(events, AuditFilter(start=at(0).date(), end=at(0).date()), CET)
    assert "late" not in keys(day, only_25th) and "yesterday" not in keys(day, only_25th) and len(only_25th) == 7
    assert keys(day, auditlog.select(events, AuditFilter(start=at(0, day=26).date()), CET)) == ["late"]
    assert keys(day, auditlog.select(events, AuditFilter(end=at(0, day=24).date()), CET)) == ["yesterday"]


def test_filters_combine(day):
    wanted = AuditFilter(medarbejder="MA", borger_id=day["anna"].id, handling="laes_borger", start=at(0).date(), end=at(0).date())
    assert keys(day, auditlog.select(day["events"].values(), wanted, CET)) == ["anna"]
    assert keys(day, auditlog.select(day["events"].values(), wanted.with_(end=None), CET)) == ["late", "anna"]


def test_the_actions_to_cycle_through_are_those_in_the_log_by_their_danish_name(day):
    assert auditlog.handlings(day["events"].values()) == ["laes_borger", "eksport", "login_fejl", "laes_plan", "login", "soeg"]
    assert [auditlog.handling_label(h) for h in ("laes_borger", "nyt_i_fremtiden")] == ["åbnede logskærmen", "nyt_i_fremtiden"]


def test_events_in_words(day):
    names, e = day["names"], day["events"]
    assert auditlog.target_text(e["anna"], names) == "Anna Jensen (AJ)"
    assert auditlog.target_text(e["eksport"], names) == "Anna Jensen (AJ) (html)"
    assert auditlog.target_text(e["login"], names) == "MA (Mads Andersen)"
    assert auditlog.target_text(e["fejl"], names) == "ukendte initialer XY"
    # a view that showed nobody is named in words, never by the screens' internal id
    assert auditlog.target_text(ev("laes_timeout", at(8), maal="timeout"), names) == "den daglige time-out"
    assert [auditlog.target_text(ev("x", at(8), maal=maal), names) for maal in ("aarshjul", "gruppe", "personale", "log")] == ["årshjulet", "gruppebilledet", "personalelisten", "loggen"]
    assert auditlog.target_text(ev("rapport", at(8), maal="gruppe:2026-11:html:navne"), names) == "gruppens tal for 2026-11 (html, med navne)"
    assert auditlog.target_text(ev("x", at(8), maal="noget_nyt"), names) == "noget_nyt"  # a newer version's target, as it is
    role = ev("skift_rolle", at(8), who="LE", maal=f"medarbejder:{day['mads'].id}:tovholder")
    assert auditlog.target_text(role, names) == "MA (Mads Andersen) → tovholder"
    contact = ev("skift_kontaktperson", at(8), who="LE", maal=f"borger:{day['anna'].id}:MA", borger=day["anna"])
    assert auditlog.target_text(contact, names) == "Anna Jensen (AJ) → MA"
    assert auditlog.staff_text("MA", names) == "MA (Mads Andersen)" and auditlog.staff_text("", names) == "–"
    assert auditlog.when_text(e["late"], CET) == "26.11.2026 00:30"


@pytest.mark.parametrize(("text", "navn"), [("aj", "Anna Jensen"), ("anna", "Anna Jensen"), ("aase", "Åse Møller"), ("Lejl. 2", "Bent Olsen")])
def test_finding_the_borger_to_filter_on(day, text, navn):
    assert auditlog.find_borger(day["names"].borgere.values(), text).navn == navn


def test_a_borger_name_that_fits_none_or_several_is_refused_in_danish(day):
    borgere = day["names"].borgere.values()
    with refused("audit.error.no_borger", text="Zorro"):
        auditlog.find_borger(borgere, "Zorro")
    with refused("audit.error.several_borgere", text="lejl", names="Anna Jensen (AJ), Bent Olsen (BO), Åse Møller (ÅM)"):
        auditlog.find_borger(borgere, "lejl")


# --- the insight export -------------------------------------------------------------------------


def stored(house, events) -> None:
    house["store"].create_many(list(events), author="")


def test_annas_insight_export_as_csv_read_back(day, tmp_path):
    store, leder, anna = day["store"], day["leder"], day["anna"]
    stored(day, day["events"].values())
    path = auditlog.write_insight(acting(store, leder, now=at(15, day=26), terminal="t-kontor"), anna.id, "csv", tmp_path / "eksport" / "anna.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Tidspunkt", "Medarbejder", "Handling", "Hvem eller hvad", "Søgeord", "Terminal"]
    expected = [
        ["24.11.2026 14:00", "MA (Mads Andersen)", "åbnede logskærmen", "Anna Jensen (AJ)", "", "t-stue"],
        ["25.11.2026 07:05", "MA (Mads Andersen)", "åbnede logskærmen", "Anna Jensen (AJ)", "", "t-stue"],
        ["25.11.2026 09:00", "LE (Lene Leder)", "eksporterede rapport", "Anna Jensen (AJ) (html)", "", "t-stue"],
        ["25.11.2026 10:00", "LE (Lene Leder)", "læste planen", "Anna Jensen (AJ)", "", "t-stue"],
        # the changes to her records are in it too: the leder created her and her plan at 10:00
        ["25.11.2026 10:00", "LE (Lene Leder)", "oprettede en post", "Anna Jensen (AJ) (borger)", "", store.writer],
        ["25.11.2026 10:00", "LE (Lene Leder)", "oprettede en post", "Anna Jensen (AJ) (plan)", "", store.writer],
        ["26.11.2026 00:30", "MA (Mads Andersen)", "åbnede logskærmen", "Anna Jensen (AJ)", "", "t-stue"],
    ]
    assert sorted(rows[1:]) == sorted(expected)  # lines of the same minute come in any order ...
    assert [row[0] for row in rows[1:]] == [row[0] for row in expected]  # ... but time order holds
    store.load_audit()
    [export] = [e for e in store.all(AuditEvent) if e.handling == "eksport_aktindsigt"]
    assert (export.medarbejder, export.maal, export.borger_id, export.terminal) == ("LE", f"borger:{anna.id}:csv", anna.id, "t-kontor")


def test_the_insight_export_keeps_to_the_period_and_as_text(day, tmp_path):
    store, leder, anna = day["store"], day["leder"], day["anna"]
    stored(day, day["events"].values())
    path = auditlog.write_insight(acting(store, leder, now=at(15), terminal="t-kontor"), anna.id, "txt", tmp_path / "anna.txt", at(0).date(), at(0).date())
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "Aktindsigt: hvem har set eller ændret oplysninger om Anna Jensen (AJ) i smtte"
    assert lines[1:4] == ["Periode: 25.11.2026–25.11.2026", "Udskrevet 25.11.2026 15:00 af LE (Lene Leder)", "Hændelser: 5"]
    assert lines[5:7] == [
        "25.11.2026 07:05  MA (Mads Andersen): åbnede logskærmen – Anna Jensen (AJ)  [Terminal t-stue]",
        "25.11.2026 09:00  LE (Lene Leder): eksporterede rapport – Anna Jensen (AJ) (html)  [Terminal t-stue]",
    ]
    assert sorted(lines[7:]) == sorted(
        [
            "25.11.2026 10:00  LE (Lene Leder): læste planen – Anna Jensen (AJ)  [Terminal t-stue]",
            f"25.11.2026 10:00  LE (Lene Leder): oprettede en post – Anna Jensen (AJ) (borger)  [Terminal {store.writer}]",
            f"25.11.2026 10:00  LE (Lene Leder): oprettede en post – Anna Jensen (AJ) (plan)  [Terminal {store.writer}]",
        ]
    )


def test_a_search_term_and_a_formula_like_text_are_safe_in_the_csv(house, tmp_path):
    store, leder, anna = house["store"], house["leder"], house["anna"]
    stored(house, [ev("soeg", at(8), borger=anna, soegeord="=HYPERLINK(1)")])
    path = auditlog.write_insight(acting(store, leder, now=at(9), terminal="t"), anna.id, "csv", tmp_path / "a.csv")
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert rows[1][2:5] == ["søgte", "Anna Jensen (AJ)", "'=HYPERLINK(1)"]


def test_only_a_leder_reads_or_exports_the_log_and_a_refusal_writes_nothing(house, tmp_path):
    store, mads, anna = house["store"], house["mads"], house["anna"]
    with refused("store.error.permission", NotAllowed, handling="læse loggen"):
        auditlog.load(acting(store, mads, now=at(9), terminal="t"))
    with refused("store.error.permission", NotAllowed, handling="eksportere loggen"):
        auditlog.write_insight(acting(store, mads, now=at(9), terminal="t"), anna.id, "csv", tmp_path / "a.csv")
    assert not (tmp_path / "a.csv").exists()
    store.load_audit()
    assert store.all(AuditEvent) == []
    assert store.all(Medarbejder)  # the house is still there


def test_reading_the_log_is_itself_in_the_log(day):
    store, leder = day["store"], day["leder"]
    stored(day, day["events"].values())
    events = auditlog.load(acting(store, leder, now=at(16), terminal="t-kontor"))
    assert len(events) == len(day["events"]) + 1
    [read] = [e for e in events if e.handling == "laes_log"]
    assert (read.medarbejder, read.maal, read.tid, read.terminal) == ("LE", "log", at(16), "t-kontor")


def test_an_unknown_format_is_refused(house, tmp_path):
    with refused("audit.error.format"):
        auditlog.write_insight(acting(house["store"], house["leder"], now=at(9), terminal="t"), house["anna"].id, "pdf", tmp_path / "a.pdf")


def test_the_file_name_says_whose_log_and_when(house):
    aase = house["aase"]
    assert auditlog.insight_filename(aase, "csv", at(9).date()) == f"aktindsigt-log-AaM-{aase.id[:8]}-2026-11-25.csv"


def test_the_admin_core_loads_no_textual():
    code = "import sys, smtte_tui.features.admin.staffadmin, smtte_tui.features.admin.auditlog; print(','.join(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_insight_lists_who_logged_corrected_and_withdrew_a_sign_about_her(day, tmp_path):
    from smtte_tui.features.shift.shiftlog import correct, withdraw
    from smtte_tui.models import Observation

    store, leder, anna, plan = day["store"], day["leder"], day["anna"], day["plan"]
    sign = Observation(borger_id=anna.id, plan_id=plan.id, tegn_id=plan.tegn[0].id, maaletype="ja_nej", vaerdi=True, dato=at(10).date(), vagt="dag", forfatter="MA", terminal="t-stue")
    store.create(sign, "MA")
    correct(acting(store, "LE"), sign.id, False, "fejltast")
    withdraw(acting(store, "MA"), sign.id)
    changes = [(e.medarbejder, e.handling, e.maal) for e in auditlog.changes_about(store, anna.id) if e.maal.endswith(":tegn")]
    assert changes == [("MA", "aendring_create", f"borger:{anna.id}:tegn"), ("LE", "aendring_update", f"borger:{anna.id}:tegn"), ("MA", "aendring_retract", f"borger:{anna.id}:tegn")]
    bents = auditlog.changes_about(store, day["bent"].id)
    assert bents and all(e.borger_id == day["bent"].id for e in bents)  # his own records, none of hers
    path = auditlog.write_insight(acting(store, leder, now=at(15), terminal="t-kontor"), anna.id, "txt", tmp_path / "anna.txt")
    text = path.read_text(encoding="utf-8")
    assert "MA (Mads Andersen): trak en post tilbage – Anna Jensen (AJ) (tegn)" in text
    assert "LE (Lene Leder): ændrede en post – Anna Jensen (AJ) (tegn)" in text


def test_insight_holds_the_house_wide_views_and_searches_that_showed_her(day, tmp_path):
    store, leder, anna, bent, aase = day["store"], day["leder"], day["anna"], day["bent"], day["aase"]
    everyone = [anna.id, bent.id, aase.id]
    stored(
        day,
        [
            AuditEvent(tid=at(8), medarbejder="MA", terminal="t-stue", handling="laes_mangler", maal="mangler", borgere=everyone),
            AuditEvent(tid=at(9), medarbejder="TH", terminal="t-kontor", handling="laes_forfaldne", maal="evalueringer", borgere=[anna.id]),
            AuditEvent(tid=at(10), medarbejder="TH", terminal="t-kontor", handling="laes_pdsa_forfaldne", maal="pdsa_forfaldne", borgere=[bent.id]),
            AuditEvent(tid=at(11), medarbejder="MA", terminal="t-stue", handling="soeg", maal="soeg", soegeord="ann", borgere=[anna.id]),
            AuditEvent(tid=at(12), medarbejder="MA", terminal="t-stue", handling="soeg", maal="soeg", soegeord="bent", borgere=[bent.id]),
            AuditEvent(tid=at(13), medarbejder="LE", terminal="t-kontor", handling="laes_admin_personale", maal="personale"),
        ],
    )
    path = auditlog.write_insight(acting(store, leder, now=at(15), terminal="t-kontor"), anna.id, "txt", tmp_path / "anna.txt", at(0).date(), at(0).date())
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if "oprettede en post" not in line]
    assert lines[5:] == [
        "25.11.2026 08:00  MA (Mads Andersen): så hvem der mangler tegn – viste 3 borgere  [Terminal t-stue]",
        "25.11.2026 09:00  TH: så evalueringer der forfalder – viste 1 borger  [Terminal t-kontor]",
        "25.11.2026 11:00  MA (Mads Andersen): søgte – viste 1 borger – Søgeord: «ann»  [Terminal t-stue]",
    ]  # Bent's prøvehandling, the search that found only Bent and the staff list were not about her
    bents = auditlog.select(store.all(AuditEvent), AuditFilter(borger_id=bent.id), CET)
    assert [e.handling for e in bents] == ["soeg", "laes_pdsa_forfaldne", "laes_mangler"]
