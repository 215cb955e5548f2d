"""The Windows console decisions (issue W 5, 6, 7) with the console's answers injected: a fake
kernel32 that answers as conhost does, a process table as Toolhelp gives it, an environment."""

from __future__ import annotations

import ctypes

import pytest

from smtte_tui.winconsole import (
    ENABLE_EXTENDED_FLAGS,
    ENABLE_QUICK_EDIT_MODE,
    STD_INPUT_HANDLE,
    Process,
    ascii_symbols,
    console_closes_with_smtte,
    console_is_own,
    mapped_drive,
    turn_off_quick_edit,
)

CONSOLE_INPUT = 0x54  # a console input handle as GetStdHandle returns it


class FakeKernel32:
    """kernel32 as conhost answers: one console input with a mode, the programs attached to the
    console, and a process snapshot. Records every mode set."""

    def __init__(self, mode: int | None = 0x01F7, *, refuse_set: bool = False, attached: list[int] = (), processes: dict[int, Process] | None = None) -> None:
        self.mode = mode  # None: stdin is no console (redirected)
        self.refuse_set = refuse_set
        self.set_modes: list[int] = []
        self.attached = list(attached)
        self.processes = processes or {}
        self.closed: list[int] = []
        self._walk: list[tuple[int, Process]] = []

    def GetStdHandle(self, which: int) -> int:
        assert which == STD_INPUT_HANDLE
        return CONSOLE_INPUT

    def GetConsoleMode(self, handle, mode_pointer) -> int:
        if self.mode is None or handle != CONSOLE_INPUT:
            return 0
        mode_pointer.contents.value = self.mode
        return 1

    def SetConsoleMode(self, handle, mode: int) -> int:
        if self.refuse_set:
            return 0
        self.set_modes.append(mode)
        self.mode = mode
        return 1

    def GetConsoleProcessList(self, buffer, room: int) -> int:
        for i, pid in enumerate(self.attached[:room]):
            buffer[i] = pid
        return len(self.attached)

    def CreateToolhelp32Snapshot(self, flags: int, pid: int) -> int:
        self._walk = list(self.processes.items())
        return 0x99

    def _next(self, entry_pointer) -> int:
        if not self._walk:
            return 0
        pid, process = self._walk.pop(0)
        entry = entry_pointer.contents
        assert entry.dwSize == ctypes.sizeof(entry)  # Windows refuses an entry without its size
        entry.th32ProcessID, entry.th32ParentProcessID, entry.szExeFile = pid, process.parent, process.exe
        return 1

    def Process32FirstW(self, snapshot, entry_pointer) -> int:
        return self._next(entry_pointer)

    def Process32NextW(self, snapshot, entry_pointer) -> int:
        return self._next(entry_pointer)

    def CloseHandle(self, handle) -> int:
        self.closed.append(handle)
        return 1


# --- 5: QuickEdit -----------------------------------------------------------------------------------


def test_quick_edit_is_switched_off_while_smtte_runs_and_put_back_after():
    kernel32 = FakeKernel32(mode=0x01F7)  # conhost's default: QuickEdit, insert mode, extended flags
    state = turn_off_quick_edit("win32", kernel32)
    assert state.state == "off"
    assert not kernel32.mode & ENABLE_QUICK_EDIT_MODE and kernel32.mode & ENABLE_EXTENDED_FLAGS
    assert kernel32.mode == 0x01F7 & ~ENABLE_QUICK_EDIT_MODE  # nothing else changed
    assert state.restore()
    assert kernel32.mode == 0x01F7


def test_the_restored_mode_carries_the_flag_that_makes_the_console_take_quick_edit_back():
    kernel32 = FakeKernel32(mode=0x0047)  # reported without ENABLE_EXTENDED_FLAGS
    state = turn_off_quick_edit("win32", kernel32)
    assert kernel32.set_modes == [(0x0047 | ENABLE_EXTENDED_FLAGS) & ~ENABLE_QUICK_EDIT_MODE]
    state.restore()
    assert kernel32.set_modes[-1] == 0x0047 | ENABLE_EXTENDED_FLAGS


def test_a_console_without_quick_edit_is_left_alone():
    kernel32 = FakeKernel32(mode=0x01B7)
    state = turn_off_quick_edit("win32", kernel32)
    assert state.state == "already_off" and state.restore() and kernel32.set_modes == []


def test_a_redirected_stdin_has_no_quick_edit_to_switch_off():
    kernel32 = FakeKernel32(mode=None)
    state = turn_off_quick_edit("win32", kernel32)
    assert state.state == "no_console" and kernel32.set_modes == []


