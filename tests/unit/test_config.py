"""The settings a user can put in config.toml: data folder, language, terminal name and shift times
(never the house's security settings)."""

from __future__ import annotations

import pytest

from smtte_tui.config import ConfigError, Settings, load_settings


def test_without_a_config_file_the_shifts_start_at_seven_three_and_eleven(tmp_path):
    settings = load_settings(tmp_path / "missing.toml")
    assert (settings.shift_day_starts, settings.shift_evening_starts, settings.shift_night_starts) == ("07:00", "15:00", "23:00")


def test_a_house_with_earlier_shifts_sets_them_in_config_toml(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('shift_day_starts = "06:00"\nshift_evening_starts = "14:00"\nshift_night_starts = "22:00"\n', encoding="utf-8")
    settings = load_settings(path)
    assert settings.shift_night_starts == "22:00"


def test_security_settings_left_in_a_users_config_are_ignored_with_a_line_in_the_log(tmp_path, caplog):
    path = tmp_path / "config.toml"
    path.write_text('max_failed_logins = 1000000\nblock_hours = 0\nlock_after_minutes = 99999\nshift_day_starts = "06:00"\n', encoding="utf-8")
    settings = load_settings(path)  # start-up goes on: the keys are the house's now, not the user's
    assert settings.shift_day_starts == "06:00"
    assert not {"max_failed_logins", "block_hours", "lock_after_minutes"} & set(settings.model_dump())
    assert "max_failed_logins, block_hours" in caplog.text and "ignored" in caplog.text


@pytest.mark.parametrize("text", ['shift_day_starts = "7"', 'shift_day_starts = "24:00"', 'shift_evening_starts = "07:00"', "lock_out = 5"])
def test_a_mistyped_setting_stops_start_up_and_names_the_file(tmp_path, text):
    path = tmp_path / "config.toml"
    path.write_text(text + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_settings(path)
    assert str(path) in str(error.value)


def test_settings_are_documented_where_they_are_defined():
    for name in Settings.model_fields:
        assert f"``{name}``" in (Settings.__doc__ or "")
