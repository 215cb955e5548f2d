"""Export, report and aktindsigt files: a name unique to the borger and short enough for any file
system, and an export never replaces another one."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from smtte_tui.features.admin import auditlog
from smtte_tui.features.group.group import parse_period
from smtte_tui.models import Borger
from smtte_tui.report import ExportError, export_filename, write_export
from smtte_tui.report.files import MAX_SLUG, borger_filename, write_new
from smtte_tui.report.house_report import write_group_report
from tests.people import acting
from tests.refusals import refused

from .conftest import at

DAY = dt.date(2026, 11, 25)


def test_two_borgere_with_the_same_short_name_get_different_file_names():
    anna, anders = Borger(navn="Anna Jensen", kortnavn="AJ"), Borger(navn="Anders Jakobsen", kortnavn="AJ")
    assert export_filename(anna, "html", DAY) != export_filename(anders, "html", DAY)
    assert export_filename(anna, "html", DAY) == f"smtte-AJ-{anna.id[:8]}-2026-11-25.html"
    assert auditlog.insight_filename(anna, "txt", DAY) != auditlog.insight_filename(anders, "txt", DAY)


def test_a_300_character_short_name_gives_a_name_every_file_system_takes():
    long = Borger(navn="Lang", kortnavn="Å" * 100 + "x" * 200)
    name = export_filename(long, "html", DAY)
    assert len(name) < 100 and name.startswith("smtte-" + "Aa" * (MAX_SLUG // 2) + f"-{long.id[:8]}-")
    assert borger_filename("aktindsigt-log", Borger(navn="Ingen", kortnavn="!!!"), DAY, "csv").startswith("aktindsigt-log-borger-")


def test_the_export_of_a_borger_with_a_300_character_short_name_is_written(house, tmp_path):
    # the whole name used to exceed 255 bytes: "Filen kan ikke skrives … Tjek at mappen findes"
    store = house["store"]
    long = Borger(navn="Lang Navnesen", kortnavn="L" * 300)
    store.create(long, "LE")
    path = write_export(acting(store, "LE", terminal="t", now=at(10)), long.id, "md", tmp_path / export_filename(long, "md", DAY))
    assert path.exists() and "Lang Navnesen" in path.read_text(encoding="utf-8")


def test_a_second_export_to_a_taken_name_gets_a_counter_and_the_first_stays(house, tmp_path):
    store, anna = house["store"], house["anna"]
    out = tmp_path / "eksport"
    out.mkdir()
    target = out / export_filename(anna, "md", DAY)
    first = write_export(acting(store, "LE", terminal="t", now=at(10)), anna.id, "md", target)
    first_text = first.read_text(encoding="utf-8")
    second = write_export(acting(store, "LE", terminal="t", now=at(11)), anna.id, "md", target)
    third = write_export(acting(store, "LE", terminal="t", now=at(12)), anna.id, "md", target)
    assert (first, second.name, third.name) == (target, target.stem + "-2.md", target.stem + "-3.md")
    assert first.read_text(encoding="utf-8") == first_text and "Anna Jensen" in third.read_text(encoding="utf-8")
    assert sorted(p.name for p in out.iterdir()) == sorted([target.name, second.name, third.name])  # no temp file left


def test_the_group_report_and_the_aktindsigt_never_replace_an_earlier_file(house, tmp_path):
    store, leder, anna = house["store"], house["leder"], house["anna"]
    report = tmp_path / "smtte-gruppe-2026-10.html"
    report.write_text("kollegaens rapport", encoding="utf-8")
    written = write_group_report(acting(store, "LE", terminal="t", now=at(10)), parse_period("2026-10"), "html", report)
    assert written.name == "smtte-gruppe-2026-10-2.html" and report.read_text(encoding="utf-8") == "kollegaens rapport"
    insight = tmp_path / auditlog.insight_filename(anna, "txt", DAY)
    one = auditlog.write_insight(acting(store, leder, now=at(10), terminal="t"), anna.id, "txt", insight)
    two = auditlog.write_insight(acting(store, leder, now=at(11), terminal="t"), anna.id, "txt", insight)
    assert (one, two.name) == (insight, insight.stem + "-2.txt")


def test_write_new_never_follows_a_planted_link_or_replaces_a_file(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep", encoding="utf-8")
    planted = tmp_path / "export.html"
    try:
        os.symlink(victim, planted)
    except (OSError, NotImplementedError):  # Windows without the right to make links: the file case stays
        planted.write_text("keep", encoding="utf-8")
    written = write_new(planted, b"<p>ny</p>")
    assert written == tmp_path / "export-2.html" and written.read_bytes() == b"<p>ny</p>"
    assert victim.read_text(encoding="utf-8") == "keep"


def test_an_export_is_readable_by_its_owner_only(tmp_path):
    mode = write_new(tmp_path / "a.csv", b"x").stat().st_mode & 0o777
    assert mode == 0o600 if os.name == "posix" else mode  # Windows: the folder's ACL decides


def test_a_missing_folder_is_an_oserror_and_nothing_is_left(tmp_path):
    with pytest.raises(OSError):
        write_new(tmp_path / "findes-ikke" / "a.html", b"x")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_given_as_the_file_is_refused_as_unwritable(house, tmp_path, monkeypatch):
    # "--out ." ended in "uventet fejl: ValueError" (found by the CLI fuzz test)
    monkeypatch.chdir(tmp_path)
    for folder in (Path("."), tmp_path):
        with refused("report.error.write", ExportError):
            write_export(acting(house["store"], "LE", terminal="t", now=at(10)), house["anna"].id, "md", folder)
    assert not any(p.name.startswith(tmp_path.name + "-") for p in tmp_path.parent.iterdir())
