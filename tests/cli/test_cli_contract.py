"""The CLI contract: scripts depend on these outputs and exit codes."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path


def smtte(*args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "smtte_tui", *args], capture_output=True, text=True, env=env, timeout=120)


def test_demo_then_check_report_the_same_records(tmp_path):
    data = tmp_path / "delt"
    demo = smtte("demo", "--data-dir", str(data), "--borgere", "3", "--days", "10", "--seed", "4", "--json")
    assert demo.returncode == 0, demo.stderr
    written = json.loads(demo.stdout)
    assert written["total"] == sum(written["records"].values())
    # three tegn per plan, one each per day logged by now: today's later shifts (and last night's
    # signs before the morning) are not written yet
    assert 3 * 3 * 8 < written["records"]["observation"] <= 3 * 3 * 10
    check = smtte("check", "--data-dir", str(data), "--json")
    assert check.returncode == 0, check.stdout + check.stderr
    report = json.loads(check.stdout)
    assert report["records"] == written["records"]
    assert report["total"] == written["total"]
    assert report["ok"] is True
    assert set(report) == {"records", "total", "files", "conflicts", "conflict_copies", "quarantined", "pending_journal", "clocks", "behind", "unlistable", "ok"}
    assert report["unlistable"] == []


def test_two_demo_terminals_add_to_each_other(tmp_path):
    data = tmp_path / "delt"
    one = smtte("demo", "--data-dir", str(data), "--borgere", "2", "--days", "3", "--terminal", "A", "--json")
    two = smtte("demo", "--data-dir", str(data), "--borgere", "2", "--days", "3", "--terminal", "B", "--json")
    assert one.returncode == two.returncode == 0
    report = json.loads(smtte("check", "--data-dir", str(data), "--json").stdout)
    assert report["records"]["borger"] == 4
    assert report["records"]["medarbejder"] == 3  # demo staff are not created twice
    assert report["files"] >= 4


def test_check_on_a_missing_folder_says_so_in_danish(tmp_path):
    result = smtte("check", "--data-dir", str(tmp_path / "findes-ikke"))
    assert result.returncode == 2
    assert "Datamappen findes ikke" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_arguments_give_one_danish_sentence(tmp_path):
    result = smtte("demo", "--data-dir", str(tmp_path), "--borgere", "mange")
    assert result.returncode == 2
    assert result.stderr.startswith("Forkert brug")
    assert "Traceback" not in result.stderr
    negative = smtte("demo", "--data-dir", str(tmp_path / "x"), "--days", "-3")
    assert negative.returncode == 2 and "Forkert brug" in negative.stderr


def test_check_without_data_dir_is_a_usage_error():
    result = smtte("check")
    assert result.returncode == 2
    assert "Forkert brug" in result.stderr


def test_a_folder_with_other_files_is_not_taken_over(tmp_path):
    (tmp_path / "regnskab.xlsx").write_text("x")
    result = smtte("demo", "--data-dir", str(tmp_path))
    assert result.returncode == 2
    assert "ikke en smtte-datamappe" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["regnskab.xlsx"]


def test_english_messages_with_lang_en(tmp_path):
    result = smtte("check", "--lang", "en", "--data-dir", str(tmp_path / "missing"))
    assert result.returncode == 2
    assert "does not exist" in result.stderr


def test_check_exits_1_and_lists_a_damaged_file(tmp_path):
    data = tmp_path / "delt"
    assert smtte("demo", "--data-dir", str(data), "--borgere", "1", "--days", "2").returncode == 0
    shard = next((data / "core").glob("t*.jsonl"))
    damaged = shard.with_name("t000000000000.jsonl")
    damaged.write_text(shard.read_text(encoding="utf-8") + '{"id": "cut', encoding="utf-8")  # a half-synced copy
    result = smtte("check", "--data-dir", str(data), "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert [item["path"] for item in report["quarantined"]] == [str(damaged)]
    assert report["ok"] is False
    assert damaged.exists()  # without --repair nothing changes
    repaired = smtte("check", "--data-dir", str(data), "--json", "--repair")
    after = json.loads(repaired.stdout)
    assert not damaged.exists()
    # records were moved aside: never "in order" until a person has looked at quarantine/
    assert after["ok"] is False and repaired.returncode == 1, after
    assert after["repaired"] == {"merged": 0, "quarantined": 1}
    assert [item for item in after["quarantined"] if item["in_place"]] == []
    assert any(not item["in_place"] for item in after["quarantined"])
    assert after["records"] == report["records"]
    again = json.loads(smtte("check", "--data-dir", str(data), "--json").stdout)
    assert again["ok"] is True  # the next check finds the folder sound


def test_data_dir_precedence_argument_env_config(tmp_path, monkeypatch):
    from smtte_tui.locations import choose_data_dir, embedded_data_dir

    monkeypatch.setenv("SMTTE_DATA_DIR", str(tmp_path / "env"))
    assert choose_data_dir(str(tmp_path / "arg"), str(tmp_path / "cfg")).path == tmp_path / "arg"
    assert choose_data_dir(None, str(tmp_path / "cfg")).source == "env"
    monkeypatch.delenv("SMTTE_DATA_DIR")
    assert choose_data_dir(None, str(tmp_path / "cfg")).path == tmp_path / "cfg"
    assert choose_data_dir(None, None).path == embedded_data_dir()
    assert Path(embedded_data_dir()).name == "data"


def test_quick_bench_reports_every_figure():
    started = dt.datetime.now()
    result = smtte("bench", "--quick", "--json")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    for key in (
        "append_ms_empty",
        "append_ms_5y",
        "append_ms_naive_5y",
        "home_load_s_cold",
        "borger_history_s_cold",
        "borger_history_s_warm",
        "peak_rss_mb",
        "timeline_charts_s_cold",
        "timeline_charts_s_warm",
        "export_html_s_cold",
        "export_html_s_warm",
        "timeout_s",
        "overview_s",
        "group_first_draw_s",
        "group_picture_s_cold",
        "group_picture_s_warm",
        "group_report_s",
        "pin_guess_ms",
        "history_bytes_per_record",
        "history_all_s",
        "history_rss_after_all_mb",
    ):
        assert figures[key] is not None and figures[key] >= 0, key
    assert figures["house"]["records"] > 0
    # one borger, one year, three tegn a day, today's only as far as the shifts logged by now; a
    # night shift is logged the next morning (demo.SHIFT_HOURS: 06:xx), so before 07:00 yesterday's
    # night signs may not be logged yet either
    night_not_logged = 3 if min(started.hour, dt.datetime.now().hour) < 7 else 0
    assert 364 * 3 - night_not_logged <= figures["borger_history_observations"] <= 365 * 3


def test_the_folders_and_the_log_smtte_makes_are_for_their_owner_only(tmp_path):
    data, local = tmp_path / "delt", tmp_path / "pc" / "smtte"
    result = smtte("demo", "--data-dir", str(data), "--borgere", "1", "--days", "1", env_extra={"SMTTE_LOCAL_DIR": str(local)})
    assert result.returncode == 0, result.stderr
    if os.name == "posix":  # Windows: the folder's ACL decides
        modes = {path.name: path.stat().st_mode & 0o777 for path in (data, local, local.parent, local / "smtte.log")}
        assert modes == {"delt": 0o700, "smtte": 0o700, "pc": 0o700, "smtte.log": 0o600}


def test_a_local_folder_and_log_left_open_by_an_older_version_are_tightened(tmp_path):
    local = tmp_path / "local"
    local.mkdir(mode=0o755)
    (local / "smtte.log").write_text("", encoding="utf-8")
    os.chmod(local, 0o755)
    os.chmod(local / "smtte.log", 0o644)
    result = smtte("check", "--data-dir", str(tmp_path / "findes-ikke"), env_extra={"SMTTE_LOCAL_DIR": str(local)})
    assert result.returncode == 2
    if os.name == "posix":
        assert (local.stat().st_mode & 0o777, (local / "smtte.log").stat().st_mode & 0o777) == (0o700, 0o600)


def test_demo_into_a_real_houses_folder_is_refused_with_a_sentence(tmp_path):
    from smtte_tui.store import Store
    from tests.people import house_staff

    data = tmp_path / "delt"
    data.mkdir()
    with Store(data, local_dir=tmp_path / "setup-pc", create=True) as store:
        store.create_many(house_staff(), author="LE")
    result = smtte("demo", "--data-dir", str(data), "--borgere", "1", "--days", "1")
    # this ended in "Der skete en uventet fejl: NotAllowed": the demo's author is no staff member here
    assert result.returncode == 2 and "Demodata skrives ikke her" in result.stderr and "uventet" not in result.stderr
