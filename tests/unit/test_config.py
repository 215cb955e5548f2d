"""The settings a botilbud can put in config.toml: lock, lockout and shift times."""

from __future__ import annotations

import pytest

from smtte_tui.config import ConfigError, Settings, load_settings


def test_without_a_config_file_the_screen_locks_after_five_minutes_and_three_wrong_pins_block(tmp_path):
    settings = load_settings(tmp_path / "missing.toml")
    assert (settings.lock_after_minutes, settings.max_failed_logins, settings.failed_login_window_hours, settings.block_hours) == (5, 3, 24, 24)
    assert (settings.shift_day_starts, settings.shift_evening_starts, settings.shift_night_starts) == ("07:00", "15:00", "23:00")


def test_a_house_with_earlier_shifts_and_a_shorter_block_sets_them_in_config_toml(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('lock_after_minutes = 2\nblock_hours = 8\nshift_day_starts = "06:00"\nshift_evening_starts = "14:00"\nshift_night_starts = "22:00"\n', encoding="utf-8")
    settings = load_settings(path)
    assert settings.lock_after_minutes == 2 and settings.block_hours == 8
    assert settings.shift_night_starts == "22:00" and settings.max_failed_logins == 3


@pytest.mark.parametrize("text", ['shift_day_starts = "7"', 'shift_day_starts = "24:00"', 'shift_evening_starts = "07:00"', "max_failed_logins = 0", "lock_after_minutes = -1", "lock_out = 5"])
def test_a_mistyped_setting_stops_start_up_and_names_the_file(tmp_path, text):
    path = tmp_path / "config.toml"
    path.write_text(text + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_settings(path)
    assert str(path) in str(error.value)


def test_settings_are_documented_where_they_are_defined():
    for name in Settings.model_fields:
        assert f"``{name}``" in (Settings.__doc__ or "")
