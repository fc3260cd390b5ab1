"""A throwaway PostgreSQL server for the team tests and for CI.

Standard library only, so ``.ci/run`` can start the server with the system Python before the
virtual environment exists (``python3 tests/team/pgserver.py start``), export the URL it prints
as ``ANNOTATOR_TEST_PG_URL``, and stop it when the run ends (``... stop DIR``). The tests use the
same code when that variable is unset.

PostgreSQL refuses to run as root, so as root the server runs as the ``postgres`` user in a
directory that user owns. It listens on 127.0.0.1 only, on a free port, with its own socket
directory. Socket connections are trusted (the superuser URL uses the socket); TCP connections
need a SCRAM password, so the tests exercise the password paths a real team server has.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

URL_ENV = "ANNOTATOR_TEST_PG_URL"
SERVER_USER = "postgres"


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _server_user() -> Any:
    import pwd  # POSIX only, and only needed as root

    return pwd.getpwnam(SERVER_USER)


def tools_available() -> str | None:
    """``None`` when initdb and pg_ctl are on PATH, else the reason to skip."""
    missing = [t for t in ("initdb", "pg_ctl") if shutil.which(t) is None]
    if missing:
        return f"PostgreSQL server tools not installed ({', '.join(missing)} not on PATH)"
    if _is_root():
        try:
            _server_user()
        except KeyError:
            return f"running as root and there is no {SERVER_USER!r} user to run PostgreSQL as"
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _run_as_server_user(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Run a server tool; as root, as the ``postgres`` user (PostgreSQL refuses root)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["LC_ALL"] = "C.UTF-8"
    if _is_root():
        entry = _server_user()
        env["HOME"] = entry.pw_dir
        return subprocess.run(
            args,
            user=entry.pw_uid,
            group=entry.pw_gid,
            extra_groups=[],
            env=env,
            text=True,
            capture_output=True,
            check=True,
            **kwargs,
        )
    return subprocess.run(args, env=env, text=True, capture_output=True, check=True, **kwargs)


@dataclass(frozen=True)
class Server:
    """A running throwaway server: ``url`` is a superuser URL over the server's own socket."""

    directory: Path
    port: int

    @property
    def socket_dir(self) -> Path:
        return self.directory

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://{SERVER_USER}@/postgres?host={self.directory}&port={self.port}"

    def stop(self) -> None:
        stop(self.directory)


def start(directory: Path | None = None) -> Server:
    """initdb and start a server in a fresh directory; raises ``RuntimeError`` with the log on failure."""
    reason = tools_available()
    if reason:
        raise RuntimeError(reason)
    directory = Path(directory or tempfile.mkdtemp(prefix="annotator-pg-"))
    directory.mkdir(parents=True, exist_ok=True)
    if _is_root():
        entry = _server_user()
        os.chown(directory, entry.pw_uid, entry.pw_gid)
    os.chmod(directory, 0o700)
    data = directory / "data"
    port = _free_port()
    try:
        _run_as_server_user(
            [
                "initdb",
                "-D",
                str(data),
                "-U",
                SERVER_USER,
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "--encoding=UTF8",
                "--no-sync",
            ]
        )
        options = (
            f"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
        )
        _run_as_server_user(
            [
                "pg_ctl",
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(directory / "log"),
                "-w",
                "-t",
                "60",
                "start",
            ]
        )
    except subprocess.CalledProcessError as exc:
        log = directory / "log"
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        raise RuntimeError(f"could not start PostgreSQL: {exc.stderr or exc.stdout}\n{tail}") from exc
    (directory / "port").write_text(str(port))
    return Server(directory=directory, port=port)


def stop(directory: Path) -> None:
    """Stop the server in ``directory`` (if running) and remove the directory."""
    data = Path(directory) / "data"
    if (data / "postmaster.pid").exists():
        with contextlib.suppress(subprocess.CalledProcessError):
            _run_as_server_user(["pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop"])
    shutil.rmtree(directory, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("start", help="start a server; print its directory and superuser URL")
    p.add_argument("--dir", type=Path, default=None)
    p = sub.add_parser("stop", help="stop the server in DIR and remove DIR")
    p.add_argument("dir", type=Path)
    args = parser.parse_args(argv)
    if args.command == "start":
        try:
            server = start(args.dir)
        except RuntimeError as exc:
            print(exc, file=sys.stderr)
            return 1
        print(server.directory)
        print(server.url)
        return 0
    stop(args.dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
