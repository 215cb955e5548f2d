"""What smtte does differently in a Windows console, decided by functions that take the platform,
the environment and the console's answers as parameters, so every Windows branch has a test on
any OS (a fake ``kernel32`` stands in for the real one).

* **QuickEdit** (:func:`turn_off_quick_edit`): in the old console host (conhost, still the default
  on Windows 10) one mouse click starts a selection, and while it lasts the console stops the
  program's output: the screen looks frozen and the idle lock cannot hide the last borger. smtte
  clears ``ENABLE_QUICK_EDIT_MODE`` while it runs and puts the mode back at exit. Textual's own
  Windows driver sets the input mode without ``ENABLE_EXTENDED_FLAGS``, which leaves QuickEdit as
  it was (SetConsoleMode documents that the extended flags change only together with that flag),
  so turning it off before the app starts holds while the app runs.
* **Symbols** (:func:`ascii_symbols`): conhost draws with one font (Consolas) and no fallback, so
  braille, ✓ and arrows show as boxes; outside Windows Terminal smtte draws them in ASCII
  (:mod:`smtte_tui.glyphs`).
* **A window that closes before its message can be read** (:func:`console_is_own`): started by a
  double-click or a shortcut, the console belongs to smtte alone and closes with it; then a
  failed start waits for Enter.
* **A drive letter that is not there** (:func:`mapped_drive`): a share mapped as S: by the logon
  script may not be mapped yet, and an administrator's console has no mapped drives at all; the
  sentence about a missing data folder then recommends the UNC path.
"""

from __future__ import annotations

import ctypes
import ntpath
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

ENABLE_QUICK_EDIT_MODE = 0x0040
ENABLE_EXTENDED_FLAGS = 0x0080
STD_INPUT_HANDLE = -10
TH32CS_SNAPPROCESS = 0x00000002
DRIVE_NO_ROOT_DIR, DRIVE_REMOTE = 1, 4  # GetDriveTypeW: no such drive (here and now), a network drive
MAX_PATH = 260
ENV_SYMBOLS = "SMTTE_SYMBOLS"  # "ascii" or "unicode": IT's word over the guess below
# What may sit between smtte and the console without owning it: pip's smtte.exe starts the venv's
# python.exe, which (on Windows) starts the installed python.exe; py.exe is the Python launcher.
LAUNCHER = re.compile(r"(?:pythonw?|pyw?)(?:\d+(?:\.\d+)*)?\.exe|smtte\.exe", re.IGNORECASE)

QuickEditState = Literal["not_windows", "no_console", "already_off", "off", "failed"]


# --- symbols ------------------------------------------------------------------------------------


def ascii_symbols(platform: str = sys.platform, environ: Mapping[str, str] = os.environ) -> bool:
    """True when the terminal may lack glyphs beyond ASCII and Danish letters: Windows outside
    Windows Terminal (``WT_SESSION``) and outside a terminal that names itself (``TERM_PROGRAM``:
    VS Code, WezTerm, mintty), i.e. conhost. ``SMTTE_SYMBOLS=ascii|unicode`` decides instead."""
    choice = environ.get(ENV_SYMBOLS, "").strip().lower()
    if choice in ("ascii", "unicode"):
        return choice == "ascii"
    if platform != "win32":
        return False
    return not (environ.get("WT_SESSION") or environ.get("TERM_PROGRAM"))


# --- QuickEdit ----------------------------------------------------------------------------------


@dataclass
class QuickEdit:
    """What :func:`turn_off_quick_edit` did; :meth:`restore` puts the console back as it was."""

    state: QuickEditState
    kernel32: Any = None
    handle: Any = None
    before: int = 0

    def restore(self) -> bool:
        """The input mode from before, QuickEdit bit included (``ENABLE_EXTENDED_FLAGS`` makes
        the console take that bit). True when there was nothing to restore or it worked."""
        if self.state != "off":
            return True
        return bool(self.kernel32.SetConsoleMode(self.handle, self.before | ENABLE_EXTENDED_FLAGS))


def turn_off_quick_edit(platform: str = sys.platform, kernel32: Any = None) -> QuickEdit:
    """Clear QuickEdit on the console's input while smtte runs (see the module text).

    ``no_console``: stdin is no console (redirected), so no selection can block anything;
    ``failed``: the console refused, and the app says a click can freeze the screen."""
    if platform != "win32":
        return QuickEdit("not_windows")
    try:
        kernel32 = kernel32 or _kernel32()
        handle = kernel32.GetStdHandle(STD_INPUT_HANDLE)
        mode = ctypes.c_uint32()
        if not handle or handle == _INVALID_HANDLE or not kernel32.GetConsoleMode(handle, ctypes.pointer(mode)):
            return QuickEdit("no_console")
        before = mode.value
        if not before & ENABLE_QUICK_EDIT_MODE:
            return QuickEdit("already_off")
        wanted = (before | ENABLE_EXTENDED_FLAGS) & ~ENABLE_QUICK_EDIT_MODE
        if not kernel32.SetConsoleMode(handle, wanted):
            return QuickEdit("failed")
        return QuickEdit("off", kernel32, handle, before)
    except (OSError, AttributeError):  # no kernel32 to be had: nothing was changed
        return QuickEdit("failed")


# --- a drive letter that is not there ----------------------------------------------------------


