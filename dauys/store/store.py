"""The Store: one DuckDB file, opened only for as long as a read or a write needs it.

DuckDB lets one process write a database file at a time (and, while it writes, no other process may
open it). The Store therefore never keeps a connection open between operations: ``read()`` and
``write()`` open, use and close one. When another process holds the file, the Store waits up to
``lock_timeout`` seconds and then raises :class:`ProjectBusyError` naming that process.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from dauys.errors import ProjectBusyError, SchemaVersionError
from dauys.store.schema import MIGRATIONS, SCHEMA_VERSION

DEFAULT_LOCK_TIMEOUT = 10.0
_LOCK_PATTERN = re.compile(r"Could not set lock|Conflicting lock", re.IGNORECASE)
_PID_PATTERN = re.compile(r"PID (\d+)")


def _lock_timeout() -> float:
    return float(os.environ.get("DAUYS_LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT))


class Store:
    """The project's database file."""

    def __init__(self, path: Path, lock_timeout: float | None = None):
        self.path = Path(path)
        self.lock_timeout = _lock_timeout() if lock_timeout is None else lock_timeout

    def _connect(self, read_only: bool) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + self.lock_timeout
        while True:
            try:
                con = duckdb.connect(str(self.path), read_only=read_only)
                break
            except duckdb.IOException as exc:
                if not _LOCK_PATTERN.search(str(exc)):
                    raise
                if time.monotonic() >= deadline:
                    pid = _PID_PATTERN.search(str(exc))
                    holder = f"process {pid.group(1)}" if pid else "another process"
                    raise ProjectBusyError(
                        f"The project database {self.path} is in use by {holder} "
                        f"(waited {self.lock_timeout:g} s). Wait for that import or analysis to finish, "
                        "or stop it, then run the command again."
                    ) from None
                time.sleep(0.1)
        con.execute("SET TimeZone = 'UTC'")
        return con

    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection, closed on exit."""
        con = self._connect(read_only=True)
        try:
            yield con
        finally:
            con.close()

    @contextmanager
    def write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection inside one transaction: committed if the block succeeds, rolled back if not."""
        con = self._connect(read_only=False)
        try:
            con.execute("BEGIN TRANSACTION")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
        finally:
            con.close()

    # --- schema -------------------------------------------------------------------------------
    def schema_version(self) -> int:
        with self.read() as con:
            return _schema_version(con)

    def create(self) -> None:
        """Create the database with the current schema."""
        with self.write() as con:
            _migrate(con, 0, SCHEMA_VERSION)

    def upgrade(self) -> list[int]:
        """Bring an older project to this dauys's schema; refuse a newer one. Returns versions applied."""
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise SchemaVersionError(
                f"The project database {self.path} has schema version {current}, written by a newer dauys; "
                f"this dauys understands up to version {SCHEMA_VERSION}. Upgrade dauys "
                "(pip install --upgrade dauys) to open it. The project was not changed."
            )
        if current == SCHEMA_VERSION:
            return []
        with self.write() as con:
            return _migrate(con, _schema_version(con), SCHEMA_VERSION)


def _schema_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'dauys_schema'"
    ).fetchone()[0]
    if not exists:
        return 0
    row = con.execute("SELECT max(version) FROM dauys_schema").fetchone()
    return int(row[0] or 0)


def _migrate(con: duckdb.DuckDBPyConnection, current: int, target: int) -> list[int]:
    """Apply migrations current+1 .. target on ``con`` (inside the caller's transaction)."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS dauys_schema (version INTEGER NOT NULL, description VARCHAR, "
        "applied_at TIMESTAMPTZ NOT NULL)"
    )
    applied = []
    for migration in MIGRATIONS:
        if current < migration.version <= target:
            for statement in migration.statements:
                con.execute(statement)
            con.execute(
                "INSERT INTO dauys_schema VALUES (?, ?, ?)",
                [migration.version, migration.description, datetime.now(UTC)],
            )
            applied.append(migration.version)
    return applied
