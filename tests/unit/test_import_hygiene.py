"""The core must not pull in Textual: only the App shell and screens may."""

from __future__ import annotations

import pkgutil
import subprocess
import sys


def core_modules() -> list[str]:
    """Every module of the package except the App shell and the screens, found by walking the
    installed package: a module added tomorrow is checked without anyone listing it. (The
    ``__main__`` modules are left out: importing one runs it.)"""
    import smtte_tui

    found = ["smtte_tui", *(info.name for info in pkgutil.walk_packages(smtte_tui.__path__, "smtte_tui."))]
    return sorted(name for name in found if name != "smtte_tui.app" and not name.startswith("smtte_tui.screens") and name.rpartition(".")[2] != "__main__")


CORE_MODULES = core_modules()


def test_the_core_list_is_found_not_hand_written():
    """The walk sees the subpackages and the modules added after the list was last written by hand."""
    assert {"smtte_tui.store.store", "smtte_tui.analysis.runchart", "smtte_tui.replicate", "smtte_tui.report.export", "smtte_tui.viewaudit", "smtte_tui.i18n.da"} <= set(CORE_MODULES)
    assert not any(name.startswith("smtte_tui.screens") or name == "smtte_tui.app" for name in CORE_MODULES)


def test_importing_the_core_loads_no_textual_module():
    code = f"import sys\nfor name in {CORE_MODULES!r}: __import__(name)\nleaks = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\nprint(','.join(leaks))\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_cli_commands_other_than_the_app_run_without_textual(tmp_path):
    code = (
        "import sys\n"
        "from smtte_tui.cli import main\n"
        f"rc = main(['demo', '--data-dir', {str(tmp_path / 'd')!r}, '--borgere', '1', '--days', '2', '--json'])\n"
        f"rc2 = main(['check', '--data-dir', {str(tmp_path / 'd')!r}, '--json'])\n"
        "print('TEXTUAL' if any(m.startswith('textual') for m in sys.modules) else 'CLEAN', rc, rc2)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "CLEAN 0 0"


def test_screens_are_installed_inside_the_package_not_as_a_top_level_module():
    import importlib.util

    import smtte_tui.screens

    assert smtte_tui.screens.__name__ == "smtte_tui.screens"
    result = subprocess.run([sys.executable, "-c", "import importlib.util; print(importlib.util.find_spec('screens'))"], capture_output=True, text=True, cwd="/", check=True)
    assert result.stdout.strip() == "None"
    assert importlib.util.find_spec("smtte_tui.screens.shift.home") is not None


def test_the_house_install_needs_no_postgresql_driver():
    """psycopg (the ``postgres`` extra) is imported only when a database is used: the app, every
    house command and even the replication modules load without it."""
    code = f"import sys\nfor name in {CORE_MODULES!r}: __import__(name)\nprint(','.join(sorted(m for m in sys.modules if m == 'psycopg' or m.startswith('psycopg.'))))\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
