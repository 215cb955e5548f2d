"""The one place where smtte decides where files live.

Four kinds of location:

* the **data folder** (shared between terminals, usually on a network share);
* the **PC's folder** (:func:`local_dir`: terminal identity, write-ahead journal, copies of what
  the PC wrote, writer locks), which must sit on the terminal's own disk so a record is durable
  even when the share is gone;
* the **person's own folder** (:func:`user_dir`: drafts and the log file), owner-only;
* the **config file** (per user, optional).

Data folder precedence, first match wins: ``--data-dir`` > ``SMTTE_DATA_DIR`` > ``data_dir`` in the
config file > the embedded ``data/`` folder of a checkout.

PC's folder precedence (:func:`choose_local_dir`), first match wins:

1. ``SMTTE_LOCAL_DIR`` (tests, special installs): the PC's folder *and* the person's own folder;
2. on Windows, ``%ProgramData%\\smtte`` when IT has made it and this person can write in it: one
   identity, journal and writer lock for the whole PC, whoever is signed in to Windows. With one
   Windows account per staff member, a per-user folder would make every user x PC its own
   terminal, and records saved during an outage would wait until that same person opened smtte
   on that same PC again (a roaming or VDI profile reset loses them). smtte never makes this
   folder itself: ProgramData's default rights let every user of the PC read what another wrote
   there, so only IT can give it the staff group's rights (README, "Windows PCs");
3. the person's own folder (``%LOCALAPPDATA%\\smtte``, ``~/.local/share/smtte``, ...), as before.

Drafts and the log always stay in the person's own folder (owner-only), also when the PC's folder
is machine-wide: a half-typed note is nobody else's business.

Folders smtte creates are 0700 and its own files 0600 on Linux/macOS (staff-only, like the data).
On Windows a person's own folder is made owner-only (:func:`private_dir`; the ACL that mode 0o700
gives since Python 3.12.4/3.13, or the profile's own ACL before that), and the folders inside the
PC's folder inherit its ACL (see ``store/files.py``, ``folder_mode``).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import platformdirs

log = logging.getLogger(__name__)

APP_NAME = "smtte"
DIR_MODE = 0o700
FILE_MODE = 0o600
ENV_DATA_DIR = "SMTTE_DATA_DIR"
ENV_LOCAL_DIR = "SMTTE_LOCAL_DIR"
ENV_CONFIG_FILE = "SMTTE_CONFIG"
IS_WINDOWS = os.name == "nt"  # a module attribute, so a test can give the code a Windows PC


def config_file() -> Path:
    """The user's config file (it need not exist). ``SMTTE_CONFIG`` overrides it (tests)."""
    override = os.environ.get(ENV_CONFIG_FILE)
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def user_dir() -> Path:
    """The person's own folder on this PC (drafts, log). ``SMTTE_LOCAL_DIR`` overrides it."""
    override = os.environ.get(ENV_LOCAL_DIR)
    if override:
        return Path(override)
    return _platform_user_dir()


def _platform_user_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def _platform_machine_dir() -> Path:
    # Windows: %ProgramData%\smtte (the known folder, as the shell reports it)
    return Path(platformdirs.site_data_dir(APP_NAME, appauthor=False))


# The choices are NamedTuples, not frozen dataclasses: this module is imported on the way to the
# lock screen, and a NamedTuple class is made in a tenth of the time (smtte bench, launch).
class LocalChoice(NamedTuple):
    path: Path
    machine_wide: bool  # shared by every Windows user of this PC (its ACL is IT's)


def choose_local_dir(*, override: str | None, windows: bool, machine: Callable[[], Path], user: Callable[[], Path], usable: Callable[[Path], bool]) -> LocalChoice:
    """Apply the documented precedence for the PC's folder (see the module docstring)."""
    if override:
        return LocalChoice(Path(override), machine_wide=False)
    if windows:
        folder = machine()
        if folder.is_dir():
            if usable(folder):
                return LocalChoice(folder, machine_wide=True)
            log.warning("%s exists but this user cannot write in it: using the user's own folder (IT: give the staff group modify rights)", folder)
    return LocalChoice(user(), machine_wide=False)