def test_a_console_that_refuses_is_reported_so_the_app_can_say_it():
    state = turn_off_quick_edit("win32", FakeKernel32(mode=0x01F7, refuse_set=True))
    assert state.state == "failed"


def test_off_windows_nothing_is_asked():
    class Untouchable:
        def __getattr__(self, name):
            raise AssertionError(f"{name} called off Windows")

    assert turn_off_quick_edit("linux", Untouchable()).state == "not_windows"
    assert not console_closes_with_smtte("linux", Untouchable())


# --- 7: does the window close with smtte? ------------------------------------------------------


SHORTCUT = {  # a double-click on smtte.exe: pip's launcher, the venv's python.exe, the real one
    100: Process(4, "explorer.exe"),
    200: Process(100, "smtte.exe"),
    300: Process(200, "python.exe"),
    400: Process(300, "python.exe"),
}


def test_a_double_clicked_smtte_owns_its_window_through_its_launchers():
    assert console_is_own(400, [200, 300, 400], SHORTCUT)


def test_smtte_alone_on_its_console_owns_it():
    assert console_is_own(400, [400], {})


@pytest.mark.parametrize("shell", ["cmd.exe", "powershell.exe", "pwsh.exe", "bash.exe"])
def test_started_from_a_shell_the_window_stays_and_nothing_waits(shell):
    processes = {**SHORTCUT, 150: Process(100, shell), 200: Process(150, "smtte.exe")}
    assert not console_is_own(400, [150, 200, 300, 400], processes)


def test_another_program_on_the_console_keeps_it():
    assert not console_is_own(400, [200, 300, 400, 999], {**SHORTCUT, 999: Process(4, "conhost.exe")})


def test_a_console_that_names_no_process_is_not_owned():
    assert not console_is_own(400, [], SHORTCUT)


def test_the_console_is_asked_through_kernel32_with_a_process_snapshot():
    kernel32 = FakeKernel32(attached=[200, 300, 400], processes=SHORTCUT)
    assert console_closes_with_smtte("win32", kernel32, own_pid=400)
    assert kernel32.closed == [0x99]  # the snapshot handle is closed
    from_cmd = FakeKernel32(attached=[150, 400], processes={**SHORTCUT, 150: Process(100, "cmd.exe"), 400: Process(150, "python.exe")})
    assert not console_closes_with_smtte("win32", from_cmd, own_pid=400)


def test_one_process_on_the_console_needs_no_snapshot():
    class NoSnapshot(FakeKernel32):
        def CreateToolhelp32Snapshot(self, flags, pid):
            raise AssertionError("not needed")

    assert console_closes_with_smtte("win32", NoSnapshot(attached=[400]), own_pid=400)


# --- 7: the drive letter that is not there ---------------------------------------------------------


@pytest.mark.parametrize(("path", "kind", "hint"), [("S:\\smtte", 1, True), ("S:\\smtte", 4, True), ("C:\\smtte", 3, False), ("\\\\server\\share\\smtte", 4, False), ("smtte", 1, False)])
def test_a_missing_network_drive_letter_gets_the_unc_advice(path, kind, hint):
    assert mapped_drive(path, "win32", drive_type=lambda root: kind) is hint


def test_the_drive_is_asked_by_its_root():
    asked = []
    mapped_drive("s:/smtte", "win32", drive_type=lambda root: asked.append(root) or 3)
    assert asked == ["s:\\"]
    assert not mapped_drive("S:\\smtte", "linux", drive_type=lambda root: 1)


# --- 6: which symbols ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("platform", "environ", "ascii"),
    [
        ("win32", {}, True),  # conhost
        ("win32", {"WT_SESSION": "8b0a…"}, False),  # Windows Terminal
        ("win32", {"TERM_PROGRAM": "vscode"}, False),
        ("linux", {}, False),
        ("darwin", {}, False),
        ("win32", {"WT_SESSION": "x", "SMTTE_SYMBOLS": "ascii"}, True),  # IT's word wins
        ("linux", {"SMTTE_SYMBOLS": "ASCII"}, True),
        ("win32", {"SMTTE_SYMBOLS": "unicode"}, False),
        ("win32", {"SMTTE_SYMBOLS": "maybe"}, True),
    ],
)
def test_ascii_symbols_outside_windows_terminal(platform, environ, ascii):
    assert ascii_symbols(platform, environ) is ascii
