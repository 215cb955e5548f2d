"""Every audit action is named once (smtte_tui/audit_actions.py), has words in both catalogs, and
code that writes an event never spells an action as a bare string."""

from __future__ import annotations

import ast
from pathlib import Path

from smtte_tui.audit_actions import AuditAction
from smtte_tui.features.admin.auditlog import handling_label
from smtte_tui.i18n import CATALOGS, LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
# where an action is passed: the keyword of AuditEvent, and the first argument of the helpers that build one
ACTION_KEYWORDS = {"handling"}
# (signin._audit(store, action, ...), staffadmin._audit(store, leder, action, ...), signin._outcome(store, attempt, action, ...))
ACTION_ARGS = {"audit": slice(0, 1), "audit_shown": slice(0, 1), "audit_event": slice(0, 1), "view_events": slice(1, 2), "_audit": slice(1, 3), "_outcome": slice(2, 3)}
# where a target is passed: AuditEvent's maal, and the argument after the action of the helpers
TARGET_ARGS = {"audit": 1, "audit_shown": 1, "audit_event": 1, "view_events": 2}


def test_every_action_has_words_in_both_languages_and_every_word_an_action():
    for lang in LANGUAGES:
        catalog = CATALOGS[lang]
        labelled = {key.removeprefix("audit.handling.") for key in catalog if key.startswith("audit.handling.")}
        assert labelled == {action.value for action in AuditAction}, lang
    assert handling_label(AuditAction.LOGIN) == CATALOGS["da"]["audit.handling.login"]
    assert handling_label("en_ny_handling") == "en_ny_handling"  # a newer version's action, shown as it is


def _bare_actions(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        values = [kw.value for kw in node.keywords if kw.arg in ACTION_KEYWORDS]
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name in ACTION_ARGS:
            values += node.args[ACTION_ARGS[name]]
        for value in values:
            for constant in (value.body, value.orelse) if isinstance(value, ast.IfExp) else (value,):
                if isinstance(constant, ast.Constant) and isinstance(constant.value, str):  # e.g. "login", not AuditAction.LOGIN
                    found.append(f"{path.relative_to(ROOT)}:{constant.lineno}: {constant.value!r}")
    return found


def test_code_names_actions_from_the_enum():
    checked = sorted((ROOT / "smtte_tui").rglob("*.py")) + sorted((ROOT / "screens").rglob("*.py"))
    assert len(checked) > 50
    bare = [hit for path in checked for hit in _bare_actions(path)]
    assert bare == []


def _bare_targets(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        values = [kw.value for kw in node.keywords if kw.arg == "maal" and name == "AuditEvent"]
        if name in TARGET_ARGS and len(node.args) > TARGET_ARGS[name]:
            values.append(node.args[TARGET_ARGS[name]])
        for value in values:
            if isinstance(value, (ast.JoinedStr, ast.Constant)):  # "borger:..." spelled by hand, not an AuditTarget
                found.append(f"{path.relative_to(ROOT)}:{value.lineno}")
    return found


def test_code_names_targets_as_audit_targets():
    checked = sorted((ROOT / "smtte_tui").rglob("*.py")) + sorted((ROOT / "screens").rglob("*.py"))
    assert [hit for path in checked for hit in _bare_targets(path)] == []