def mapped_drive(path: str, platform: str = sys.platform, drive_type: Callable[[str], int] | None = None) -> bool:
    """True when ``path`` starts with a drive letter that is a network drive or no drive at all in
    this logon session (``GetDriveTypeW``): then a UNC path (``\\\\server\\share``) would have
    worked where the letter did not. A local disk, a UNC path, or not Windows: False."""
    if platform != "win32":
        return False
    drive, _ = ntpath.splitdrive(path)
    if not re.fullmatch(r"[A-Za-z]:", drive):
        return False
    try:
        kind = (drive_type or _drive_type)(drive + "\\")
    except (OSError, AttributeError):
        return True
    return kind in (DRIVE_NO_ROOT_DIR, DRIVE_REMOTE)


def _drive_type(root: str) -> int:
    return int(_kernel32().GetDriveTypeW(root))


# --- does the console close with smtte? ---------------------------------------------------------


@dataclass(frozen=True)
class Process:
    parent: int
    exe: str


def console_is_own(own_pid: int, attached: Sequence[int], processes: Mapping[int, Process]) -> bool:
    """True when nothing but smtte and the launchers that started it (``smtte.exe``,
    ``python.exe``, ``py.exe``; :data:`LAUNCHER`) is attached to the console: the window was
    made for smtte (a double-click, a shortcut) and closes when it ends. A shell (cmd,
    PowerShell), or any other program on the console, keeps the window and the message."""
    if not attached:
        return False
    ours = {own_pid}
    seen = {own_pid}
    parent = processes[own_pid].parent if own_pid in processes else None
    while parent is not None and parent in processes and parent not in seen:
        seen.add(parent)
        if not LAUNCHER.fullmatch(processes[parent].exe):
            break
        ours.add(parent)
        parent = processes[parent].parent
    return set(attached) <= ours


def console_closes_with_smtte(platform: str = sys.platform, kernel32: Any = None, own_pid: int | None = None) -> bool:
    """:func:`console_is_own` for this process on this console; False off Windows or when the
    console cannot be asked (then nothing waits, as before)."""
    if platform != "win32":
        return False
    own = os.getpid() if own_pid is None else own_pid
    try:
        kernel32 = kernel32 or _kernel32()
        attached = _console_pids(kernel32)
        if attached == [own]:
            return True
        return console_is_own(own, attached, _processes(kernel32))
    except (OSError, AttributeError):
        return False


def _console_pids(kernel32: Any, room: int = 64) -> list[int]:
    buffer = (ctypes.c_uint32 * room)()
    count = kernel32.GetConsoleProcessList(buffer, room)
    if count <= 0 or count > room:  # no console, or more programs on it than any launcher chain
        return []
    return [buffer[i] for i in range(count)]


class PROCESSENTRY32W(ctypes.Structure):
    # tlhelp32.h; 568 bytes on 64-bit Windows (ULONG_PTR is pointer-sized, WCHAR two bytes)
    _fields_ = [
        ("dwSize", ctypes.c_uint32),
        ("cntUsage", ctypes.c_uint32),
        ("th32ProcessID", ctypes.c_uint32),
        ("th32DefaultHeapID", ctypes.c_size_t),
        ("th32ModuleID", ctypes.c_uint32),
        ("cntThreads", ctypes.c_uint32),
        ("th32ParentProcessID", ctypes.c_uint32),
        ("pcPriClassBase", ctypes.c_int32),
        ("dwFlags", ctypes.c_uint32),
        ("szExeFile", ctypes.c_wchar * MAX_PATH),
    ]


def _processes(kernel32: Any) -> dict[int, Process]:
    """Every process's parent and program name, from one Toolhelp snapshot."""
    snapshot = kernel32.CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0)
    if not snapshot or snapshot == _INVALID_HANDLE:
        raise OSError("no process snapshot")
    found: dict[int, Process] = {}
    try:
        entry = PROCESSENTRY32W()
        entry.dwSize = ctypes.sizeof(PROCESSENTRY32W)
        more = kernel32.Process32FirstW(snapshot, ctypes.pointer(entry))
        while more:
            found[entry.th32ProcessID] = Process(entry.th32ParentProcessID, entry.szExeFile)
            more = kernel32.Process32NextW(snapshot, ctypes.pointer(entry))
    finally:
        kernel32.CloseHandle(snapshot)
    return found


_INVALID_HANDLE = ctypes.c_void_p(-1).value


def _kernel32() -> Any:
    """The real kernel32 with the argument types spelled out (a HANDLE is pointer-sized): our own
    instance, so the declarations never touch the one Textual uses."""
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    handle, dword, flag = ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int
    declare = {
        "GetStdHandle": ([dword], handle),
        "GetConsoleMode": ([handle, ctypes.POINTER(dword)], flag),
        "SetConsoleMode": ([handle, dword], flag),
        "GetConsoleProcessList": ([ctypes.POINTER(dword), dword], dword),
        "CreateToolhelp32Snapshot": ([dword, dword], handle),
        "Process32FirstW": ([handle, ctypes.POINTER(PROCESSENTRY32W)], flag),
        "Process32NextW": ([handle, ctypes.POINTER(PROCESSENTRY32W)], flag),
        "CloseHandle": ([handle], flag),
        "GetDriveTypeW": ([ctypes.c_wchar_p], dword),
    }
    for name, (argtypes, restype) in declare.items():
        function = getattr(kernel32, name)
        function.argtypes, function.restype = argtypes, restype
    return kernel32
