"""A fake YouTube Data API v3 on 127.0.0.1: a real ThreadingHTTPServer in a thread, serving the documented
JSON of channels.list, playlistItems.list, videos.list, commentThreads.list and comments.list, with page
tokens, the documented error bodies, a server-side daily quota, scripted and random failures.

Used by tests/ingest/test_youtube.py (fixture ``youtube``) and bench/youtube_bench.py.
"""

from __future__ import annotations

import base64
import json
import random
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

PREFIX = "/youtube/v3"
INLINE_REPLIES = 5  # commentThreads inline at most this many replies; the rest need comments.list


def _token(resource: str, key: str, offset: int) -> str:
    return base64.urlsafe_b64encode(f"{resource}|{key}|{offset}".encode()).decode().rstrip("=")


def _offset(token: str | None, resource: str, key: str) -> int | None:
    if not token:
        return 0
    try:
        kind, owner, offset = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode().split("|")
    except Exception:
        return None
    return int(offset) if (kind, owner) == (resource, key) else None


def _error(code: int, reason: str, message: str, domain: str = "youtube.api", **extra) -> dict[str, Any]:
    body = {"code": code, "message": message, "errors": [{"message": message, "domain": domain, "reason": reason}]}
    body.update(extra)
    return {"error": body}


KEY_INVALID = {
    "error": {
        "code": 400, "message": "API key not valid. Please pass a valid API key.",
        "errors": [{"message": "API key not valid. Please pass a valid API key.", "domain": "global",
                    "reason": "badRequest"}],
        "status": "INVALID_ARGUMENT",
        "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID",
                     "domain": "googleapis.com", "metadata": {"service": "youtube.googleapis.com"}}],
    }
}
QUOTA_EXCEEDED = _error(
    403, "quotaExceeded",
    'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">'
    "quota</a>.", domain="youtube.quota",
)


@dataclass
class Failure:
    """Answer ``status`` (with ``reason``) to matching requests number after+1 .. after+times."""

    resource: str
    status: int
    reason: str | None = None
    times: int = 1
    after: int = 0
    retry_after: str | None = None
    seen: int = 0
    served: int = 0


@dataclass
class Thread:
    top: dict[str, Any]
    replies: list[dict[str, Any]] = field(default_factory=list)
    total: int | None = None  # totalReplyCount the API reports (more than len(replies) when some were removed)


