"""Paths, the environment handed to Kith's processes, and running ``manage.py``."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)
GUNICORN = PYTHON.parent / "gunicorn"


class HarnessError(Exception):
    """The benchmark itself could not run: reported and turned into a non-zero exit."""


def var_dir() -> Path:
    return Path(os.environ.get("KITH_VAR_DIR", ROOT / "var")).resolve()


def bench_dir() -> Path:
    path = var_dir() / "bench"
    path.mkdir(parents=True, exist_ok=True)
    return path


def kith_env(database_url: str) -> dict[str, str]:
    """The environment for a Kith process against ``database_url``: DEBUG off, plain-HTTP cookies."""
    env = dict(os.environ)
    env.pop("KITH_DEBUG", None)
    env["DATABASE_URL"] = database_url
    env.setdefault("KITH_SECRET_KEY", "test-only-secret")
    env["KITH_SECURE_COOKIES"] = "0"
    env["KITH_VAR_DIR"] = str(var_dir())
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    env["PYTHONUNBUFFERED"] = "1"
    return env


def run_logged(args: list[str], *, env: dict[str, str], log_name: str) -> float:
    """Run a command from the project root with its output in var/bench/<log_name>.

    Returns the wall-clock seconds it took; raises HarnessError, with the log's tail, if it fails.
    """
    log_path = bench_dir() / log_name
    started = time.perf_counter()
    with log_path.open("w") as log:
        completed = subprocess.run(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, check=False)  # noqa: S603
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        raise HarnessError(f"{' '.join(args)} failed ({completed.returncode}); see {log_path}:\n{tail(log_path)}")
    return seconds


def manage(args: list[str], *, database_url: str, log_name: str) -> float:
    """Run ``manage.py <args>`` against ``database_url``; returns the seconds it took."""
    return run_logged([str(PYTHON), "manage.py", *args], env=kith_env(database_url), log_name=log_name)


def run_module_json(module: str, args: list[str], *, env: dict[str, str]) -> str:
    """Run ``python -m <module> <args>`` and return its standard output; raise HarnessError on failure."""
    completed = subprocess.run(  # noqa: S603
        [str(PYTHON), "-m", module, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise HarnessError(f"python -m {module} {' '.join(args)} failed:\n{completed.stderr[-3000:]}")
    return completed.stdout


def tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""
