"""The run ledger: one row in ``runs`` for every step that changed the store or saved a result.

A step opens a :class:`Run` when it starts and records it with :meth:`Run.record` inside the same
transaction that writes its data, so the ledger never mentions data that is not there (and a killed
import leaves neither data nor ledger entry).
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from typing import Any

import duckdb

# Whole name parts only: "auth" but not "author"/"keep_authors", "token" but not "tokenizer".
_SECRET_NAME = re.compile(
    r"(?:^|[_\-.])(api[_-]?key|(?:access_|refresh_|bearer_)?tokens?|secret|password|passwd|credentials?|key_file"
    r"|auth|authorization|cookie)(?:$|[_\-.])",
    re.I,
)
_SECRET_IN_TEXT = re.compile(r"((?:api[_-]?key|key|token|access_token)=)[^&\s]+", re.I)
REDACTED = "[redacted]"
_PACKAGES = ("dauys", "duckdb", "pandas", "pyarrow", "numpy")


def redact_text(text: str) -> str:
    """Remove secrets written as ``key=...`` / ``token=...`` from a URL or message."""
    return _SECRET_IN_TEXT.sub(lambda m: m.group(1) + REDACTED, text)


def redact_params(params: Any) -> Any:
    """A copy of ``params`` with secret-looking names blanked and secrets in URLs removed."""
    if isinstance(params, dict):
        return {
            k: (REDACTED if _SECRET_NAME.search(str(k)) and v is not None else redact_params(v))
            for k, v in params.items()
        }
    if isinstance(params, list | tuple):
        return [redact_params(v) for v in params]
    if isinstance(params, str):
        return redact_text(params)
    return params


def package_versions(extra: tuple[str, ...] = ()) -> dict[str, str]:
    versions = {"python": sys.version.split()[0]}
    for name in _PACKAGES + extra:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


@dataclass
class Run:
    """A step under way. Fill ``counts`` while working, then call :meth:`record`."""

    step: str
    params: dict[str, Any]
    extra_packages: tuple[str, ...] = ()
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    counts: dict[str, Any] = field(default_factory=dict)
    id: int | None = None

    def record(self, con: duckdb.DuckDBPyConnection, n_in: int | None, n_out: int | None) -> int:
        """Write the ledger row on ``con`` (the step's own write transaction); returns the run id."""
        self.id = con.execute(
            "INSERT INTO runs (step, params, n_in, n_out, counts, versions, started_at, ended_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [
                self.step,
                to_json(redact_params(self.params)),
                n_in,
                n_out,
                to_json(self.counts),
                to_json(package_versions(self.extra_packages)),
                self.started_at,
                datetime.now(UTC),
            ],
        ).fetchone()[0]
        return self.id


def ledger(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every ledger entry, oldest first, with JSON fields decoded."""
    rows = con.execute(
        "SELECT id, step, params, n_in, n_out, counts, versions, started_at, ended_at FROM runs ORDER BY id"
    ).fetchall()
    entries = []
    for rid, step, params, n_in, n_out, counts, versions, started, ended in rows:
        entries.append(
            {
                "id": rid,
                "step": step,
                "params": json.loads(params),
                "n_in": n_in,
                "n_out": n_out,
                "counts": json.loads(counts),
                "versions": json.loads(versions),
                "started_at": started,
                "ended_at": ended,
            }
        )
    return entries
