"""``smtte export``: sign in with initials and PIN (piped on stdin), export one borger, audited."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from smtte_tui.cli import EXIT_DENIED, EXIT_OK, EXIT_USAGE, main
from smtte_tui.models import AuditEvent, Borger, Maal, Observation, SmttePlan, Tegn
from smtte_tui.store import Store
from tests.people import PIN, house_staff

D = dt.date


@pytest.fixture
def data(tmp_path: Path) -> dict:
    """A data folder with the house staff and Anna: an active plan and 21 days of one ja/nej tegn."""
    folder = tmp_path / "delt"
    folder.mkdir()
    staff = house_staff()
    anna = Borger(navn="Anna Jensen", kortnavn="AJ")
    tegn = Tegn(tekst="Tager selv trøjen på", maaletype="ja_nej", maalvaerdi=0.8)
    plan = SmttePlan(borger_id=anna.id, status="aktiv", maal=Maal(tekst="Tager selv tøj på om morgenen"), tegn=[tegn])
    signs = [
        Observation(
            borger_id=anna.id, plan_id=plan.id, tegn_id=tegn.id, maaletype="ja_nej", vaerdi=day % 3 != 0, dato=D(2026, 10, 1) + dt.timedelta(days=day), vagt="dag", forfatter="MA", terminal="pc-stue"
        )
        for day in range(21)
    ]
    with Store(folder, local_dir=tmp_path / "setup-pc", create=True) as store:
        store.create_many([*staff, anna, plan], author="LE")
        store.create_many(signs, author="MA")
    return {"folder": folder, "anna": anna, "signs": signs, "out": tmp_path / "ud"}


def run(monkeypatch, data: dict, *args: str, pin: str = PIN, who: str = "ma") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(pin + "\n"))
    return main(["export", "--data-dir", str(data["folder"]), "--as", who, *args])


def audit(data: dict, tmp_path: Path) -> list[AuditEvent]:
    with Store(data["folder"], local_dir=tmp_path / "reader-pc", readonly=True) as store:
        store.load_audit()
        return sorted(store.all(AuditEvent), key=lambda e: e.tid)


def test_mads_exports_annas_html_and_the_export_is_audited_with_his_initials(monkeypatch, data, tmp_path, capsys):
    data["out"].mkdir()
    target = data["out"] / "anna.html"
    assert run(monkeypatch, data, "--borger", "AJ", "--format", "html", "--out", str(target)) == EXIT_OK
    page = target.read_text(encoding="utf-8")
    assert "Tager selv tøj på om morgenen" in page and "<svg" in page and "<script" not in page
    assert "Udskrevet" in page and "af MA" in page
    assert "Eksporteret til" in capsys.readouterr().out
    events = audit(data, tmp_path)
    assert [(e.handling, e.medarbejder) for e in events] == [("login", "MA"), ("eksport", "MA")]
    assert events[-1].maal == f"borger:{data['anna'].id}:html" and events[-1].borger_id == data["anna"].id


def test_the_csv_on_stdout_holds_the_observations_between_from_and_to(monkeypatch, data, capsysbinary):
    rc = run(monkeypatch, data, "--borger", "anna jensen", "--format", "csv", "--from", "05.10.2026", "--to", "2026-10-11")
    assert rc == EXIT_OK
    raw = capsysbinary.readouterr().out
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    kept = [o for o in data["signs"] if D(2026, 10, 5) <= o.dato <= D(2026, 10, 11)]
    assert rows[1:] == [[f"{o.dato:%d.%m.%Y}", "dag", "Tager selv trøjen på", "ja/nej", "ja" if o.vaerdi else "nej", "", "MA"] for o in kept]
    assert len(rows) - 1 == 7


def test_markdown_to_stdout_in_english(monkeypatch, data, capsys):
    assert run(monkeypatch, data, "--borger", data["anna"].id, "--format", "md", "--lang", "en") == EXIT_OK
    text = capsys.readouterr().out
    assert text.startswith("# SMTTE history of Anna Jensen")
    assert "Printed " in text and " by MA" in text


def test_a_wrong_pin_exits_3_writes_nothing_and_counts_towards_the_block(monkeypatch, data, tmp_path, capsys):
    data["out"].mkdir()
    target = data["out"] / "anna.html"
    for _attempt in range(3):
        assert run(monkeypatch, data, "--borger", "AJ", "--out", str(target), pin="9999") == EXIT_DENIED
        err = capsys.readouterr().err
        assert err.startswith("Ingen eksport:") and "Traceback" not in err
    assert "spærret" in err  # the third wrong PIN blocked the account, as at the lock screen
    assert run(monkeypatch, data, "--borger", "AJ", "--out", str(target)) == EXIT_DENIED  # even the right PIN now
    assert not target.exists()
    handlings = [e.handling for e in audit(data, tmp_path)]
    assert handlings.count("login_fejl") == 3 and "eksport" not in handlings and "login" not in handlings


def test_a_users_config_with_a_million_tries_does_not_switch_the_lockout_off(monkeypatch, data, tmp_path, capsys, isolated_locations):
    (isolated_locations / "config.toml").write_text("max_failed_logins = 1000000\nblock_hours = 1\n", encoding="utf-8")  # SMTTE_CONFIG
    for _attempt in range(3):
        assert run(monkeypatch, data, "--borger", "AJ", pin="999999") == EXIT_DENIED
    assert "spærret" in capsys.readouterr().err  # the house's three tries, not the user's million
    assert run(monkeypatch, data, "--borger", "AJ") == EXIT_DENIED


def test_initials_of_120000_characters_are_refused_before_anything_is_asked_or_written(monkeypatch, data, tmp_path, capsys):
    assert run(monkeypatch, data, "--borger", "AJ", who="M" * 120_000) == EXIT_DENIED
    err = capsys.readouterr().err
    assert "højst 8 tegn" in err and len(err) < 200
    assert audit(data, tmp_path) == []


def test_a_pin_of_four_digits_must_first_be_changed_in_the_app(monkeypatch, data, tmp_path, capsys):
    from smtte_tui.auth import hash_pin
    from smtte_tui.models import Medarbejder

    with Store(data["folder"], local_dir=tmp_path / "leder-pc") as store:
        mads = next(m for m in store.all(Medarbejder) if m.initialer == "MA")
        store.update(Medarbejder, mads.id, {"pin_hash": hash_pin("1357")}, "LE")  # a PIN from before 6 digits
    assert run(monkeypatch, data, "--borger", "AJ", pin="1357") == EXIT_DENIED
    assert "færre end 6 cifre" in capsys.readouterr().err
    assert "eksport" not in [e.handling for e in audit(data, tmp_path)]


def test_an_unknown_borger_is_a_danish_sentence_and_exit_2(monkeypatch, data, tmp_path, capsys):
    assert run(monkeypatch, data, "--borger", "Karl", "--format", "md") == EXIT_USAGE
    captured = capsys.readouterr()
    assert "Ingen borger matcher 'Karl'" in captured.err and captured.out == ""
    assert "eksport" not in [e.handling for e in audit(data, tmp_path)]


def test_a_bad_date_is_refused_before_the_pin_is_asked_for(monkeypatch, data, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["export", "--data-dir", str(data["folder"]), "--as", "MA", "--borger", "AJ", "--from", "31.02.2026"]) == EXIT_USAGE
    assert "ikke en dato" in capsys.readouterr().err


def test_export_without_initials_is_a_usage_error(data, capsys):
    assert main(["export", "--data-dir", str(data["folder"]), "--borger", "AJ"]) == EXIT_USAGE
    assert capsys.readouterr().err.startswith("Forkert brug")


@pytest.mark.parametrize("typed", ["Åse", "aase", "ÅSE MØLLER", "moeller", "ÅM"])
def test_the_cli_finds_aase_the_way_the_app_does(monkeypatch, data, tmp_path, capsys, typed):
    from smtte_tui.lookup import borger_matches

    aase = Borger(navn="Åse Møller", kortnavn="ÅM")
    with Store(data["folder"], local_dir=tmp_path / "setup-pc", create=True) as store:
        store.create(aase, "LE")
    assert borger_matches(typed, aase)  # the home screen's filter finds her by it
    assert run(monkeypatch, data, "--borger", typed, "--format", "md") == EXIT_OK
    assert "Åse Møller" in capsys.readouterr().out
    assert audit(data, tmp_path)[-1].borger_id == aase.id


def test_a_name_that_fits_two_borgere_exports_neither(monkeypatch, data, tmp_path, capsys):
    with Store(data["folder"], local_dir=tmp_path / "setup-pc", create=True) as store:
        store.create(Borger(navn="Anders Jensen", kortnavn="ANJ"), "LE")
    assert run(monkeypatch, data, "--borger", "jensen", "--format", "md") == EXIT_USAGE
    captured = capsys.readouterr()
    assert "Flere borgere" in captured.err and "Anna Jensen" in captured.err and "Anders Jensen" in captured.err and captured.out == ""