class FakeYouTube:
    """The data and behaviour of the fake API. Build data with :meth:`add_channel`, :meth:`add_video`,
    :meth:`add_thread`; script errors with :meth:`fail`, ``quota_limit`` and ``error_rate``."""

    def __init__(self, key: str = "AIzaFAKE-test-key-Qx7Zr9Lm2Np4"):
        self.key = key
        self.channels: dict[str, dict[str, Any]] = {}
        self.uploads: dict[str, list[str]] = {}  # playlist id -> video ids, newest first
        self.videos: dict[str, dict[str, Any]] = {}
        self.threads: dict[str, list[Thread]] = {}
        self.by_comment: dict[str, Thread] = {}
        self.disabled: set[str] = set()
        self.hidden: set[str] = set()  # playlist entries of private videos (videos.list does not return them)
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.failures: list[Failure] = []
        self.quota_limit: int | None = None  # units the server allows before 403 quotaExceeded
        self.units = 0
        self.error_rate = 0.0  # share of requests answered 500 or 429 at random (bench)
        self.random = random.Random(5)
        self.injected = 0
        self.lock = threading.Lock()

    # --- data ---------------------------------------------------------------------------------
    def add_channel(self, channel_id: str, handle: str, title: str, subscribers: int = 1230, views: int = 98765,
                    hidden: bool = False) -> str:
        uploads = "UU" + channel_id[2:]
        self.channels[channel_id] = {
            "kind": "youtube#channel", "etag": "e-" + channel_id, "id": channel_id,
            "snippet": {"title": title, "description": f"{title}: арна туралы", "customUrl": handle,
                        "publishedAt": "2015-03-01T09:00:00Z", "country": "KZ",
                        "thumbnails": {"default": {"url": "https://yt3.example/a.jpg"}}},
            "contentDetails": {"relatedPlaylists": {"likes": "", "uploads": uploads}},
            "statistics": {"viewCount": str(views), "subscriberCount": str(subscribers),
                           "hiddenSubscriberCount": hidden, "videoCount": "0"},
        }
        self.uploads[uploads] = []
        return channel_id

    def add_video(self, channel_id: str, video_id: str, published: str, title: str, description: str = "",
                  views: int = 100, likes: int | None = 10, comments: int = 0, lang: str | None = None) -> None:
        channel = self.channels[channel_id]
        stats = {"viewCount": str(views), "favoriteCount": "0", "commentCount": str(comments)}
        if likes is not None:
            stats["likeCount"] = str(likes)
        snippet = {"publishedAt": published, "channelId": channel_id, "title": title, "description": description,
                   "channelTitle": channel["snippet"]["title"], "categoryId": "25", "liveBroadcastContent": "none",
                   "tags": ["Қазақстан"]}
        if lang:
            snippet["defaultLanguage"] = lang
        self.videos[video_id] = {"kind": "youtube#video", "etag": "e-" + video_id, "id": video_id,
                                 "snippet": snippet, "contentDetails": {"duration": "PT4M13S"}, "statistics": stats}
        playlist = self.uploads[channel["contentDetails"]["relatedPlaylists"]["uploads"]]
        playlist.append(video_id)
        playlist.sort(key=lambda v: self.videos[v]["snippet"]["publishedAt"] if v in self.videos else "", reverse=True)
        channel["statistics"]["videoCount"] = str(len(playlist))
        self.threads.setdefault(video_id, [])

    def add_private_entry(self, channel_id: str, video_id: str) -> None:
        """A playlist entry of a private video: no videoPublishedAt, and videos.list does not return it."""
        self.uploads[self.channels[channel_id]["contentDetails"]["relatedPlaylists"]["uploads"]].append(video_id)
        self.hidden.add(video_id)

    def comment(self, comment_id: str, video_id: str, text: str, author: str, published: datetime,
                likes: int = 0, parent: str | None = None) -> dict[str, Any]:
        channel_id = self.videos[video_id]["snippet"]["channelId"]
        stamp = published.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        snippet = {
            "channelId": channel_id, "videoId": video_id, "textDisplay": text, "textOriginal": text,
            "authorDisplayName": f"@{author}", "authorProfileImageUrl": "https://yt3.example/p.jpg",
            "authorChannelUrl": f"http://www.youtube.com/@{author}", "authorChannelId": {"value": "UC" + author},
            "canRate": True, "viewerRating": "none", "likeCount": likes, "publishedAt": stamp, "updatedAt": stamp,
        }
        if parent:
            snippet["parentId"] = parent
        return {"kind": "youtube#comment", "etag": "e-" + comment_id, "id": comment_id, "snippet": snippet}

    def add_thread(self, video_id: str, comment_id: str, text: str, author: str, published: datetime,
                   likes: int = 0, replies: list[tuple[str, str, str]] = (), removed_replies: int = 0) -> Thread:
        """A thread; ``replies`` as (id, text, author), one minute apart; ``removed_replies`` are counted in
        totalReplyCount but no longer returned (deleted or held for review)."""
        top = self.comment(comment_id, video_id, text, author, published, likes)
        thread = Thread(top, [self.comment(rid, video_id, rtext, rauthor, published + timedelta(minutes=i + 1),
                                           parent=comment_id) for i, (rid, rtext, rauthor) in enumerate(replies)])
        thread.total = len(thread.replies) + removed_replies
        self.threads.setdefault(video_id, []).append(thread)
        self.by_comment[comment_id] = thread
        return thread

    def fail(self, resource: str, status: int, reason: str | None = None, times: int = 1, after: int = 0,
             retry_after: str | None = None) -> Failure:
        failure = Failure(resource, status, reason, times, after, retry_after)
        self.failures.append(failure)
        return failure

    def calls(self, resource: str | None = None) -> list[dict[str, str]]:
        return [p for r, p in self.requests if resource is None or r == resource]

    # --- answering ----------------------------------------------------------------------------
    def answer(self, path: str, query: dict[str, str]) -> tuple[int, dict[str, Any], dict[str, str]]:
        resource = path[len(PREFIX):].strip("/") if path.startswith(PREFIX) else None
        with self.lock:
            self.requests.append((resource or path, query))
            if query.get("key") != self.key:
                return 400, KEY_INVALID, {}
            for failure in self.failures:
                if failure.resource == resource:
                    failure.seen += 1
                    if failure.after < failure.seen <= failure.after + failure.times:
                        failure.served += 1
                        return self._failure(failure)
            if self.error_rate and self.random.random() < self.error_rate:
                self.injected += 1
                if self.random.random() < 0.5:
                    return 500, _error(500, "backendError", "Backend Error", domain="global"), {}
                return 429, _error(429, "rateLimitExceeded", "Too many requests", domain="youtube.quota"), {
                    "Retry-After": "0"}
            if self.quota_limit is not None and self.units + 1 > self.quota_limit:
                return 403, QUOTA_EXCEEDED, {}
            self.units += 1
        handler = {
            "channels": self._channels, "playlistItems": self._playlist_items, "videos": self._videos,
            "commentThreads": self._comment_threads, "comments": self._comments,
        }.get(resource or "")
        if handler is None:
            return 404, _error(404, "notFound", f"Not Found: {path}", domain="global"), {}
        return handler(query)

    def _failure(self, failure: Failure) -> tuple[int, dict[str, Any], dict[str, str]]:
        if failure.reason in ("quotaExceeded", None) and failure.status == 403:
            return 403, QUOTA_EXCEEDED, {}
        headers = {"Retry-After": failure.retry_after} if failure.retry_after else {}
        reason = failure.reason or {500: "backendError", 503: "backendError", 429: "rateLimitExceeded"}.get(
            failure.status, "error")
        return failure.status, _error(failure.status, reason, f"injected {reason}"), headers

    @staticmethod
    def _page(kind: str, items: list, offset: int, size: int, resource: str, owner: str) -> dict[str, Any]:
        body = {"kind": kind, "etag": "etag", "pageInfo": {"totalResults": len(items), "resultsPerPage": size},
                "items": items[offset:offset + size]}
        if offset + size < len(items):
            body["nextPageToken"] = _token(resource, owner, offset + size)
        return body

    @staticmethod
    def _size(query: dict[str, str], default: int, most: int) -> int:
        return max(1, min(int(query.get("maxResults") or default), most))

    def _bad_token(self):
        return 400, _error(400, "invalidPageToken", "The request specifies an invalid page token."), {}

    def _channels(self, query):
        found = []
        if query.get("id"):
            found = [self.channels[i] for i in query["id"].split(",") if i in self.channels]
        elif query.get("forHandle"):
            handle = query["forHandle"].lower().lstrip("@")
            found = [c for c in self.channels.values() if c["snippet"]["customUrl"].lower().lstrip("@") == handle]
        elif query.get("forUsername"):
            found = [c for c in self.channels.values() if c["snippet"]["customUrl"].lower().lstrip("@")
                     == query["forUsername"].lower()]
        body = {"kind": "youtube#channelListResponse", "etag": "etag",
                "pageInfo": {"totalResults": len(found), "resultsPerPage": 5}}
        if found:
            body["items"] = found
        return 200, body, {}

    def _playlist_items(self, query):
        playlist = query.get("playlistId")
        if playlist not in self.uploads:
            return 404, _error(404, "playlistNotFound", "The playlist identified with the request's <code>playlistId"
                               "</code> parameter cannot be found.", domain="youtube.playlistItem"), {}
        offset = _offset(query.get("pageToken"), "playlistItems", playlist)
        if offset is None:
            return self._bad_token()
        items = []
        for position, video_id in enumerate(self.uploads[playlist]):
            details = {"videoId": video_id}
            if video_id not in self.hidden:
                details["videoPublishedAt"] = self.videos[video_id]["snippet"]["publishedAt"]
            items.append({"kind": "youtube#playlistItem", "etag": "e", "id": f"PLI{playlist}{position}",
                          "contentDetails": details})
        size = self._size(query, 5, 50)
        return 200, self._page("youtube#playlistItemListResponse", items, offset, size, "playlistItems", playlist), {}

    def _videos(self, query):
        ids = [i for i in (query.get("id") or "").split(",") if i]
        if len(ids) > 50:
            return 400, _error(400, "tooManyIds", "More than 50 ids."), {}
        items = [self.videos[i] for i in ids if i in self.videos and i not in self.hidden]
        return 200, {"kind": "youtube#videoListResponse", "etag": "etag", "items": items,
                     "pageInfo": {"totalResults": len(items), "resultsPerPage": len(items)}}, {}

    def _comment_threads(self, query):
        video_id = query.get("videoId")
        if video_id not in self.videos:
            return 404, _error(404, "videoNotFound", "The video identified by the <code><a href=\"/youtube/v3/docs/"
                               "commentThreads/list#videoId\">videoId</a></code> parameter could not be found.",
                               domain="youtube.commentThread", location="videoId"), {}
        if video_id in self.disabled:
            return 403, _error(403, "commentsDisabled", "The video identified by the <code><a href=\"/youtube/v3/"
                               "docs/commentThreads/list#videoId\">videoId</a></code> parameter has disabled "
                               "comments.", domain="youtube.commentThread"), {}
        offset = _offset(query.get("pageToken"), "commentThreads", video_id)
        if offset is None:
            return self._bad_token()
        items = []
        for thread in self.threads.get(video_id, []):
            item = {"kind": "youtube#commentThread", "etag": "e", "id": thread.top["id"],
                    "snippet": {"channelId": thread.top["snippet"]["channelId"], "videoId": video_id,
                                "topLevelComment": thread.top, "canReply": True, "totalReplyCount": thread.total,
                                "isPublic": True}}
            if thread.replies and "replies" in query.get("part", ""):
                item["replies"] = {"comments": thread.replies[:INLINE_REPLIES]}
            items.append(item)
        size = self._size(query, 20, 100)
        return 200, self._page("youtube#commentThreadListResponse", items, offset, size, "commentThreads",
                               video_id), {}

    def _comments(self, query):
        parent = query.get("parentId")
        thread = self.by_comment.get(parent or "")
        if thread is None:
            return 404, _error(404, "commentNotFound", "The comment identified by the parentId parameter could not "
                               "be found.", domain="youtube.comment"), {}
        offset = _offset(query.get("pageToken"), "comments", parent)
        if offset is None:
            return self._bad_token()
        size = self._size(query, 20, 100)
        return 200, self._page("youtube#commentListResponse", thread.replies, offset, size, "comments", parent), {}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):  # noqa: N802 (the http.server name)
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        status, body, headers = self.server.fake.answer(parts.path, query)
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):  # quiet
        return


class YouTubeServer:
    """Runs a :class:`FakeYouTube` on 127.0.0.1 (a free port) in a thread; ``url`` ends in /youtube/v3."""

    def __init__(self, fake: FakeYouTube | None = None):
        self.fake = fake or FakeYouTube()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.fake = self.fake
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}{PREFIX}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> YouTubeServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)
