"""`dauys collect youtube`: the YouTube Data API v3 collector against a fake API on 127.0.0.1."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import dauys
from dauys.errors import InputError
from dauys.ingest.youtube import (
    YOUTUBE_LIMITS,
    KeyRefused,
    Unavailable,
    collect_channel,
    collect_comments,
    parse_channel,
    parse_video,
)
from dauys.ingest.youtube_api import QuotaMeter, YouTubeAPI, quota_day, read_api_key

sys.path.insert(0, str(Path(__file__).resolve().parent))
from youtube_server import FakeYouTube, YouTubeServer  # noqa: E402

CHANNEL = "UCQazaqTilNews_1234567ab"
OTHER = "UCRuNovostiAlmaty_987654"


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def build(fake: FakeYouTube) -> FakeYouTube:
    """A Kazakh news channel with 120 daily videos (2024-01-01 .. 2024-04-29 at 06:00 UTC), videos at the
    edges of local days, a private upload, and comment threads in Kazakh and Russian."""
    fake.add_channel(CHANNEL, "@qazaqtil", "Қазақ тілі жаңалықтары", subscribers=12300, views=4_560_000)
    for i in range(120):
        day = datetime(2024, 1, 1, 6, tzinfo=UTC) + timedelta(days=i)
        fake.add_video(CHANNEL, f"vid{i:08d}", _stamp(day), f"Жаңалықтар {day:%d.%m.%Y}",
                       f"Күннің басты оқиғалары, {day:%d.%m}", views=1000 + i, likes=10 + i, comments=3, lang="kk")
    # 2024-01-31 19:30 UTC is 1 February 01:30 in Almaty (UTC+6 then); 2024-03-15 18:30 UTC is 23:30 (UTC+5)
    fake.add_video(CHANNEL, "edgeFeb0100", "2024-01-31T19:30:00Z", "Ақпанның алғашқы түні", "түнгі эфир")
    fake.add_video(CHANNEL, "edgeMar1523", "2024-03-15T18:30:00Z", "Наурыз кеші", "кешкі эфир", likes=None)
    fake.add_video(CHANNEL, "edgeMar1600", "2024-03-15T19:30:00Z", "16 наурыз, түн", "түнгі эфир")
    fake.add_private_entry(CHANNEL, "privateVid1")
    fake.add_channel(OTHER, "@novosti_almaty", "Новости Алматы")
    fake.add_video(OTHER, "ruVideo0001", "2024-02-02T10:00:00Z", "Паводки в Актобе", "Репортаж")
    fake.add_video(OTHER, "ruVideo0002", "2024-02-03T10:00:00Z", "Комментарии закрыты", "")
    fake.add_video(OTHER, "ruVideo0003", "2024-02-04T10:00:00Z", "Без комментариев", "")
    fake.disabled.add("ruVideo0002")
    start = datetime(2024, 4, 29, 9, tzinfo=UTC)
    # 230 threads on the newest video: 3 pages of commentThreads
    texts = ("Рахмет, өте пайдалы ақпарат!", "Спасибо за репортаж из Алматы", "Керемет! Жалғастыра беріңіздер")
    for n in range(230):
        text = texts[n % 3]
        replies = [(f"Ugx{n:04d}.r{j}", "Келісемін" if j % 2 else "Полностью согласен", f"user{j:03d}")
                   for j in range(2)] if n % 10 == 0 else []
        fake.add_thread("vid00000119", f"Ugx{n:04d}", f"{text} #{n}", f"viewer{n % 40:03d}",
                        start + timedelta(minutes=n), likes=n % 7, replies=replies)
    # a thread with 230 replies: comments.list in 3 pages of 100
    fake.add_thread("vid00000118", "UgyMany", "Жаңаөзенде не болып жатыр?", "aigerim", start,
                    replies=[(f"UgyMany.r{j:03d}", f"Ответ {j}: в Жанаозене спокойно", f"kz{j % 50:03d}")
                             for j in range(230)])
    # 4 replies counted but one removed: 3 inline, so totalReplyCount != inlined and comments.list is asked
    fake.add_thread("vid00000118", "UgyGone", "Бұл видео қашан түсірілді?", "dana", start + timedelta(hours=1),
                    replies=[(f"UgyGone.r{j}", f"Жауап {j}", "erlan") for j in range(3)], removed_replies=1)
    fake.add_thread("ruVideo0001", "UgzRu1", "Держитесь, Актобе!", "marat", start,
                    replies=[("UgzRu1.r0", "Ақтөбеден сәлем!", "asel")])
    return fake


@pytest.fixture
def youtube(monkeypatch):
    fake = build(FakeYouTube())
    with YouTubeServer(fake) as server:
        monkeypatch.setenv("DAUYS_YOUTUBE_API_URL", server.url)
        monkeypatch.setenv("DAUYS_YOUTUBE_API_KEY", fake.key)
        monkeypatch.setenv("DAUYS_YOUTUBE_RETRY_DELAY", "0")
        yield server


def _docs(project):
    with project.store.read() as con:
        return con.execute(
            "SELECT external_id, parent_external_id, parent_id, title, text, author_key, created_at, url, meta "
            "FROM documents ORDER BY external_id"
        ).df()


def _metrics(project, external_id: str) -> dict[str, list[float]]:
    with project.store.read() as con:
        rows = con.execute(
            "SELECT m.metric, m.value FROM document_metrics m JOIN documents d ON d.id = m.document_id "
            "WHERE d.external_id = ? ORDER BY m.observed_at", [external_id]).fetchall()
    out: dict[str, list[float]] = {}
    for metric, value in rows:
        out.setdefault(metric, []).append(value)
    return out


def _expected_comment_ids(fake: FakeYouTube, videos) -> set[str]:
    ids = set()
    for video in videos:
        for thread in fake.threads.get(video, []):
            ids.add(thread.top["id"])
            ids.update(r["id"] for r in thread.replies)
    return ids


# --- identifiers ------------------------------------------------------------------------------

@pytest.mark.parametrize("spec, expected", [
    (CHANNEL, ("id", CHANNEL)),
    ("@qazaqtil", ("handle", "@qazaqtil")),
    ("https://www.youtube.com/@qazaqtil/videos", ("handle", "@qazaqtil")),
    ("youtube.com/@%D2%9B%D0%B0%D0%B7%D0%B0%D2%9B", ("handle", "@қазақ")),
    (f"https://m.youtube.com/channel/{CHANNEL}", ("id", CHANNEL)),
    ("https://www.youtube.com/user/qazaqtil", ("username", "qazaqtil")),
])
def test_parse_channel_accepts_ids_handles_and_addresses(spec, expected):
    assert parse_channel(spec) == expected


@pytest.mark.parametrize("spec, words", [
    ("https://www.youtube.com/c/QazaqTil", "custom /c/ address"),
    ("qazaqtil", "is not a YouTube channel"),
    ("https://example.com/@qazaqtil", "is not a YouTube channel"),
])
def test_parse_channel_rejects_what_it_cannot_resolve(spec, words):
    with pytest.raises(InputError, match=words):
        parse_channel(spec)


def test_parse_video():
    assert parse_video("https://www.youtube.com/watch?v=vid00000119&t=30") == "vid00000119"
    assert parse_video("https://youtu.be/vid00000119") == "vid00000119"
    assert parse_video("youtube.com/shorts/vid00000119") == "vid00000119"
    with pytest.raises(InputError, match="not a YouTube video"):
        parse_video("vid")


# --- channel ----------------------------------------------------------------------------------

def test_channel_videos_in_local_date_range_with_statistics(project, youtube):
    fake = youtube.fake
    result = collect_channel(project, "@qazaqtil", since="2024-02-01", until="2024-03-15")
    assert result.complete and result.stopped is None
    assert fake.calls("channels")[0]["forHandle"] == "@qazaqtil"
    assert fake.calls("channels")[0]["part"] == "snippet,statistics,contentDetails"
    docs = _docs(project).set_index("external_id")
    expected = {f"vid{i:08d}" for i in range(31, 75)} | {"edgeFeb0100", "edgeMar1523"}  # 1 Feb .. 15 Mar
    assert set(docs.index) == expected
    assert "edgeMar1600" not in docs.index  # 16 March 00:30 in Almaty
    # newest first: paging stops on the page that reaches before --since (page 2 of 3), never asks page 3
    pages = fake.calls("playlistItems")
    assert len(pages) == 2 and "pageToken" not in pages[0] and pages[0]["maxResults"] == "50"
    assert all(len(c["id"].split(",")) <= 50 for c in fake.calls("videos"))
    video = docs.loc["vid00000031"]
    assert video["title"] == "Жаңалықтар 01.02.2024" and video["text"].startswith("Күннің басты оқиғалары")
    assert video["url"] == "https://www.youtube.com/watch?v=vid00000031"
    assert video["parent_external_id"] is None
    assert json.loads(video["meta"])["duration"] == "PT4M13S"
    assert _metrics(project, "vid00000031") == {"views": [1031.0], "likes": [41.0], "comments": [3.0]}
    assert _metrics(project, "edgeMar1523") == {"views": [100.0], "comments": [0.0]}  # likes hidden: no value
    with project.store.read() as con:
        channel = con.execute("SELECT id, handle, title, meta FROM channels WHERE platform = 'youtube'").fetchall()
        assert [(h, t) for _, h, t, _ in channel] == [(CHANNEL, "Қазақ тілі жаңалықтары")]
        assert json.loads(channel[0][3])["handle"] == "@qazaqtil"
        snapshot = dict(con.execute("SELECT metric, value FROM channel_metrics").fetchall())
        assert snapshot == {"subscribers": 12300.0, "views": 4_560_000.0, "videos": 123.0}  # public videos
        linked = con.execute("SELECT count(*) FROM documents WHERE channel_id = ?", [channel[0][0]]).fetchone()[0]
        assert linked == len(expected)
        progress = con.execute("SELECT target, complete FROM collection_progress").fetchall()
        assert progress == [(CHANNEL, True)]
        runs = con.execute("SELECT step, counts, params FROM runs").fetchall()
        sources = con.execute("SELECT kind, location FROM sources").fetchall()
        units = con.execute("SELECT day, units FROM api_quota").fetchall()
    assert len(runs) == 1 and runs[0][0] == "collect.youtube.channel"  # one ledger entry for all pages
    counts = json.loads(runs[0][1])
    assert counts["pages"] == 2 and counts["videos"] == len(expected) and counts["calls"] == len(fake.requests)
    assert counts["units"] == len(fake.requests) == 5  # channels + 2 playlist pages + 2 video batches
    assert sources == [("youtube", f"{youtube.url}/channels")]
    assert units == [(quota_day(), 5)]


def test_private_uploads_and_whole_channel_by_address(project, youtube):
    result = collect_channel(project, f"https://www.youtube.com/channel/{CHANNEL}")
    assert result.complete
    assert youtube.fake.calls("channels")[0]["id"] == CHANNEL
    assert len(youtube.fake.calls("playlistItems")) == 3  # 124 uploads: 50 + 50 + 24
    assert len(_docs(project)) == 123 and result.counts["unavailable"] == 1


def test_repeated_collection_adds_snapshots_without_duplicates(project, youtube):
    fake = youtube.fake
    collect_channel(project, CHANNEL, since="2024-04-20")
    fake.channels[CHANNEL]["statistics"]["subscriberCount"] = "12400"
    fake.videos["vid00000119"]["statistics"]["viewCount"] = "5000"
    second = collect_channel(project, CHANNEL, since="2024-04-20")
    assert second.counts["imported"] == 0 and second.counts["duplicates"] == 10
    assert second.counts["metric_snapshots"] == 1  # only the video whose views changed
    assert _metrics(project, "vid00000119")["views"] == [1119.0, 5000.0]
    with project.store.read() as con:
        subscribers = [v for (v,) in con.execute(
            "SELECT value FROM channel_metrics WHERE metric = 'subscribers' ORDER BY observed_at").fetchall()]
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 10
    assert subscribers == [12300.0, 12400.0]


def test_unknown_channel_is_a_clear_error(project, youtube):
    with pytest.raises(InputError, match="knows no channel '@nobody'"):
        collect_channel(project, "@nobody")


# --- comments ---------------------------------------------------------------------------------

def test_comments_every_page_inline_and_paged_replies(project, youtube):
    fake = youtube.fake
    collect_channel(project, CHANNEL, since="2024-04-27")
    result = collect_comments(project, ["vid00000119", "https://youtu.be/vid00000118"])
    assert result.complete
    docs = _docs(project).set_index("external_id")
    expected = _expected_comment_ids(fake, ["vid00000119", "vid00000118"])
    assert expected <= set(docs.index)
    assert len(docs) == 3 + len(expected)  # the 3 videos of 27..29 April and the comments
    threads = fake.calls("commentThreads")
    assert [c.get("pageToken") is None for c in threads if c["videoId"] == "vid00000119"] == [True, False, False]
    assert all(c["maxResults"] == "100" and c["textFormat"] == "plainText" for c in threads)
    # inlined replies are used as they are: comments.list only for the thread of 230 and the one with a removal
    parents = [c["parentId"] for c in fake.calls("comments")]
    assert parents == ["UgyMany"] * 3 + ["UgyGone"]
    top, reply = docs.loc["Ugx0030"], docs.loc["Ugx0030.r1"]
    assert top["parent_external_id"] == "vid00000119" and not _isna(top["parent_id"])
    assert reply["parent_external_id"] == "Ugx0030" and reply["text"] == "Келісемін"
    assert top["text"] == "Рахмет, өте пайдалы ақпарат! #30"
    assert docs.loc["Ugx0010", "text"] == "Спасибо за репортаж из Алматы #10"
    assert docs.loc["UgyMany.r229", "text"] == "Ответ 229: в Жанаозене спокойно"
    assert top["author_key"] and top["author_key"] != "UCviewer030"  # pseudonymised
    assert json.loads(reply["meta"])["kind"] == "reply"
    assert _metrics(project, "Ugx0030") == {"likes": [2.0], "replies": [2.0]}
    assert result.counts["replies_missing"] == 1  # UgyGone: 4 counted, 3 there
    assert result.counts["comments"] == 232 and result.counts["replies"] == 46 + 230 + 3
    with project.store.read() as con:
        progress = dict(con.execute(
            "SELECT target, complete FROM collection_progress WHERE collector = 'youtube.comments'").fetchall())
    assert progress == {"vid00000119": True, "vid00000118": True}
    with project.store.read() as con:  # commenters' accounts: name patterns of the display name, never the name
        accounts = con.execute(
            "SELECT author_key, name_features FROM accounts WHERE platform = 'youtube'").fetchall()
    assert top["author_key"] in {key for key, _ in accounts}
    assert all(features and "handle" in json.loads(features) for _, features in accounts)


def test_disabled_and_missing_videos_are_noted_and_skipped(project, youtube):
    result = collect_comments(project, ["ruVideo0002", "goneVideo01", "ruVideo0001"])
    assert result.complete and result.counts["disabled"] == 1 and result.counts["missing"] == 1
    assert any("ruVideo0002: comments are disabled" in n for n in result.notes)
    assert any("goneVideo01: the video is not there" in n for n in result.notes)
    assert set(_docs(project)["external_id"]) == {"UgzRu1", "UgzRu1.r0"}
    # complete targets (disabled and missing too) are not asked again; --refresh asks again
    before = len(youtube.fake.requests)
    again = collect_comments(project, ["ruVideo0002", "goneVideo01", "ruVideo0001"])
    assert len(youtube.fake.requests) == before and again.counts["skipped"] == 3
    youtube.fake.threads["ruVideo0001"][0].top["snippet"]["likeCount"] = 9
    refreshed = collect_comments(project, ["ruVideo0001"], refresh=True)
    assert refreshed.counts["imported"] == 0 and refreshed.counts["metric_snapshots"] == 1
    assert _metrics(project, "UgzRu1")["likes"] == [0.0, 9.0]


def test_comments_of_a_collected_channel(project, youtube):
    with pytest.raises(InputError, match="collect it first"):
        collect_comments(project, channel="@novosti_almaty")
    collect_channel(project, "@novosti_almaty")
    result = collect_comments(project, channel="@novosti_almaty")
    assert result.targets == ["ruVideo0001", "ruVideo0002", "ruVideo0003"]
    assert result.counts["disabled"] == 1
    assert set(_docs(project)["external_id"]) >= {"UgzRu1", "UgzRu1.r0"}


def _isna(value) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


# --- quota, errors and resuming -----------------------------------------------------------------

def _reference(tmp_path, youtube, videos) -> set[str]:
    reference = dauys.init_project(tmp_path / "reference")
    collect_comments(reference, videos)
    return set(_docs(reference)["external_id"])


def test_server_quota_exceeded_mid_collection_then_resume(project, youtube, tmp_path):
    fake = youtube.fake
    videos = ["vid00000119", "vid00000118"]
    fake.quota_limit = 5
    stopped = collect_comments(project, videos)
    assert not stopped.complete and "daily quota is spent (quotaExceeded" in stopped.stopped
    assert stopped.counts["calls"] == 6  # the 6th was refused by the server and not retried
    partial = set(_docs(project)["external_id"])
    assert 0 < len(partial) < len(_expected_comment_ids(fake, videos))
    with project.store.read() as con:
        assert con.execute("SELECT units FROM api_quota").fetchone()[0] == 6
        assert con.execute("SELECT count(*) FROM collection_progress WHERE complete").fetchone()[0] == 1
    fake.quota_limit = None  # the next Pacific-time day
    calls_before = len(fake.requests)
    resumed = collect_comments(project, videos)
    assert resumed.complete
    # resumed after the last written page: the first video's 3 pages are not asked for again
    asked = fake.requests[calls_before:]
    assert not any(r == "commentThreads" and p["videoId"] == "vid00000119" for r, p in asked)
    with project.store.read() as con:
        ids = [r[0] for r in con.execute("SELECT external_id FROM documents").fetchall()]
    assert len(ids) == len(set(ids))  # no duplicates
    assert set(ids) == _reference(tmp_path, youtube, videos)


def test_budget_stops_before_spending_and_bigger_budget_resumes(project, youtube, tmp_path):
    fake = youtube.fake
    with project.store.write() as con:  # 9,998 units already spent today by earlier runs
        con.execute("INSERT INTO api_quota VALUES ('youtube', ?, 9998, now())", [quota_day()])
    result = collect_comments(project, ["vid00000119"])
    assert result.stopped and "10,000 of 10,000 units used today" in result.stopped and len(fake.requests) == 2
    assert result.units_today == 10_000
    with project.store.read() as con:
        assert con.execute("SELECT units FROM api_quota").fetchone()[0] == 10_000
    done = collect_comments(project, ["vid00000119"], quota_budget=20_000)
    assert done.complete and len(fake.requests) == 2 + 1  # the 3rd page only
    assert set(_docs(project)["external_id"]) == _reference(tmp_path, youtube, ["vid00000119"])


def test_quota_counts_on_the_pacific_day():
    clock = datetime(2024, 3, 10, 7, 30, tzinfo=UTC)  # 23:30 on 9 March in Los Angeles
    meter = QuotaMeter(budget=2, clock=lambda: clock)
    meter.spend(2)
    assert meter.pending == {datetime(2024, 3, 9).date(): 2}
    clock = datetime(2024, 3, 10, 8, 30, tzinfo=UTC)
    meter.check(1)  # a new day: the budget is free again


def test_500s_are_retried_then_succeed(project, youtube):
    youtube.fake.fail("commentThreads", 500, times=2)
    youtube.fake.fail("comments", 503, times=1, after=1)
    result = collect_comments(project, ["vid00000118"])
    assert result.complete and result.counts["retries"] == 3
    assert set(_docs(project)["external_id"]) == _expected_comment_ids(youtube.fake, ["vid00000118"])


def test_retry_after_is_honoured(youtube):
    youtube.fake.fail("channels", 429, times=1, retry_after="7")
    waits = []
    api = YouTubeAPI(youtube.fake.key, base_url=youtube.url, retry_delay=0.001, sleep=waits.append)
    api.get("channels", {"part": "snippet", "id": CHANNEL})
    assert waits and waits[0] >= 7 and api.counts == {"calls": 2, "units": 2, "retries": 1}


def test_persistent_500_is_a_clear_error_and_the_resume_completes(project, youtube, tmp_path):
    fake = youtube.fake
    fake.fail("commentThreads", 500, times=5, after=2)  # the 3rd page of the first video never answers
    with pytest.raises(Unavailable) as caught:
        collect_comments(project, ["vid00000119", "ruVideo0001"])
    message = str(caught.value)
    assert "no usable answer after 5 tries (HTTP 500 backendError" in message and "resume" in message
    assert fake.key not in message and "key=" not in message
    with project.store.read() as con:
        state = con.execute("SELECT state, complete FROM collection_progress").fetchone()
    assert json.loads(state[0])["pages"] == 2 and not state[1]
    result = collect_comments(project, ["vid00000119", "ruVideo0001"])
    assert result.complete
    assert set(_docs(project)["external_id"]) == _reference(tmp_path, youtube, ["vid00000119", "ruVideo0001"])


def test_killed_channel_collection_resumes_from_the_last_written_page(project, youtube):
    class Killer:
        pages = 0

        def stage(self, description, total=None):
            pass

        def advance(self, amount=1):
            self.pages += 1
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        collect_channel(project, CHANNEL, progress=Killer())
    assert len(_docs(project)) == 50
    before = len(youtube.fake.requests)
    collect_channel(project, CHANNEL)
    playlist = [p for r, p in youtube.fake.requests[before:] if r == "playlistItems"]
    assert len(playlist) == 2 and "pageToken" in playlist[0]
    docs = _docs(project)
    assert len(docs) == 123 and docs["external_id"].is_unique


def test_network_errors_are_retried_then_a_clear_error(project, youtube):
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}/youtube/v3"
    with pytest.raises(Unavailable, match=r"no usable answer after 5 tries \(ConnectError") as caught:
        collect_channel(project, CHANNEL, base_url=closed)
    assert youtube.fake.key not in str(caught.value)
    with project.store.read() as con:  # the five refused calls are counted against the day's budget
        assert con.execute("SELECT units FROM api_quota").fetchone()[0] == 5


def test_pages_held_and_written_together_give_the_same_set(project, youtube, tmp_path):
    class Killer:
        advanced = 0

        def stage(self, description, total=None):
            pass

        def advance(self, amount=1):
            self.advanced += 1
            if self.advanced == 2:  # after the first video
                raise KeyboardInterrupt

    videos = ["vid00000119", "vid00000118", "ruVideo0001"]
    with pytest.raises(KeyboardInterrupt):
        collect_comments(project, videos, pages_per_write=10, progress=Killer())
    assert len(_docs(project)) == 0  # the pages held were lost with the process, and so was their progress
    youtube.fake.quota_limit = len(youtube.fake.requests) + 4
    stopped = collect_comments(project, videos, pages_per_write=10)
    assert stopped.stopped and len(_docs(project)) > 0  # the quota stop wrote the pages it held
    youtube.fake.quota_limit = None
    done = collect_comments(project, videos, pages_per_write=10)
    assert done.complete
    with project.store.read() as con:
        assert con.execute("SELECT count(*) FROM runs").fetchone()[0] == 2
        assert con.execute("SELECT count(*) FROM collection_progress WHERE complete").fetchone()[0] == 3
    assert set(_docs(project)["external_id"]) == _reference(tmp_path, youtube, videos)
    assert _docs(project)["external_id"].is_unique


def test_bad_key_one_request_and_a_clear_message(project, youtube):
    with pytest.raises(KeyRefused, match=r"the API key was refused: API_KEY_INVALID: API key not valid.*"
                                         r"check DAUYS_YOUTUBE_API_KEY or --api-key-file"):
        collect_channel(project, CHANNEL, api_key="AIza-wrong-key-0000")
    assert len(youtube.fake.requests) == 1
    with project.store.read() as con:
        assert con.execute("SELECT count(*) FROM runs").fetchone()[0] == 0


def test_missing_key_says_how_to_get_one(tmp_path):
    with pytest.raises(InputError, match="No YouTube API key: create an API key in the Google Cloud console"):
        read_api_key(None, environ={})
    empty = tmp_path / "key.txt"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(InputError, match="key.txt: the first line is empty"):
        read_api_key(empty)
    keyfile = tmp_path / "key2.txt"
    keyfile.write_text("  AIza-from-file  \nanything\n", encoding="utf-8")
    assert read_api_key(keyfile) == "AIza-from-file"


# --- the command line and the key -----------------------------------------------------------------

def test_cli_channel_and_comments(project, youtube, cli):
    out = cli("collect", "youtube", "channel", "youtube.com/@novosti_almaty", "--project", project.path)
    assert out.exit_code == 0, out.stdout + out.stderr
    assert "Новости Алматы" in out.stdout and "videos 3" in out.stdout
    assert "subscriber counts are rounded" in out.stdout.replace("\n", " ")
    out = cli("collect", "youtube", "comments", "--channel", OTHER, "--project", project.path)
    assert out.exit_code == 0, out.stdout + out.stderr
    assert "ruVideo0002: comments are disabled" in out.stdout
    out = cli("collect", "youtube", "comments", "vid00000119", "--quota-budget", "1", "--project", project.path)
    assert out.exit_code == 3
    assert "run the same command again" in out.stderr.replace("\n", " ")


def test_key_never_stored_logged_or_printed(project, youtube, tmp_path, dauys_exe, caplog):
    fake = youtube.fake
    key_file = tmp_path / "secret" / "youtube.key"
    key_file.parent.mkdir()
    key_file.write_text(fake.key + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "DAUYS_YOUTUBE_API_KEY"}
    fake.fail("playlistItems", 500, times=1)
    fake.fail("commentThreads", 502, times=5, after=1)
    outputs = []
    for args in (["channel", CHANNEL, "--since", "2024-04-25"], ["comments", "--channel", CHANNEL],
                 ["comments", "vid00000119", "vid00000118"]):
        done = subprocess.run([dauys_exe, "collect", "youtube", *args, "--api-key-file", str(key_file),
                               "--project", str(project.path)], env=env, capture_output=True, text=True, timeout=120)
        outputs.append(done.stdout + done.stderr)
    assert "no usable answer after 5 tries" in outputs[1]  # the failure was reported, without the key
    assert "Comments of 2 video(s)" in outputs[2]
    with caplog.at_level(logging.DEBUG, logger="httpx"):
        collect_comments(project, ["ruVideo0001"], api_key=fake.key)
    assert "HTTP Request" in caplog.text and "key=[redacted]" in caplog.text
    needle = fake.key.encode()
    for path in project.path.rglob("*"):
        if path.is_file():
            assert needle not in path.read_bytes(), path
    for text in outputs + [caplog.text]:
        assert fake.key not in text
    assert len(_docs(project)) > 5 + 230


def test_limits_text_in_three_languages():
    assert set(YOUTUBE_LIMITS) == {"en", "ru", "kk"}
    assert "three significant figures" in YOUTUBE_LIMITS["en"]
    assert "трёх значащих цифр" in YOUTUBE_LIMITS["ru"] and "үш мәнді цифр" in YOUTUBE_LIMITS["kk"]


def test_methods_paragraph_states_the_api_limits(project, youtube):
    from dauys.report.methods import methods_text

    collect_channel(project, "@qazaqtil", since="2024-02-01", until="2024-03-15")
    assert "rounded by the API to three significant figures" in methods_text(project, lang="en")
    assert YOUTUBE_LIMITS["kk"] in methods_text(project, lang="kk")
