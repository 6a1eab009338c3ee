"""A small HTTP/1.1 load generator: ``python -m bench.load TARGETS.json --port P [...]``.

Raw asyncio streams, one connection per client kept alive when the server allows it (gunicorn's
sync workers close after each response, so each request then opens a new connection, and the
connect time is counted as a browser would count it). It runs in its own process so that its
work does not sit inside the server's timings, and it is cheap enough not to crowd 2 cores.

TARGETS.json is a list of ``{"path": ..., "expect": ..., "hint": ...}``: requests cycle over it;
every response must be 200 with ``expect`` in its body, or the run fails (exit 2) with the first
failures on standard error. ``hint``, if given, is counted, never enforced. Prints JSON: the
latencies of the measured requests in milliseconds, hint hits, wall time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TIMEOUT_S = 60.0


@dataclass(frozen=True)
class Target:
    path: str
    expect: bytes
    hint: bytes | None = None


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    hint_hits: int = 0
    hint_total: int = 0
    bytes_read: int = 0


class Connection:
    """One client's connection, reopened when the server closes it."""

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None

    async def get(self, path: str, headers: bytes) -> tuple[int, bytes]:
        """GET ``path``; retry once on a fresh connection if a kept-alive one was closed under us."""
        reused = self.writer is not None
        try:
            return await self._get(path, headers)
        except (ConnectionError, asyncio.IncompleteReadError):
            await self.close()
            if not reused:
                raise
            return await self._get(path, headers)

    async def _get(self, path: str, headers: bytes) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(b"GET " + path.encode("ascii") + b" HTTP/1.1\r\n" + headers)
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *lines = head.decode("latin-1").split("\r\n")
        version, status = status_line.split(" ", 2)[:2]
        fields = {}
        for line in lines:
            if ":" in line:
                key, value = line.split(":", 1)
                fields[key.strip().lower()] = value.strip().lower()
        if "content-length" in fields:
            body = await self.reader.readexactly(int(fields["content-length"]))
        elif fields.get("transfer-encoding") == "chunked":
            body = await self._chunked()
        else:
            body = await self.reader.read()
            fields["connection"] = "close"
        if fields.get("connection") == "close" or version == "HTTP/1.0":
            await self.close()
        if "location" in fields and not body:
            body = b"(redirected to " + fields["location"].encode() + b")"
        return int(status), body

    async def _chunked(self) -> bytes:
        assert self.reader is not None
        parts: list[bytes] = []
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await self.reader.readuntil(b"\r\n")
                return b"".join(parts)
            parts.append(await self.reader.readexactly(size))
            await self.reader.readexactly(2)


async def client(
    host: str, port: int, headers: bytes, work: Iterator[Target], tally: Tally | None, max_errors: int = 5
) -> None:
    """Take requests from the shared iterator until it runs out; record them in ``tally`` unless warming up."""
    connection = Connection(host, port)
    try:
        for target in work:
            started = time.perf_counter()
            try:
                status, body = await asyncio.wait_for(connection.get(target.path, headers), TIMEOUT_S)
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as error:
                status, body = 0, repr(error).encode()
                await connection.close()
            elapsed_ms = (time.perf_counter() - started) * 1000
            if tally is None:
                continue
            if status != 200 or target.expect not in body:
                if len(tally.errors) < max_errors:
                    tally.errors.append(f"{target.path}: {status}, expected {target.expect!r}: {body[:300]!r}")
                else:
                    tally.errors.append("")
                continue
            tally.latencies_ms.append(elapsed_ms)
            tally.bytes_read += len(body)
            if target.hint is not None:
                tally.hint_total += 1
                tally.hint_hits += target.hint in body
    finally:
        await connection.close()


async def run(
    targets: list[Target], *, host: str, port: int, cookie: str, concurrency: int, requests: int, warmup: int
) -> dict[str, Any]:
    headers = f"Host: {host}:{port}\r\nUser-Agent: kith-bench\r\nAccept: text/html\r\n".encode()
    if cookie:
        headers += f"Cookie: {cookie}\r\n".encode()
    headers += b"\r\n"
    cycle = itertools.cycle(targets)
    if warmup:
        warm = itertools.islice(cycle, warmup)
        warm_tally = Tally()
        await asyncio.gather(*(client(host, port, headers, warm, warm_tally) for _ in range(concurrency)))
        if warm_tally.errors:
            return {"errors": warm_tally.errors, "phase": "warm-up"}
    tally = Tally()
    measured = itertools.islice(cycle, requests)
    started = time.perf_counter()
    await asyncio.gather(*(client(host, port, headers, measured, tally) for _ in range(concurrency)))
    wall_s = time.perf_counter() - started
    return {
        "latencies_ms": tally.latencies_ms,
        "errors": tally.errors,
        "hint_hits": tally.hint_hits,
        "hint_total": tally.hint_total,
        "bytes_read": tally.bytes_read,
        "wall_s": wall_s,
        "phase": "measured",
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument("targets", type=Path)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cookie", default="", help='e.g. "sessionid=abc"')
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=100)
    args = parser.parse_args(argv)
    raw = json.loads(args.targets.read_text())
    targets = [Target(t["path"], t["expect"].encode(), t["hint"].encode() if t.get("hint") else None) for t in raw]
    result = asyncio.run(
        run(
            targets,
            host=args.host,
            port=args.port,
            cookie=args.cookie,
            concurrency=args.concurrency,
            requests=args.requests,
            warmup=args.warmup,
        )
    )
    if result["errors"]:
        failures = [error for error in result["errors"] if error]
        print(
            f"{len(result['errors'])} failed responses in the {result['phase']} phase; the first:",
            *failures,
            sep="\n  ",
            file=sys.stderr,
        )
        sys.exit(2)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
