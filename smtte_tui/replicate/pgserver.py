"""A private PostgreSQL server in a temp folder, for the tests and the bench (never for a house).

PostgreSQL refuses to run as root, and CI runs as root: the server's folder then belongs to an
unprivileged system user (``postgres`` when Debian's package made it, else ``nobody``) and
``initdb``/``pg_ctl`` run as that user through ``runuser``. The server listens only on a unix
socket in its own folder (no TCP port, nothing another process on the machine can reach by
accident), trusts local connections (a throwaway cluster) and is stopped and removed by
:meth:`PrivateServer.stop`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

BIN_DIRS = ("/usr/lib/postgresql/15/bin", "/usr/local/bin", "/usr/bin")
SUPERUSER = "smtte_admin"


class ServerUnavailable(RuntimeError):
    """No PostgreSQL binaries here, or the server would not start (the reason is in the text)."""


def find_binary(name: str) -> str:
    for folder in BIN_DIRS:
        candidate = Path(folder) / name
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise ServerUnavailable(f"{name} not found (install Debian's postgresql package)")
    return found


def _run_as() -> list[str]:
    """The command prefix that runs a server binary as a non-root user (nothing when not root)."""
    if os.name == "nt" or os.geteuid() != 0:
        return []
    import pwd

    for user in ("postgres", "nobody"):
        try:
            pwd.getpwnam(user)
        except KeyError:
            continue
        return ["runuser", "-u", user, "--"]
    raise ServerUnavailable("no unprivileged user to run PostgreSQL as (postgres or nobody)")


class PrivateServer:
    """``with PrivateServer() as server: psycopg.connect(server.url("db"))``."""

    def __init__(self, parent: Path | None = None, *, durable: bool = False) -> None:
        # durable=False: no fsync (tests); True: PostgreSQL's defaults, as a municipality runs it (bench)
        self.durable = durable
        self.folder = Path(tempfile.mkdtemp(prefix="smtte-pg-", dir=parent))
        self.data = self.folder / "data"
        self.socket_dir = self.folder
        self._prefix = _run_as()
        self.running = False

    def _as_server_user(self, command: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self._prefix + command, capture_output=True, text=True, timeout=120, **kwargs)

    def start(self) -> PrivateServer:
        if self._prefix:
            user = self._prefix[2]
            shutil.chown(self.folder, user=user)
        os.chmod(self.folder, 0o755)  # the socket must be reachable by the connecting (root) user
        init = self._as_server_user([find_binary("initdb"), "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
        if init.returncode != 0:
            raise ServerUnavailable(f"initdb failed: {init.stderr.strip()[-400:]}")
        self._pg_ctl_start()
        return self

    def _options(self) -> str:
        options = f"-c listen_addresses='' -c unix_socket_directories='{self.socket_dir}'"
        return options if self.durable else options + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"

    def _pg_ctl_start(self) -> None:
        log_file = self.folder / "server.log"
        started = self._as_server_user([find_binary("pg_ctl"), "-D", str(self.data), "-o", self._options(), "-l", str(log_file), "-w", "-t", "60", "start"])
        if started.returncode != 0:
            log = log_file.read_text(errors="replace")[-600:] if log_file.exists() else ""
            raise ServerUnavailable(f"pg_ctl start failed: {started.stderr.strip()[-400:]} {log}")
        self.running = True

    def url(self, dbname: str = "postgres", user: str = SUPERUSER) -> str:
        return f"postgresql://{user}@/{dbname}?host={self.socket_dir}"

    def stop_server(self, mode: str = "fast") -> None:
        """Stop the server but keep its folder (a test starts it again: "the database is back")."""
        if self.running:
            self._as_server_user([find_binary("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"])
            self.running = False

    def restart(self) -> None:
        """Start the stopped server again on the same folder and socket."""
        if not self.running:
            self._pg_ctl_start()

    def require_passwords(self) -> None:
        """From now on every user but the superuser logs in with a password (scram), as on a
        municipality's server: a test can then give a terminal a wrong one."""
        hba = self.data / "pg_hba.conf"
        rules = f"local all {SUPERUSER} trust\nlocal all all scram-sha-256\n"
        self._as_server_user(["sh", "-c", f"printf '{rules}' > '{hba}'"])
        done = self._as_server_user([find_binary("pg_ctl"), "-D", str(self.data), "reload"])
        if done.returncode != 0:
            raise ServerUnavailable(f"pg_ctl reload failed: {done.stderr.strip()[-400:]}")

    def create_database(self, name: str) -> str:
        """A fresh empty database; returns its URL."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        self.stop_server("immediate")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                shutil.rmtree(self.folder)
                return
            except OSError:
                time.sleep(0.1)

    def __enter__(self) -> PrivateServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
