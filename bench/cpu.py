"""CPU time spent while a page is measured: by the server (gunicorn's master and workers), by
PostgreSQL (the backends serving the bench database, so other databases' work on a shared machine
is left out, and so is the server's background work) and by the load generator.

Latency under load is noisy on a shared machine; the CPU each request costs is much steadier,
and it says where the time goes. Read from /proc, so Linux only: elsewhere every figure is None.
"""

from __future__ import annotations

import os
import resource
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


def _stat(pid: str) -> tuple[str, int, float] | None:
    """(command line, parent pid, CPU seconds) of a process, or None if it has gone."""
    try:
        raw = (PROC / pid / "stat").read_text()
        command = (PROC / pid / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2 :].split()
    return command, int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class CpuSample:
    server: dict[str, float]  # CPU seconds by process id
    postgres: dict[str, float]
    children_s: float  # this process's finished children: the load generator


def sample(server_pid: int, database: str) -> CpuSample | None:
    if not PROC.is_dir():
        return None
    processes = {pid: stat for pid in os.listdir(PROC) if pid.isdigit() and (stat := _stat(pid)) is not None}
    tree = {str(server_pid)}
    grew = True
    while grew:
        found = {pid for pid, (_, parent, _) in processes.items() if str(parent) in tree} - tree
        tree |= found
        grew = bool(found)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return CpuSample(
        server={pid: processes[pid][2] for pid in tree if pid in processes},
        # A backend's command line reads "postgres: <cluster>: <user> <database> <client> <state>".
        postgres={pid: cpu for pid, (command, _, cpu) in processes.items() if f" {database} " in command},
        children_s=usage.ru_utime + usage.ru_stime,
    )


def _spent(before: dict[str, float], after: dict[str, float]) -> float:
    """CPU spent between two samples by the processes alive at the second. A process that started
    in between counts from zero; one that ended in between (a database connection closed after
    CONN_MAX_AGE) is left out, so the figure errs low rather than going negative."""
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())


def per_request_ms(before: CpuSample | None, after: CpuSample | None, requests: int) -> dict[str, float | None]:
    """Milliseconds of CPU per request between two samples: server, PostgreSQL, load generator."""
    if before is None or after is None or requests <= 0:
        return {"server": None, "postgres": None, "load_generator": None}
    return {
        "server": round(_spent(before.server, after.server) * 1000 / requests, 2),
        "postgres": round(_spent(before.postgres, after.postgres) * 1000 / requests, 2),
        "load_generator": round((after.children_s - before.children_s) * 1000 / requests, 2),
    }
