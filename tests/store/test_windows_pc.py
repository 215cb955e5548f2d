"""Smaller things on a Windows PC (issue W13, and W3's machine-wide folder): the writer lock,
the PC's machine id, short quarantine names, Explorer's files in a new folder, and the records a
person saved before IT made the PC's folder machine-wide.

No Windows machine runs these tests: each gives the code a Windows PC (``terminal.IS_WINDOWS``,
``locations.IS_WINDOWS``, a fake ``msvcrt`` or ``winreg``) and checks the decision.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from smtte_tui import locations
from smtte_tui.i18n import t
from smtte_tui.store import Store, layout, terminal
from smtte_tui.store.terminal import WriterLock, load_identity, machine_id, parse_ioreg_uuid
from tests.people import house_staff

from .conftest import NOW, fixed_clock, published_ids


def test_explorer_and_finder_files_leave_a_new_share_folder_empty(tmp_path):
    data = tmp_path / "new-share"
    data.mkdir()
    for name in ("desktop.ini", "Thumbs.db", ".DS_Store"):
        (data / name).write_bytes(b"\x00")
    with Store(data, local_dir=tmp_path / "pc", create=True) as store:
        store.create_many(house_staff(), "LE")
    assert json.loads((data / layout.FORMAT_FILE).read_bytes())["format"] == layout.FORMAT_NAME


def test_a_quarantined_file_gets_a_short_name_and_its_reason_says_where_it_was(share):
    deep = share.data / layout.BORGERE / share.borger.id / "2026" / ("t0123456789ab (Anne-Marie Sørensen-Bødtcher's conflicted copy 2026-11-25 on KONTOR-PC-ST-2)" + layout.SUFFIX)
    deep.parent.mkdir(parents=True, exist_ok=True)
    deep.write_bytes(b"{half a record")
    repairer = share.open("lenes-pc", clock=fixed_clock(NOW))
    repairer.load_everything()
    assert deep in repairer.problems or deep in repairer.conflict_copies
    repairer.repair()
    [(kept, reason)] = repairer.quarantine_listing()
    note = kept.with_name(kept.name + ".reason.txt")
    assert len(note.name) <= 100  # date, a short hash and the file's own name, never its whole path
    assert kept.name.startswith(f"{NOW:%Y%m%d-%H%M%S}-") and kept.name.endswith(layout.SUFFIX)
    rel = deep.relative_to(share.data).as_posix()
    assert note.read_text(encoding="utf-8").splitlines() == [reason, t("store.quarantine.from", path=rel)]
    assert kept.read_bytes() == b"{half a record"


# --- the writer lock on Windows ----------------------------------------------------------------


class FakeMsvcrt:
    """``msvcrt.locking`` as Windows answers it: a held byte refuses LK_NBLCK (EACCES)."""

    LK_NBLCK, LK_UNLCK = 2, 0

    def __init__(self, busy_for: int = 0) -> None:
        self.calls: list[tuple[str, int]] = []
        self.busy_for = busy_for  # tries refused while Windows has not yet freed a crashed process's lock

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        position = os.lseek(fd, 0, os.SEEK_CUR)
        self.calls.append(("unlock" if mode == self.LK_UNLCK else "lock", position))
        assert nbytes == 1
        if mode == self.LK_NBLCK and self.busy_for:
            self.busy_for -= 1
            raise PermissionError(13, "Permission denied")


@pytest.fixture
def windows_locks(monkeypatch):
    def use(fake: FakeMsvcrt) -> None:
        monkeypatch.setattr(terminal, "IS_WINDOWS", True)
        monkeypatch.setattr(terminal, "_msvcrt", lambda: fake)

    return use


def test_the_windows_writer_lock_is_unlocked_before_its_handle_is_closed(tmp_path, windows_locks):
    fake = FakeMsvcrt()
    windows_locks(fake)
    lock = WriterLock(tmp_path / "locks" / "t0123456789ab.lock")
    assert lock.acquire()
    lock.handle.seek(0, os.SEEK_END)  # wherever the file position went, the same byte is unlocked
    lock.release()
    assert fake.calls == [("lock", 0), ("unlock", 0)] and lock.handle is None


def test_after_a_crash_the_windows_writer_lock_is_tried_again_briefly_before_giving_up(tmp_path, windows_locks):
    fake = FakeMsvcrt(busy_for=2)  # Windows frees the dead process's lock a moment later
    windows_locks(fake)
    waited: list[float] = []
    lock = WriterLock(tmp_path / "locks" / "t0123456789ab.lock", sleep=waited.append)
    assert lock.acquire()
    assert len(waited) == 2 and [c for c, _ in fake.calls] == ["lock", "lock", "lock"]
    lock.release()

    running = FakeMsvcrt(busy_for=100)  # another smtte really runs as this terminal
    windows_locks(running)
    waited = []
    assert not WriterLock(tmp_path / "locks" / "t0123456789ab.lock", sleep=waited.append).acquire()
    assert tuple(waited) == terminal.LOCK_RETRY_S and sum(waited) < 1.0


def test_a_lock_file_this_user_may_not_open_makes_a_second_writer_not_a_crash(tmp_path, monkeypatch):
    lock_file = tmp_path / "locks" / "t0123456789ab.lock"
    real_open = os.open

    def denied(path, flags, *args, **kwargs):
        if Path(os.fsdecode(path)) == lock_file:
            raise PermissionError(13, "Access is denied", os.fsdecode(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    assert WriterLock(lock_file).acquire() is False


# --- the PC's identity ---------------------------------------------------------------------------


def test_the_terminal_keeps_its_writer_id_when_the_hardware_address_changes(tmp_path, monkeypatch):
    addresses = iter([0x00155D012345, 0x0A0027000001, 0x02004C4F4F50])  # docked, VPN adapter, reboot
    monkeypatch.setattr(terminal.uuid, "getnode", lambda: next(addresses))
    first = load_identity(tmp_path / "pc")
    assert load_identity(tmp_path / "pc").id == first.id
    assert load_identity(tmp_path / "pc").id == first.id


def test_a_pc_folder_copied_to_another_machine_still_gets_its_own_writer_id(tmp_path, monkeypatch):
    folder = tmp_path / "ProgramData" / "smtte"  # the same path on every PC the image is rolled out to
    monkeypatch.setattr(terminal, "machine_id", lambda system=None: "4c4c4544-0042-3510-8052-b4c04f4e4a31")
    original = load_identity(folder)
    monkeypatch.setattr(terminal, "machine_id", lambda system=None: "9f1e2d3c-0000-4000-8000-1a2b3c4d5e6f")
    clone = load_identity(folder)  # the folder as the disk image carried it, on another PC
    assert clone.id != original.id and clone.klonet_fra == original.id


def test_an_identity_made_by_the_previous_version_is_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(terminal.uuid, "getnode", lambda: 0x00155D012345)
    folder = tmp_path / "pc"
    folder.mkdir()
    old = terminal.TerminalIdentity(id="t00aa00bb00cc", navn="Stuen", vaert=terminal.platform.node(), fingerprint=terminal._hardware_fingerprint(folder), oprettet=NOW)
    (folder / "terminal.json").write_text(old.model_dump_json(), encoding="utf-8")
    kept = load_identity(folder)
    assert kept.id == "t00aa00bb00cc" and kept.fingerprint == terminal._fingerprint(folder)
    monkeypatch.setattr(terminal.uuid, "getnode", lambda: 0x0A0027000001)  # and it stays after the next docking
    assert load_identity(folder).id == "t00aa00bb00cc"


def test_the_windows_machine_id_is_read_from_the_64_bit_registry_view(monkeypatch):
    opened = []

    class Key:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def open_key(root, path, reserved, access):
        opened.append((root, path, access))
        return Key()

    fake = SimpleNamespace(
        HKEY_LOCAL_MACHINE="HKLM",
        KEY_READ=0x20019,
        KEY_WOW64_64KEY=0x0100,
        OpenKey=open_key,
        QueryValueEx=lambda key, name: ("5D7A1E5C-1B2C-4D3E-8F90-ABCDEF012345", 1) if name == "MachineGuid" else None,
    )
    monkeypatch.setattr(terminal, "_winreg", lambda: fake)
    assert machine_id("Windows") == "5d7a1e5c-1b2c-4d3e-8f90-abcdef012345"
    assert opened == [("HKLM", r"SOFTWARE\Microsoft\Cryptography", 0x20019 | 0x0100)]


def test_machine_ids_on_linux_and_macos_and_none_to_read(tmp_path, monkeypatch):
    (tmp_path / "machine-id").write_text("3d1219c7c4c5404aaa1f6d2a48adfda4\n", encoding="ascii")
    monkeypatch.setattr(terminal, "LINUX_MACHINE_ID_FILES", (tmp_path / "missing", tmp_path / "machine-id"))
    assert machine_id("Linux") == "3d1219c7c4c5404aaa1f6d2a48adfda4"
    monkeypatch.setattr(terminal, "LINUX_MACHINE_ID_FILES", (tmp_path / "missing",))
    assert machine_id("Linux") == "-"  # the host name in the fingerprint then stands alone
    ioreg = '+-o Mac  <class IOPlatformExpertDevice>\n    "IOPlatformUUID" = "0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0"\n'
    assert parse_ioreg_uuid(ioreg) == "0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0"
    assert machine_id("Plan9") == "-"


# --- the PC's folder becomes machine-wide ------------------------------------------------------


def test_records_saved_before_it_made_the_pc_folder_machine_wide_are_shared_from_the_persons_folder(share, monkeypatch):
    from smtte_tui.cli import _open_store

    own = share.tmp / "Users" / "mads" / "AppData" / "Local" / "smtte"
    machine = share.tmp / "ProgramData" / "smtte"
    before = Store(share.data, local_dir=own)  # Mads' own folder, as every version before kept it
    format_file = share.data / layout.FORMAT_FILE
    format_file.rename(format_file.with_name("FORMAT.away"))  # the share drops away while he saves
    saved = before.create(share.observation(before.writer), "MA")
    before.close()
    format_file.with_name("FORMAT.away").rename(format_file)
    assert saved.id not in published_ids(share.data, before.writer)

    machine.mkdir(parents=True)  # IT makes %ProgramData%\smtte for the staff group
    monkeypatch.delenv(locations.ENV_LOCAL_DIR)
    monkeypatch.setattr(locations, "IS_WINDOWS", True)
    monkeypatch.setattr(locations, "_platform_machine_dir", lambda: machine)
    monkeypatch.setattr(locations, "_platform_user_dir", lambda: own)
    with _open_store(str(share.data), write_behind=True) as pc:
        assert pc.local_dir == machine and pc.writer != before.writer  # one terminal for the whole PC now
    assert saved.id in published_ids(share.data, before.writer)  # shared as the writer that saved it
    with Store(share.data, local_dir=own, readonly=True) as look:
        assert look.pending_on_this_pc() == 0