def local_choice() -> LocalChoice:
    """The PC's folder on this PC, and whether it is machine-wide."""
    return choose_local_dir(override=os.environ.get(ENV_LOCAL_DIR), windows=IS_WINDOWS, machine=_platform_machine_dir, user=_platform_user_dir, usable=can_write_in)


def local_dir() -> Path:
    """This PC's folder for terminal identity, journal, copies and writer locks."""
    return local_choice().path


def can_write_in(folder: Path) -> bool:
    """Whether this process can create (and remove) a file in ``folder``: on Windows only trying
    tells, since ``os.access`` does not read ACLs."""
    probe = folder / f".smtte-probe-{os.urandom(6).hex()}.tmp"  # unique, not secret (os: no hashlib at start)
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except OSError:
        return False
    try:
        probe.unlink()
    except OSError:
        pass  # held for a moment (antivirus); a leftover probe harms nothing
    return True


def left_behind_dir() -> Path | None:
    """The person's own folder when it is no longer the PC's folder (IT has since made the
    machine-wide one): records this person saved there before and never got to the share still
    wait in its journal, and must be published from there (``cli``), never forgotten."""
    choice = local_choice()
    if not choice.machine_wide:
        return None
    own = user_dir()
    return own if own != choice.path and (own / "journal").is_dir() else None


def private_dir(path: Path, *, tighten: bool = False) -> Path:
    """Create ``path`` and any missing parents, each owner-only: 0700 (``mkdir(parents=True)``
    would give them the default 0755; on Windows 0o700 is an owner-only ACL since Python 3.12.4).
    ``tighten``: an existing ``path`` is made 0700 too (this PC's own folder, which older versions
    created 0755); a folder chosen by someone else is left as it is."""
    missing = []
    folder = path
    while not folder.exists() and folder.parent != folder:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            pass
    if tighten and os.name == "posix":
        _chmod(path, DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Make sure ``path`` exists and is 0600 (created so; an existing file is tightened)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE))
    if os.name == "posix":
        _chmod(path, FILE_MODE)
    return path


def _chmod(path: Path, mode: int) -> None:
    try:
        os.chmod(path, mode)
    except OSError:  # not ours: leave it, the person's own rights still apply
        pass


def log_file() -> Path:
    """This person's log file on this PC (errors with their detail; never shown on screen)."""
    return user_dir() / "smtte.log"


def embedded_data_dir() -> Path:
    """The checkout's own ``data/`` folder (demo data), next to the ``smtte_tui`` package."""
    return Path(__file__).resolve().parent.parent / "data"


class DataDirChoice(NamedTuple):
    path: Path
    source: str  # "argument" | "env" | "config" | "embedded"

    @property
    def is_embedded(self) -> bool:
        return self.source == "embedded"


def database_address(argument: str | None, config_value: str | None) -> str | None:
    """The data-dir setting when, by the same precedence as :func:`choose_data_dir`, it names
    the municipality's database (``postgresql://…``) instead of a folder; None otherwise. The
    address may hold a password: never print it."""
    chosen = argument or os.environ.get(ENV_DATA_DIR) or config_value
    if chosen and chosen.strip().lower().startswith(("postgresql://", "postgres://")):
        return chosen.strip()
    return None


def choose_data_dir(argument: str | None, config_value: str | None) -> DataDirChoice:
    """Apply the documented precedence and say where the answer came from."""
    if argument:
        return DataDirChoice(Path(argument).expanduser(), "argument")
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return DataDirChoice(Path(env).expanduser(), "env")
    if config_value:
        return DataDirChoice(Path(config_value).expanduser(), "config")
    return DataDirChoice(embedded_data_dir(), "embedded")
