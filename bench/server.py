"""Gunicorn for the benchmark: started on a free port of 127.0.0.1 and always stopped."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from bench.env import GUNICORN, ROOT, HarnessError, bench_dir, kith_env, tail

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    workers: int
    pid: int  # gunicorn's master process


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _wait_until_up(process: subprocess.Popen[bytes], port: int, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    url = f"http://{HOST}:{port}/healthz"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise HarnessError(f"gunicorn exited ({process.returncode}):\n{tail(bench_dir() / 'gunicorn.log')}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise HarnessError(f"gunicorn did not answer {url} within {timeout_s:.0f} s:\n{tail(bench_dir() / 'gunicorn.log')}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to gunicorn's process group (master and workers), SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextmanager
def gunicorn(database_url: str, *, workers: int) -> Iterator[Server]:
    """Serve Kith against ``database_url`` for the duration of the ``with`` block."""
    port = free_port()
    args = [str(GUNICORN), "config.wsgi", "--bind", f"{HOST}:{port}", "--workers", str(workers)]
    args += ["--log-level", "warning", "--timeout", "120", "--backlog", "256"]
    with (bench_dir() / "gunicorn.log").open("wb") as log:
        process = subprocess.Popen(  # noqa: S603
            args, cwd=ROOT, env=kith_env(database_url), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            _wait_until_up(process, port)
            yield Server(HOST, port, workers, process.pid)
        finally:
            _stop(process)
