"""A private PostgreSQL + PostGIS cluster under a folder (``var/pg`` for ``make run``).

Used when ``DATABASE_URL`` is unset, and by the tests (a throwaway cluster of their own).
:func:`resolve_database_url` is the one place that decides which database the app, the
command line (``manage.py``, ``python -m store.load``/``store.migrate``) and the
benchmarks use.
The database (``onemap``; ``onemap_<adcode>`` for a region pack) and its PostGIS extension
are created only when missing, so a restart changes nothing in the cluster. PostgreSQL
refuses to run as root, so as root the server runs as the ``postgres`` user.

Command line::

    python -m store.cluster start [--dir var/pg] [--port 54329]   # prints the URL
    python -m store.cluster stop  [--dir var/pg]
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import StoreUnavailable

if TYPE_CHECKING:
    from core.settings import Settings

log = logging.getLogger(__name__)

PG_BIN_CANDIDATES = [Path(f"/usr/lib/postgresql/{v}/bin") for v in (17, 16, 15)]
DB_NAME = "onemap"


def pg_bin() -> Path:
    """The folder holding ``initdb``/``pg_ctl``; a clear error if PostgreSQL is missing."""
    for candidate in PG_BIN_CANDIDATES:
        if (candidate / "pg_ctl").exists():
            return candidate
    raise StoreUnavailable(
        "PostgreSQL server binaries not found (looked in /usr/lib/postgresql/*/bin). "
        "Install them with: apt-get install postgresql postgis postgresql-15-postgis-3"
    )


def _check_reachable(root: Path) -> None:
    """As root the server runs as ``postgres``: every parent folder must be traversable."""
    for parent in root.resolve().parents:
        if not parent.stat().st_mode & 0o001:
            raise StoreUnavailable(
                f"the PostgreSQL user cannot reach {root}: {parent} is not traversable by "
                f"other users (chmod o+x {parent}, or set ONEMAP_VAR_DIR elsewhere)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class LocalCluster:
    """A PostgreSQL cluster in ``root`` listening on 127.0.0.1:``port``."""

    root: Path
    port: int
    database: str = DB_NAME  # one database per region (Settings.region_database)

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{self.database}"

    def _run(self, args: list[str], check: bool = True) -> subprocess.CompletedProcess:
        as_root = os.geteuid() == 0
        cmd = ["runuser", "-u", "postgres", "--", *args] if as_root else args
        return subprocess.run(cmd, check=check, capture_output=True, text=True)

    def is_running(self) -> bool:
        pid_file = self.data_dir / "postmaster.pid"
        if not pid_file.exists():
            return False
        res = self._run([str(pg_bin() / "pg_ctl"), "-D", str(self.data_dir), "status"], False)
        return res.returncode == 0

    def start(self) -> str:
        """Create (first time) and start the cluster; return its SQLAlchemy URL."""
        bindir = pg_bin()
        self.root.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            _check_reachable(self.root)
            shutil.chown(self.root, "postgres", "postgres")
            self.root.chmod(0o700)
        if not (self.data_dir / "PG_VERSION").exists():
            res = self._run([str(bindir / "initdb"), "-D", str(self.data_dir), "-U", "postgres",
                             "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"],
                            check=False)
            if res.returncode != 0:
                raise StoreUnavailable(f"initdb failed: {res.stderr.strip()}")
        if not self.is_running():
            opts = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
            res = self._run([str(bindir / "pg_ctl"), "-D", str(self.data_dir), "-o", opts,
                             "-l", str(self.root / "server.log"), "-w", "-t", "60", "start"],
                            check=False)
            if res.returncode != 0:
                log = (self.root / "server.log")
                tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                raise StoreUnavailable(f"PostgreSQL did not start on port {self.port}: "
                                       f"{res.stderr.strip()} {tail}")
        self._ensure_database()
        return self.url

    def _ensure_database(self) -> None:
        psql = [str(pg_bin() / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U",
                "postgres", "-v", "ON_ERROR_STOP=1", "-qAt"]
        for _ in range(50):
            res = self._run([*psql, "-d", "postgres", "-c",
                             f"SELECT 1 FROM pg_database WHERE datname='{self.database}'"], False)
            if res.returncode == 0:
                break
            time.sleep(0.1)
        else:
            raise StoreUnavailable(f"PostgreSQL on port {self.port} does not answer: {res.stderr}")
        if res.stdout.strip() != "1":
            self._run([*psql, "-d", "postgres", "-c", f"CREATE DATABASE {self.database}"])
        res = self._run([*psql, "-d", self.database, "-c",
                         "SELECT 1 FROM pg_extension WHERE extname = 'postgis'"], False)
        if res.returncode == 0 and res.stdout.strip() == "1":
            return  # already there: a restart creates nothing
        res = self._run([*psql, "-d", self.database, "-c", "CREATE EXTENSION postgis"], False)
        if res.returncode != 0:
            raise StoreUnavailable(
                f"PostGIS extension unavailable: {res.stderr.strip()} "
                "(apt-get install postgis postgresql-15-postgis-3)")

    def stop(self) -> None:
        if self.is_running():
            self._run([str(pg_bin() / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast",
                       "-w", "stop"], check=False)


def private_cluster(settings: Settings) -> LocalCluster:
    """The cluster ``make run`` keeps under ``ONEMAP_VAR_DIR/pg`` on ``ONEMAP_LOCAL_PG_PORT``,
    with the database of the region served (``onemap`` for the Hefei sample,
    ``onemap_<adcode>`` for a region pack: :attr:`core.settings.Settings.region_database`)."""
    return LocalCluster((Path(settings.var_dir) / "pg").resolve(), settings.local_pg_port,
                        settings.region_database)


def resolve_database_url(settings: Settings, *, start: bool) -> str:
    """The database the app uses: ``DATABASE_URL``, else the private cluster.

    Parameters
    ----------
    settings
        The app settings (``database_url``, ``var_dir``, ``local_pg_port``).
    start
        Start (and on the first call create) the private cluster when it is the one used.
        ``False`` only names it: the app's engine connects lazily, and an unreachable
        store is a notice per request, not a failed start.

    Returns
    -------
    str
        A SQLAlchemy URL.
    """
    if settings.database_url:
        return settings.database_url
    cluster = private_cluster(settings)
    if not start:
        return cluster.url
    log.info("starting the private PostGIS cluster in %s (port %s)", cluster.root, cluster.port)
    return cluster.start()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m store.cluster")
    parser.add_argument("action", choices=["start", "stop", "url"])
    parser.add_argument("--dir", type=Path, default=Path("var/pg"))
    parser.add_argument("--port", type=int, default=54329)
    args = parser.parse_args(argv)
    cluster = LocalCluster(args.dir.resolve(), args.port)
    try:
        if args.action == "start":
            print(cluster.start())
        elif args.action == "stop":
            cluster.stop()
        else:
            print(cluster.url)
    except StoreUnavailable as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
