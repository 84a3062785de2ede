"""Collecting from the YouTube Data API v3: a channel's statistics and videos, and every comment and reply.

:func:`collect_channel` records a snapshot of the channel (subscribers, views, videos) in
``channel_metrics``, pages through its uploads playlist and writes each video published in the date
range (dates in the project's time zone) with its statistics. :func:`collect_comments` writes every
comment thread of the given videos and every reply (the inlined ones when the thread carries all of
them, else all pages of ``comments.list``).

Every page is written in its own transaction together with its progress row in
``collection_progress``, the quota units spent so far (``api_quota``, per Pacific-time day) and the
ledger entry of the collection (one ``runs`` row and one ``sources`` row per collection, updated page by
page), so a collection stopped by the quota budget, a network failure or a killed process resumes from
its last written page when the same command runs again, and never writes a document twice.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

import pandas as pd

from dauys.errors import DauysError, InputError
from dauys.ingest.writer import SourceInfo, write_documents
from dauys.ingest.youtube_api import (
    DEFAULT_BUDGET,
    DEFAULT_TIMEOUT,
    DEFAULT_TRIES,
    APIError,
    KeyRefused,
    QuotaMeter,
    QuotaStop,
    Unavailable,
    YouTubeAPI,
    YouTubeError,
    api_url,
    quota_day,
    read_api_key,
)
from dauys.progress import SILENT, Progress
from dauys.provenance import Run, to_json
from dauys.store.filters import parse_date

PLATFORM = "youtube"
CHANNEL_COLLECTOR = "youtube.channel"
COMMENTS_COLLECTOR = "youtube.comments"

YOUTUBE_LIMITS = {
    "en": (
        "YouTube Data API limits: subscriber counts are rounded by the API to three significant figures "
        "(1,234,567 is given as 1,230,000), and channels may hide them. The API gives only current figures, "
        "no history: growth comes from repeated collections (each `dauys collect youtube channel` run adds a "
        "snapshot) or from exports of SMM tools. Comments may be held for review or removed by the channel, "
        "and deleted comments disappear, so counts of collected comments can be lower than the video's "
        "comment count. The API allows 10,000 quota units a day per project by default (1 unit per page of "
        "50 videos or 100 comments); the quota resets at midnight Pacific time."
    ),
    "ru": (
        "Ограничения YouTube Data API: число подписчиков API округляет до трёх значащих цифр "
        "(1 234 567 выдаётся как 1 230 000), а каналы могут его скрывать. API отдаёт только текущие значения, "
        "без истории: рост измеряется повторными сборами (каждый запуск `dauys collect youtube channel` "
        "добавляет снимок) или по выгрузкам SMM-сервисов. Комментарии могут быть задержаны на проверку или "
        "удалены каналом, удалённые комментарии исчезают, поэтому собранных комментариев может быть меньше, "
        "чем показывает счётчик видео. По умолчанию API даёт 10 000 единиц квоты в сутки на проект (1 единица "
        "за страницу из 50 видео или 100 комментариев); квота обновляется в полночь по тихоокеанскому времени."
    ),
    "kk": (
        "YouTube Data API шектеулері: жазылушылар санын API үш мәнді цифрға дейін дөңгелектейді "
        "(1 234 567 орнына 1 230 000), ал арналар оны жасыра алады. API тек қазіргі мәндерді береді, тарихы "
        "жоқ: өсім қайталанған жинаулардан (`dauys collect youtube channel` әр іске қосылғанда жаңа сурет "
        "қосылады) немесе SMM құралдарының экспорттарынан есептеледі. Пікірлерді арна тексеруге ұстап қоюы "
        "немесе жоюы мүмкін, жойылған пікірлер жоғалады, сондықтан жиналған пікірлер бейненің пікір "
        "санауышынан аз болуы мүмкін. Әдепкі бойынша API жобаға тәулігіне 10 000 квота бірлігін береді "
        "(50 бейне немесе 100 пікір беті үшін 1 бірлік); квота Тынық мұхиты уақытымен түн ортасында жаңарады."
    ),
}

_CHANNEL_ID = re.compile(r"^UC[A-Za-z0-9_-]{22}$")
_VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_HANDLE = re.compile(r"^@[^\s/?#@]{1,100}$")
_HOSTS = ("youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be", "www.youtu.be", "music.youtube.com")


# --- identifiers -------------------------------------------------------------------------------

def parse_channel(spec: str) -> tuple[str, str]:
    """What a channel argument names: ``("id", "UC…")``, ``("handle", "@name")`` or ``("username", name)``.

    Accepts a channel id, an ``@handle``, or an address youtube.com/channel/UC…, youtube.com/@handle or
    youtube.com/user/NAME (with or without https://, www. or m., and any /videos after it).
    """
    text = (spec or "").strip()
    if _CHANNEL_ID.match(text):
        return "id", text
    if _HANDLE.match(unquote(text)):
        return "handle", unquote(text)
    address = text if "://" in text else "https://" + text
    parts = urlsplit(address)
    host = (parts.hostname or "").lower()
    segments = [unquote(s) for s in parts.path.split("/") if s]
    if host in _HOSTS and segments:
        if segments[0] == "channel" and len(segments) > 1 and _CHANNEL_ID.match(segments[1]):
            return "id", segments[1]
        if segments[0].startswith("@") and _HANDLE.match(segments[0]):
            return "handle", segments[0]
        if segments[0] == "user" and len(segments) > 1:
            return "username", segments[1]
        if segments[0] == "c":
            raise InputError(
                f"{spec!r}: a custom /c/ address cannot be looked up with the API; open it in a browser and use "
                "the channel's @handle or its UC… id (shown under About > Share channel > Copy channel ID)"
            )
    raise InputError(
        f"{spec!r} is not a YouTube channel: give a channel id (UC followed by 22 characters), an @handle, or an "
        "address such as https://www.youtube.com/@handle or https://www.youtube.com/channel/UC…"
    )


def parse_video(spec: str) -> str:
    """A video id from an id or a watch, youtu.be, shorts or live address."""
    text = (spec or "").strip()
    if _VIDEO_ID.match(text):
        return text
    address = text if "://" in text else "https://" + text
    parts = urlsplit(address)
    host = (parts.hostname or "").lower()
    segments = [s for s in parts.path.split("/") if s]
    found = None
    if host in _HOSTS:
        if host.endswith("youtu.be") and segments:
            found = segments[0]
        elif segments[:1] == ["watch"]:
            found = (parse_qs(parts.query).get("v") or [None])[0]
        elif len(segments) > 1 and segments[0] in ("shorts", "live", "embed"):
            found = segments[1]
    if found and _VIDEO_ID.match(found):
        return found
    raise InputError(
        f"{spec!r} is not a YouTube video: give a video id (11 characters, as in watch?v=ID) or a video address"
    )


def _date(value: date | str | None, option: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return parse_date(value, option)


# --- results ------------------------------------------------------------------------------------

@dataclass
class CollectionResult:
    """What a collection did. ``complete`` is False when it stopped early (``stopped`` says why: the quota
    budget or the API's quota); running the same collection again resumes it."""

    collector: str
    targets: list[str]
    counts: dict[str, int]
    complete: bool
    units_today: int
    budget: int
    run_id: int | None = None
    source_id: int | None = None
    stopped: str | None = None
    notes: list[str] = field(default_factory=list)
    channel_id: str | None = None
    channel_title: str | None = None
    channel_handle: str | None = None
    snapshot: dict[str, float | None] = field(default_factory=dict)


# --- writing ------------------------------------------------------------------------------------

class _Transaction:
    """Stands in for a project inside an open write transaction, so :func:`write_documents` joins it."""

    def __init__(self, con):
        self.store = self
        self._con = con

    @contextmanager
    def write(self) -> Iterator[Any]:
        yield self._con


def _load_units(project, day) -> int:
    with project.store.read() as con:
        row = con.execute("SELECT units FROM api_quota WHERE api = 'youtube' AND day = ?", [day]).fetchone()
    return int(row[0]) if row else 0


def _load_progress(project, collector: str, target: str) -> tuple[dict[str, Any], bool] | None:
    return _load_all_progress(project, collector, [target]).get(target)


def _load_all_progress(project, collector: str, targets: Sequence[str]) -> dict[str, tuple[dict[str, Any], bool]]:
    """The saved state and complete flag of each target that has progress (one read for all)."""
    with project.store.read() as con:
        con.register("wanted_targets", pd.DataFrame({"target": list(targets)}, dtype="string"))
        rows = con.execute(
            "SELECT p.target, p.state, p.complete FROM collection_progress p "
            "JOIN wanted_targets w ON w.target = p.target WHERE p.collector = ?", [collector]
        ).fetchall()
    return {target: (json.loads(state), bool(complete)) for target, state, complete in rows}


class _Collection:
    """One collection run: its counts, its ledger entry and source, and the page-by-page writes."""

    def __init__(self, project, api: YouTubeAPI, step: str, params: dict[str, Any], corpus: str, location: str,
                 pages_per_write: int = 1):
        self.project = project
        self.api = api
        self.step = step
        self.params = params
        self.corpus = corpus
        self.location = location
        self.counts: dict[str, int] = {
            "pages": 0, "videos": 0, "comments": 0, "replies": 0, "disabled": 0, "missing": 0,
            "imported": 0, "duplicates": 0, "metric_snapshots": 0, "channel_snapshots": 0,
        }
        self.run_id: int | None = None
        self.source_id: int | None = None
        self.collected_at = datetime.now(UTC)
        self.pages_per_write = max(1, int(pages_per_write))
        self._held_frames: list[pd.DataFrame] = []
        self._held_progress: dict[tuple[str, str], tuple[dict[str, Any], bool]] = {}
        self._held_pages = 0

    def all_counts(self) -> dict[str, int]:
        return {**self.counts, **self.api.counts}

    def commit(
        self,
        staged: pd.DataFrame | None = None,
        progress: Sequence[tuple[str, str, dict[str, Any], bool]] = (),
        channel: dict[str, Any] | None = None,
    ) -> None:
        """Write a page: its documents, progress rows, a channel snapshot, the units spent, the ledger.

        With ``pages_per_write`` above 1, pages are held and written together, ``pages_per_write`` at a
        time (a killed process then fetches the pages it held again; the progress is never ahead of the data).
        """
        if staged is not None and len(staged):
            self._held_frames.append(staged)
        for collector, target, state, complete in progress:
            self._held_progress[(collector, target)] = (state, complete)
        self._held_pages += 1
        if channel is None and self._held_pages < self.pages_per_write:
            return
        frames, self._held_frames = self._held_frames, []
        held, self._held_progress = self._held_progress, {}
        self._held_pages = 0
        staged = None
        if frames:
            staged = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
            staged["row"] = range(1, len(staged) + 1)
        rows = [(collector, target, state, complete) for (collector, target), (state, complete) in held.items()]
        pending = self.api.quota.take_pending()
        try:
            with self.project.store.write() as con:
                self._write(con, staged, rows, channel, pending)
        except BaseException:
            self.api.quota.give_back(pending)
            raise

    def _write(self, con, staged, progress, channel, pending) -> None:
        source = SourceInfo(PLATFORM, self.location, self.params, collected_at=self.collected_at)
        if staged is not None and len(staged):
            result = write_documents(
                _Transaction(con), Run(self.step, self.params, extra_packages=("httpx",)), source, staged,
                corpus=self.corpus, platform=PLATFORM,
            )
            if self.run_id is None:
                self.run_id, self.source_id = result.run_id, result.source_id
            else:  # one ledger entry and one source per collection: fold this page's into them
                con.execute("DELETE FROM runs WHERE id = ?", [result.run_id])
                con.execute("DELETE FROM sources WHERE id = ?", [result.source_id])
                for table in ("documents", "document_metrics"):
                    con.execute(f"UPDATE {table} SET source_id = ? WHERE source_id = ?",
                                [self.source_id, result.source_id])
            for name in ("imported", "duplicates", "metric_snapshots"):
                self.counts[name] += getattr(result, name)
        elif self.run_id is None:
            self.run_id = Run(self.step, self.params, extra_packages=("httpx",)).record(con, n_in=0, n_out=0)
            self.source_id = con.execute(
                "INSERT INTO sources (run_id, kind, corpus, location, file_hash, params, collected_at) "
                "VALUES (?, ?, ?, ?, NULL, ?, ?) RETURNING id",
                [self.run_id, PLATFORM, self.corpus, self.location, to_json(self.params), self.collected_at],
            ).fetchone()[0]
        if channel is not None:
            self._write_channel(con, channel)
        now = datetime.now(UTC)
        for day, units in pending.items():
            con.execute(
                """INSERT INTO api_quota (api, day, units, updated_at) VALUES ('youtube', ?, ?, ?)
                   ON CONFLICT (api, day) DO UPDATE SET units = api_quota.units + excluded.units,
                                                        updated_at = excluded.updated_at""",
                [day, units, now],
            )
        for collector, target, state, complete in progress:
            con.execute(
                """INSERT INTO collection_progress (collector, target, state, complete, updated_at)
                   VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT (collector, target) DO UPDATE SET state = excluded.state,
                       complete = excluded.complete, updated_at = excluded.updated_at""",
                [collector, target, to_json(state), complete, now],
            )
        counts = self.all_counts()
        con.execute(
            "UPDATE runs SET n_in = ?, n_out = ?, counts = ?, ended_at = ? WHERE id = ?",
            [counts["videos"] + counts["comments"] + counts["replies"], counts["imported"], to_json(counts), now,
             self.run_id],
        )

    def _write_channel(self, con, channel: dict[str, Any]) -> None:
        con.execute(
            """INSERT INTO channels (platform, handle, first_source_id) SELECT ?, ?, ?
               WHERE NOT EXISTS (SELECT 1 FROM channels WHERE platform = ? AND handle = ?)""",
            [PLATFORM, channel["id"], self.source_id, PLATFORM, channel["id"]],
        )
        channel_key = con.execute(
            "SELECT id FROM channels WHERE platform = ? AND handle = ?", [PLATFORM, channel["id"]]
        ).fetchone()[0]
        con.execute(
            "UPDATE channels SET title = ?, meta = ? WHERE id = ?", [channel["title"], to_json(channel["meta"]),
                                                                   channel_key],
        )
        for metric, value in channel["metrics"].items():
            if value is not None:
                con.execute(
                    "INSERT INTO channel_metrics (channel_id, source_id, observed_at, metric, value) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [channel_key, self.source_id, channel["observed_at"], metric, float(value)],
                )
        self.counts["channel_snapshots"] += 1

    def flush(self) -> None:
        """Write the pages held and the units spent since the last write (and the ledger entry), if any."""
        if self._held_pages or (self.api.quota.pending and any(self.api.quota.pending.values())):
            self._held_pages = max(self._held_pages, self.pages_per_write - 1)
            self.commit()


def _api(project, budget: int, api_key: str | None, api_key_file, base_url: str | None, timeout: float,
         tries: int, retry_delay: float | None) -> YouTubeAPI:
    if budget is None or int(budget) < 1:
        raise InputError(f"--quota-budget {budget}: give a positive number of units, for example 10000")
    key = api_key if api_key else read_api_key(api_key_file)
    quota = QuotaMeter(budget=int(budget), load=lambda day: _load_units(project, day))
    return YouTubeAPI(key, base_url=base_url or api_url(), quota=quota, timeout=timeout, tries=tries,
                      retry_delay=retry_delay)


def _json_or_empty(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _number(value: Any) -> float | None:
    try:
        return float(value) if value is not None and value != "" else None
    except (TypeError, ValueError):
        return None


def _lang(code: Any) -> str | None:
    if not code or not isinstance(code, str):
        return None
    return code.split("-")[0].lower()[:8] or None


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    staged = pd.DataFrame(rows)
    staged.insert(0, "row", range(1, len(staged) + 1))
    staged["created_at"] = pd.to_datetime(staged["created_at"], utc=True, errors="coerce", format="ISO8601")
    staged["created_offset_min"] = 0
    return staged


def _video_row(item: dict[str, Any]) -> dict[str, Any]:
    snippet = item.get("snippet") or {}
    stats = item.get("statistics") or {}
    details = item.get("contentDetails") or {}
    meta = {
        "kind": "video", "duration": details.get("duration"), "category_id": snippet.get("categoryId"),
        "tags": snippet.get("tags"), "live": snippet.get("liveBroadcastContent"),
        "default_language": snippet.get("defaultLanguage"), "audio_language": snippet.get("defaultAudioLanguage"),
        "channel_title": snippet.get("channelTitle"),
    }
    return {
        "external_id": item["id"], "parent_external_id": None, "channel": snippet.get("channelId"), "author": None,
        "created_at": snippet.get("publishedAt"),
        "lang": _lang(snippet.get("defaultLanguage") or snippet.get("defaultAudioLanguage")),
        "title": snippet.get("title"), "text": snippet.get("description") or "",
        "url": f"https://www.youtube.com/watch?v={item['id']}",
        "meta": to_json({k: v for k, v in meta.items() if v not in (None, [], "")}),
        "metric.views": _number(stats.get("viewCount")), "metric.likes": _number(stats.get("likeCount")),
        "metric.comments": _number(stats.get("commentCount")),
    }


def _comment_row(comment: dict[str, Any], video_id: str, channel: str | None, parent: str, kind: str,
                 replies: int | None) -> dict[str, Any]:
    snippet = comment.get("snippet") or {}
    author = (snippet.get("authorChannelId") or {}).get("value") or snippet.get("authorDisplayName")
    meta = {"kind": kind, "video_id": video_id}
    if snippet.get("updatedAt") and snippet.get("updatedAt") != snippet.get("publishedAt"):
        meta["updated_at"] = snippet["updatedAt"]
    if snippet.get("moderationStatus"):
        meta["moderation_status"] = snippet["moderationStatus"]
    return {
        "external_id": comment["id"], "parent_external_id": parent, "channel": channel or snippet.get("channelId"),
        "author": author, "created_at": snippet.get("publishedAt"), "lang": None, "title": None,
        # the display name ("@handle") only feeds the name patterns of the accounts table; it is never stored
        "author.handle": snippet.get("authorDisplayName"),
        "text": snippet.get("textDisplay") or snippet.get("textOriginal") or "",
        "url": f"https://www.youtube.com/watch?v={video_id}&lc={comment['id']}", "meta": to_json(meta),
        "metric.likes": _number(snippet.get("likeCount")),
        "metric.replies": None if replies is None else float(replies),
    }


def _collected(api: YouTubeAPI, run: _Collection, result: CollectionResult,
               work: Callable[[], None]) -> CollectionResult:
    """Run ``work`` (the pages of a collection) and save what it fetched however it ends.

    A quota stop ends the collection cleanly (``result.stopped`` says why); an unreachable API and every
    other error are raised after what was fetched, and the units spent, are written.
    """
    try:
        with api:
            work()
            run.flush()
    except QuotaStop as stop:
        result.stopped = str(stop)
        run.flush()
    except Unavailable as exc:
        run.flush()
        raise Unavailable(f"{exc}. What was collected is saved; run the same command again to resume.") from None
    except DauysError:  # a refused key, an unknown channel, an API error: keep the count of units spent so far
        if run.run_id is not None:
            run.flush()
        raise
    result.counts = run.all_counts()
    result.run_id, result.source_id = run.run_id, run.source_id
    result.units_today = api.quota.today()
    return result


# --- channel ------------------------------------------------------------------------------------

def collect_channel(
    project,
    channel: str,
    *,
    since: date | str | None = None,
    until: date | str | None = None,
    corpus: str = "youtube",
    quota_budget: int = DEFAULT_BUDGET,
    api_key: str | None = None,
    api_key_file=None,
    base_url: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    tries: int = DEFAULT_TRIES,
    retry_delay: float | None = None,
    pages_per_write: int = 1,
    progress: Progress = SILENT,
) -> CollectionResult:
    """Snapshot a channel's statistics and collect its videos published from ``since`` to ``until``.

    Dates are inclusive and taken in the project's time zone (``project.tz``, Asia/Almaty by default).
    Each run adds a channel snapshot and new video statistics (where changed), which is how growth is
    measured; an interrupted run (quota, network) resumes from its last written page when run again with
    the same dates. The key is ``api_key``, else the first line of ``api_key_file``, else
    ``$DAUYS_YOUTUBE_API_KEY``; the base address is ``base_url``, else ``$DAUYS_YOUTUBE_API_URL``.

    Raises :class:`KeyRefused` for a refused key (no retry) and :class:`Unavailable` when the API does not
    answer after ``tries`` tries (what was collected is saved). Stopping at the quota is not an error: the
    result has ``complete=False`` and ``stopped`` set.

    ``pages_per_write`` pages are written per transaction (default 1: each page with its progress row).
    More is faster, since each write has a fixed cost; a killed process then fetches up to that many pages
    again (a quota stop or an API failure still writes everything fetched).
    """
    corpus = (corpus or "").strip()
    if not corpus:
        raise InputError("--corpus needs a name, for example --corpus youtube")
    since_d, until_d = _date(since, "--since"), _date(until, "--until")
    if since_d and until_d and since_d > until_d:
        raise InputError(f"--since {since_d} is after --until {until_d}; give the earlier date first")
    how, value = parse_channel(channel)
    zone = ZoneInfo(project.tz)
    start = datetime.combine(since_d, time(0), zone) if since_d else None
    end = datetime.combine(until_d + timedelta(days=1), time(0), zone) if until_d else None
    api = _api(project, quota_budget, api_key, api_key_file, base_url, timeout, tries, retry_delay)
    params = {
        "channel": channel.strip(), "since": since_d and since_d.isoformat(), "until": until_d and until_d.isoformat(),
        "tz": project.tz, "corpus": corpus, "quota_budget": int(quota_budget), "api": api.base_url,
    }
    run = _Collection(project, api, "collect.youtube.channel", params, corpus, location=api.shown("channels"),
                      pages_per_write=pages_per_write)
    result = CollectionResult(CHANNEL_COLLECTOR, [], run.counts, False, 0, int(quota_budget))
    return _collected(api, run, result, lambda: _channel_pages(
        project, api, run, result, how, value, start, end, since_d, until_d, progress))


def _channel_pages(project, api, run, result, how, value, start, end, since_d, until_d, progress) -> None:
    progress.stage(f"looking up the channel {value}")
    lookup = {"id": "id", "handle": "forHandle", "username": "forUsername"}[how]
    query = {"part": "snippet,statistics,contentDetails", lookup: value}
    try:
        answer = api.get("channels", query)
    except APIError as exc:
        raise YouTubeError(f"{api.shown('channels', query)}: {exc}") from None
    items = answer.get("items") or []
    if not items:
        raise InputError(
            f"YouTube knows no channel {value!r} ({'id' if how == 'id' else how}); check the spelling, or use the "
            "channel's UC… id"
        )
    item = items[0]
    channel_id = item["id"]
    snippet, stats = item.get("snippet") or {}, item.get("statistics") or {}
    uploads = ((item.get("contentDetails") or {}).get("relatedPlaylists") or {}).get("uploads")
    hidden = bool(stats.get("hiddenSubscriberCount"))
    metrics = {
        "subscribers": None if hidden else _number(stats.get("subscriberCount")),
        "views": _number(stats.get("viewCount")), "videos": _number(stats.get("videoCount")),
    }
    meta = {
        "handle": snippet.get("customUrl"), "country": snippet.get("country"), "created_at": snippet.get("publishedAt"),
        "description": snippet.get("description"), "hidden_subscribers": hidden, "uploads_playlist": uploads,
    }
    result.channel_id, result.channel_title, result.channel_handle = channel_id, snippet.get("title"), meta["handle"]
    result.targets = [channel_id]
    result.snapshot = metrics
    window = {"since": since_d and since_d.isoformat(), "until": until_d and until_d.isoformat()}
    saved = _load_progress(project, CHANNEL_COLLECTOR, channel_id)
    token, pages = None, 0
    if saved and not saved[1] and all(saved[0].get(k) == v for k, v in window.items()):
        token, pages = saved[0].get("next_page_token"), int(saved[0].get("pages", 0))
        run.params["resumed_from_page"] = pages
    state = {**window, "next_page_token": token, "pages": pages}
    done = not uploads
    run.commit(
        progress=[(CHANNEL_COLLECTOR, channel_id, {**state, "videos_total": metrics["videos"]}, done)],
        channel={"id": channel_id, "title": snippet.get("title"), "meta": meta, "metrics": metrics,
                 "observed_at": datetime.now(UTC)},
    )
    progress.stage(f"videos of {snippet.get('title') or channel_id}", total=metrics["videos"])
    while not done:
        query = {"part": "contentDetails", "playlistId": uploads, "maxResults": 50}
        if token:
            query["pageToken"] = token
        try:
            page = api.get("playlistItems", query)
        except APIError as exc:
            if exc.status == 404:  # a channel without uploads has no uploads playlist
                result.notes.append(f"the channel's uploads playlist is not there ({exc.reason})")
                run.commit(progress=[(CHANNEL_COLLECTOR, channel_id, state, True)])
                break
            raise YouTubeError(f"{api.shown('playlistItems', query)}: {exc}") from None
        entries = page.get("items") or []
        wanted, older = [], False
        for entry in entries:
            published = (entry.get("contentDetails") or {}).get("videoPublishedAt")
            video_id = (entry.get("contentDetails") or {}).get("videoId")
            if not published or not video_id:  # private or deleted videos stay in the playlist without a date
                run.counts["unavailable"] = run.counts.get("unavailable", 0) + 1
                continue
            moment = pd.Timestamp(published).to_pydatetime()
            if start is not None and moment < start:
                older = True
                continue
            if end is not None and moment >= end:
                continue
            wanted.append(video_id)
        rows = []
        if wanted:
            videos = api.get("videos", {"part": "snippet,statistics,contentDetails", "id": ",".join(wanted),
                                        "maxResults": 50})
            for video in videos.get("items") or []:
                published = (video.get("snippet") or {}).get("publishedAt")
                if not published or not video.get("id"):
                    continue
                moment = pd.Timestamp(published).to_pydatetime()
                if (start is None or moment >= start) and (end is None or moment < end):
                    rows.append(_video_row(video))
            run.counts["unavailable"] = run.counts.get("unavailable", 0) + len(wanted) - len(videos.get("items") or [])
        token = page.get("nextPageToken")
        pages += 1
        run.counts["pages"] += 1
        run.counts["videos"] += len(rows)
        done = not token or older
        state = {**window, "next_page_token": None if done else token, "pages": pages}
        run.commit(_frame(rows) if rows else None, progress=[(CHANNEL_COLLECTOR, channel_id, state, done)])
        progress.advance(len(entries))
    result.complete = True


# --- comments -----------------------------------------------------------------------------------

def channel_videos(project, channel: str) -> tuple[str, list[str]]:
    """The id of a channel collected in the project and the ids of its videos there, oldest first."""
    how, value = parse_channel(channel)
    with project.store.read() as con:
        if how == "id":
            row = con.execute("SELECT id, handle FROM channels WHERE platform = ? AND handle = ?",
                              [PLATFORM, value]).fetchone()
        else:  # the @handle is in the channel's meta (customUrl), as the channel collection wrote it
            wanted = (value if how == "handle" else "@" + value).lower()
            row = next((
                (key, handle) for key, handle, meta in con.execute(
                    "SELECT id, handle, meta FROM channels WHERE platform = ? AND meta IS NOT NULL ORDER BY id",
                    [PLATFORM]).fetchall()
                if str(_json_or_empty(meta).get("handle") or "").lower() == wanted
            ), None)
        if row is None:
            raise InputError(
                f"the project has no YouTube channel {value!r}; collect it first with "
                f"`dauys collect youtube channel {channel}`"
            )
        videos = [r[0] for r in con.execute(
            "SELECT external_id FROM documents WHERE platform = ? AND channel_id = ? AND parent_external_id IS NULL "
            "AND external_id IS NOT NULL ORDER BY created_at, external_id", [PLATFORM, row[0]],
        ).fetchall()]
    if not videos:
        raise InputError(
            f"the project holds no videos of the channel {value!r}; collect them first with "
            f"`dauys collect youtube channel {channel}`"
        )
    return row[1], videos


def collect_comments(
    project,
    videos: Sequence[str] = (),
    *,
    channel: str | None = None,
    corpus: str = "youtube",
    refresh: bool = False,
    quota_budget: int = DEFAULT_BUDGET,
    api_key: str | None = None,
    api_key_file=None,
    base_url: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    tries: int = DEFAULT_TRIES,
    retry_delay: float | None = None,
    pages_per_write: int = 1,
    progress: Progress = SILENT,
) -> CollectionResult:
    """Collect every comment thread and reply of ``videos`` (ids or addresses), or of every video of
    ``channel`` already collected in the project.

    A top-level comment's parent is its video, a reply's parent its top-level comment. Videos whose
    comments are complete are skipped unless ``refresh`` (then changed like and reply counts get new
    snapshots). Videos with comments disabled, and videos that are gone, are noted and skipped. Stops,
    raises and takes ``pages_per_write`` like :func:`collect_channel`.
    """
    corpus = (corpus or "").strip()
    if not corpus:
        raise InputError("--corpus needs a name, for example --corpus youtube")
    if videos and channel:
        raise InputError("give either video ids or --channel CHANNEL_ID, not both")
    if not videos and not channel:
        raise InputError("give the video ids, or --channel CHANNEL_ID for the videos of a channel collected before")
    channel_id = None
    if channel:
        channel_id, ids = channel_videos(project, channel)
    else:
        ids = list(dict.fromkeys(parse_video(v) for v in videos))
    api = _api(project, quota_budget, api_key, api_key_file, base_url, timeout, tries, retry_delay)
    params = {
        "videos": ids if not channel else None, "channel": channel, "corpus": corpus, "refresh": refresh,
        "quota_budget": int(quota_budget), "api": api.base_url,
    }
    run = _Collection(project, api, "collect.youtube.comments", params, corpus,
                      location=api.shown("commentThreads"), pages_per_write=pages_per_write)
    result = CollectionResult(COMMENTS_COLLECTOR, ids, run.counts, False, 0, int(quota_budget), channel_id=channel_id)
    progress.stage("comments", total=len(ids))

    def every_video() -> None:
        saved = _load_all_progress(project, COMMENTS_COLLECTOR, ids)
        for video_id in ids:
            _video_comments(api, run, result, video_id, saved.get(video_id), refresh)
            progress.advance(1)
        result.complete = True

    return _collected(api, run, result, every_video)


def _video_comments(api, run, result, video_id: str, saved, refresh: bool) -> None:
    token, pages = None, 0
    if saved:
        state, complete = saved
        if complete and not refresh:
            run.counts["skipped"] = run.counts.get("skipped", 0) + 1
            return
        if not complete:
            token, pages = state.get("next_page_token"), int(state.get("pages", 0))
    while True:
        query = {"part": "snippet,replies", "videoId": video_id, "maxResults": 100, "textFormat": "plainText"}
        if token:
            query["pageToken"] = token
        try:
            page = api.get("commentThreads", query)
        except APIError as exc:
            if exc.reason == "commentsDisabled" or (exc.status == 404 and exc.reason in ("videoNotFound", "404")):
                what = "disabled" if exc.reason == "commentsDisabled" else "missing"
                run.counts[what] += 1
                result.notes.append(
                    f"{video_id}: " + ("comments are disabled" if what == "disabled" else "the video is not there "
                                       "(deleted, private or a wrong id)")
                )
                run.commit(progress=[(COMMENTS_COLLECTOR, video_id, {what: True, "pages": pages}, True)])
                return
            raise YouTubeError(f"{api.shown('commentThreads', query)}: {exc}") from None
        rows: list[dict[str, Any]] = []
        next_token = page.get("nextPageToken")
        try:
            for thread in page.get("items") or []:
                rows.extend(_thread_rows(api, run, result, thread, video_id))
        except QuotaStop:
            # keep what this page gave; the progress stays before the page, which is fetched again on resume
            if rows:
                run.commit(_frame(rows), progress=[
                    (COMMENTS_COLLECTOR, video_id, {"next_page_token": token, "pages": pages}, False)])
            raise
        pages += 1
        run.counts["pages"] += 1
        done = not next_token
        state = {"next_page_token": next_token, "pages": pages}
        run.commit(_frame(rows) if rows else None, progress=[(COMMENTS_COLLECTOR, video_id, state, done)])
        if done:
            return
        token = next_token


def _thread_rows(api, run, result, thread: dict[str, Any], video_id: str) -> list[dict[str, Any]]:
    snippet = thread.get("snippet") or {}
    top = snippet.get("topLevelComment") or {}
    if not top.get("id"):
        return []
    channel = snippet.get("channelId")
    total = int(snippet.get("totalReplyCount") or 0)
    rows = [_comment_row(top, video_id, channel, video_id, "comment", total)]
    run.counts["comments"] += 1
    inline = (thread.get("replies") or {}).get("comments") or []
    replies = inline
    if total and total != len(inline):
        replies, token = [], None
        while True:
            query = {"part": "snippet", "parentId": top["id"], "maxResults": 100, "textFormat": "plainText"}
            if token:
                query["pageToken"] = token
            try:
                page = api.get("comments", query)
            except APIError as exc:
                if exc.status == 404:  # the comment went while its thread was being read
                    result.notes.append(f"{video_id}: the replies of comment {top['id']} are gone ({exc.reason})")
                    replies = inline
                    break
                raise YouTubeError(f"{api.shown('comments', query)}: {exc}") from None
            replies.extend(page.get("items") or [])
            run.counts["reply_pages"] = run.counts.get("reply_pages", 0) + 1
            token = page.get("nextPageToken")
            if not token:
                break
    seen = set()
    for reply in replies:
        if not reply.get("id") or reply["id"] in seen:
            continue
        seen.add(reply["id"])
        parent = (reply.get("snippet") or {}).get("parentId") or top["id"]
        rows.append(_comment_row(reply, video_id, channel, parent, "reply", None))
    run.counts["replies"] += len(seen)
    if len(seen) < total:
        run.counts["replies_missing"] = run.counts.get("replies_missing", 0) + total - len(seen)
    return rows


__all__ = [
    "YOUTUBE_LIMITS", "CollectionResult", "KeyRefused", "QuotaStop", "Unavailable", "YouTubeError",
    "channel_videos", "collect_channel", "collect_comments", "parse_channel", "parse_video", "quota_day",
]
