"""The core must not pull in Textual: only the App shell and screens may."""

from __future__ import annotations

import subprocess
import sys

CORE_MODULES = [
    "smtte_tui",
    "smtte_tui.models",
    "smtte_tui.store",
    "smtte_tui.analysis",
    "smtte_tui.auth",
    "smtte_tui.i18n",
    "smtte_tui.demo",
    "smtte_tui.config",
    "smtte_tui.locations",
    "smtte_tui.cli",
    "smtte_tui.bench",
    "smtte_tui.shifts",
    "smtte_tui.picker",
    "smtte_tui.signin",
    "smtte_tui.lockout",
    "smtte_tui.pincode",
    "smtte_tui.housesettings",
    "smtte_tui.staffadmin",
    "smtte_tui.drafts",
    "smtte_tui.shiftlog",
    "smtte_tui.plandiff",
    "smtte_tui.plans",
    "smtte_tui.pdsa",
    "smtte_tui.dates",
    "smtte_tui.planrules",
    "smtte_tui.analysis.study",
    "smtte_tui.analysis.runchart",
    "smtte_tui.sharesim",
    "smtte_tui.benchshare",
    "smtte_tui.store.localdb",
    "smtte_tui.errors",
    "smtte_tui.replicate",
    "smtte_tui.replicate.reportdata",
    "smtte_tui.replicate.bench",
    "smtte_tui.report.municipality",
    "smtte_tui.configfile",
    "smtte_tui.glyphs",
    "smtte_tui.winconsole",
]


def test_importing_the_core_loads_no_textual_module():
    code = (
        "import sys\n"
        f"for name in {CORE_MODULES!r}: __import__(name)\n"
        "leaks = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(leaks))\n"
    )
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
    assert importlib.util.find_spec("smtte_tui.screens.home") is not None


def test_the_house_install_needs_no_postgresql_driver():
    """psycopg (the ``postgres`` extra) is imported only when a database is used: the app, every
    house command and even the replication modules load without it."""
    code = (
        "import sys\n"
        f"for name in {CORE_MODULES!r}: __import__(name)\n"
        "print(','.join(sorted(m for m in sys.modules if m == 'psycopg' or m.startswith('psycopg.'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
