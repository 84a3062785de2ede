"""Selecting documents: by corpus, platform, language, date range, any ``meta`` field, posts or comments.

``kind`` keeps only posts (documents without a parent: posts, videos, articles) or only comments and
replies; ``parent`` keeps the comments and replies, at any depth, under the named posts or videos (their
external ids), so any content analysis can run on the comments of one video.

Every command that takes documents accepts the same filter, so a sub-corpus means the same thing in an
import, an analysis and a report. The filter becomes a parameterised SQL condition (portable to
PostgreSQL: only standard comparisons, plus one JSON accessor per meta field).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dauys.errors import InputError

DEFAULT_TZ = "Asia/Almaty"
KINDS = ("all", "posts", "comments")
"""``posts``: documents without a parent (posts, videos, articles); ``comments``: comments and replies."""


@dataclass(frozen=True)
class DocumentFilter:
    """Which documents a command works on. Empty lists mean "all"; dates are inclusive local dates."""

    corpus: tuple[str, ...] = ()
    platform: tuple[str, ...] = ()
    lang: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    meta: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    tz: str = DEFAULT_TZ
    kind: str = "all"
    parent: tuple[str, ...] = ()
    """External ids of posts or videos: only the comments and replies (at any depth) under them."""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise InputError(f"--kind {self.kind!r}: expected one of {', '.join(KINDS)}")
        parent = tuple(str(p).strip() for p in self.parent if str(p).strip())
        if len(parent) != len(self.parent):
            raise InputError("--parent '': expected the external id of a post or video, for example --parent jo/1")
        if self.parent and self.kind == "posts":
            raise InputError(
                "--kind posts with --parent: the documents under a post are its comments and replies; "
                "leave out --kind or use --kind comments"
            )

    def describe(self) -> dict[str, Any]:
        """The filter as plain data for the ledger and the methods paragraph."""
        out: dict[str, Any] = {}
        for name in ("corpus", "platform", "lang"):
            if getattr(self, name):
                out[name] = list(getattr(self, name))
        if self.since:
            out["since"] = self.since.isoformat()
        if self.until:
            out["until"] = self.until.isoformat()
        if self.meta:
            out["meta"] = {k: v for k, v in self.meta}
        if self.kind != "all":
            out["kind"] = self.kind
        if self.parent:
            out["parent"] = list(self.parent)
        return out

    def sql(self, alias: str = "documents") -> tuple[str, list[Any]]:
        """A SQL condition (``TRUE`` when nothing is filtered) and its parameters."""
        conditions: list[str] = []
        params: list[Any] = []
        for name in ("corpus", "platform", "lang"):
            values = getattr(self, name)
            if values:
                conditions.append(f"{alias}.{name} IN ({', '.join('?' for _ in values)})")
                params.extend(values)
        zone = ZoneInfo(self.tz)
        if self.since:
            conditions.append(f"{alias}.created_at >= ?")
            params.append(datetime.combine(self.since, time(0), zone))
        if self.until:
            conditions.append(f"{alias}.created_at < ?")
            params.append(datetime.combine(self.until + timedelta(days=1), time(0), zone))
        for key, value in self.meta:
            conditions.append(f"json_extract_string({alias}.meta, ?) = ?")
            params.extend(["$." + key.replace('"', ""), value])
        if self.kind != "all":
            linked = f"({alias}.parent_id IS NOT NULL OR {alias}.parent_external_id IS NOT NULL)"
            conditions.append(linked if self.kind == "comments" else f"NOT {linked}")
        if self.parent:
            # every descendant of the named posts: comments name their post (parent_external_id, also when the
            # post itself was never imported), replies link to their comment (parent_id); UNION stops any cycle
            conditions.append(
                f"{alias}.id IN (WITH RECURSIVE thread(id) AS ("
                f"SELECT c.id FROM documents c WHERE c.parent_external_id IN ({', '.join('?' for _ in self.parent)}) "
                "UNION SELECT r.id FROM documents r JOIN thread ON r.parent_id = thread.id) SELECT id FROM thread)"
            )
            params.extend(self.parent)
        return (" AND ".join(conditions) or "TRUE"), params


def parse_meta_conditions(items: list[str] | None) -> tuple[tuple[str, str], ...]:
    """Parse ``--where field=value`` options (``meta.`` prefix optional)."""
    pairs = []
    for item in items or []:
        if "=" not in item:
            raise InputError(f"--where {item!r}: expected FIELD=VALUE, for example --where meta.outlet=Azattyq")
        key, value = item.split("=", 1)
        key = key.strip().removeprefix("meta.")
        if not key:
            raise InputError(f"--where {item!r}: the field name is empty")
        pairs.append((key, value))
    return tuple(pairs)


def parse_date(value: str | None, option: str) -> date | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{option} {value!r}: expected a date as YYYY-MM-DD, for example 2022-01-05") from None
