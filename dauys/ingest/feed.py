"""Importing a news feed — RSS 2.0, RSS 1.0 (RDF) or Atom — from a file or an http(s) address.

Each entry of the feed becomes one document:

external_id
    The entry's ``<guid>``/``<id>``, else its link. An id that is not a URL or URN (a bare number such as
    ``48213``, which many news sites use) is prefixed with the site's host (``kaz.example.kz:48213``),
    so that the numbering of two sites cannot collide on one platform.
url
    The entry's link in the normalised form trafilatura gives the canonical link of a saved page
    (:func:`canonical_url`: lower-case host, no default port, no tracking parameters such as
    ``utm_source``, sorted query), so that pages saved from the site and imported with
    ``dauys import docs FOLDER --html main`` can be joined to their entries by ``url``. The link as
    written is kept in ``meta.link`` when it differs.
created_at
    From ``<pubDate>``/``<published>``, else ``<updated>``/``<dc:date>``, with the offset it was written
    in. RFC 822 dates (``Mon, 02 Sep 2024 10:15:00 +0600``, also ``GMT``, ``MSK`` and the US zone names)
    and ISO 8601 dates (``2024-09-02T10:15:00+05:00``) are read; dates without an offset, with
    ``-0000`` meaning UTC, and with a zone name dauys does not know are read in the import's time zone
    (Asia/Almaty by default: UTC+6 until 1 March 2024, UTC+5 since). ``meta.date_field`` says which
    field gave the date.
text
    The entry's content (``<content:encoded>``, Atom ``<content>``), else its summary
    (``<description>``, ``<summary>``), turned from HTML into plain text the way ``import docs`` reads a
    web page: paragraphs separated by a blank line, no markup, no scripts. ``meta.text_from`` says which.
title, author, lang, channel
    The entry's title; its author's name (never an e-mail address; pseudonymised on import unless
    ``keep_authors``); the language of the entry or the feed as a primary code (``kk-KZ`` gives
    ``kk``; the country code ``kz``, which Kazakh sites often write, also gives ``kk``); the feed's title
    (else the site's host) as the channel, unless a channel name is given.
meta
    ``categories`` (labels, else terms), ``link``, ``guid`` (when the id was prefixed), ``date_field``,
    ``updated`` (when the entry gives another date), ``summary`` (its plain text, when the text came
    from the content), ``comments`` (the address of the comments page), ``enclosures`` (attached media)
    and ``language`` (as written). A ``<slash:comments>`` count is kept as the metric ``comments``.

An entry without a date, without text, with an unreadable date, or with the id of an earlier entry is
rejected and listed in a CSV under the project's ``imports/`` folder; the other entries are imported.
Problems with the feed as a whole — a missing or empty file, bytes that cannot be decoded in the
encoding the feed declares (UTF-8, Windows-1251, KZ-1048, ...), content that is not a feed (a web page,
JSON), a malformed feed from which no entry can be read, a feed without entries, and for addresses a
connection that fails, an HTTP error or a timeout — refuse the feed and write nothing. A feed that is not
well-formed but from which feedparser's lenient parser recovers entries is imported with a warning.

Entries the project already holds (same id on the same platform) are counted as duplicates and left as
they are, so importing the same feed again adds only its newer entries.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import re
from dataclasses import asdict, dataclass
from datetime import UTC, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import feedparser
import httpx
import numpy as np
import pandas as pd
from feedparser.api import SUPPORTED_VERSIONS
from trafilatura.utils import load_html

from dauys import __version__
from dauys.errors import InputError
from dauys.ingest.dates import DEFAULT_TZ, check_tz, parse_timestamps
from dauys.ingest.docs import short_title, visible_text
from dauys.ingest.urls import canonical_url
from dauys.ingest.writer import (
    REJECT_COLUMNS,
    ImportResult,
    SourceInfo,
    duplicate_id_rejects,
    write_documents,
    write_rejects,
)
from dauys.progress import SILENT, Progress
from dauys.provenance import Run, redact_text, to_json

if TYPE_CHECKING:
    from dauys.project import Project

DEFAULT_TIMEOUT = 30.0
MAX_FEED_BYTES = 50_000_000  # news feeds are kilobytes to a few megabytes; more is not a feed
USER_AGENT = f"dauys/{__version__} (feed import for research; python-httpx)"
_ENTRY_COLUMNS = (
    "row", "external_id", "title", "text", "url", "author", "lang", "channel", "meta", "metric.comments",
)
_READ_PACKAGES = ("feedparser", "trafilatura", "courlan")
_LISTED_PROBLEMS = 5
_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.9, "
    "text/xml;q=0.9, */*;q=0.5"
)
_FEED_LINK_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_XML_ENCODING = re.compile(rb"""\A\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_XML_ENCODING_TEXT = re.compile(r"""\A(\s*<\?xml[^>]*?\bencoding\s*=\s*["'])[A-Za-z0-9._:-]+""")
_HTML_START = re.compile(rb"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.I | re.S)
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S")
_RFC822 = re.compile(r"^\s*(?:[A-Za-z]{3},?\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\b")
_EMAIL = re.compile(r"[^\s()<>\[\],;]+@[^\s()<>\[\],;]+")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|<\s*>|\[\s*\]")
# zone names of the region that email.utils does not know; Moscow time has been UTC+3 since October 2014
_ZONE_NAMES = {"MSK": 180}
# language codes news sites write that are not the ISO 639-1 code of the language
_LANGUAGE_CODES = {"kz": "kk", "kaz": "kk", "qaz": "kk", "rus": "ru", "eng": "en"}


@dataclass
class FeedImportResult(ImportResult):
    """What ``import_feed`` did; ``read`` counts entries. Also: the ``feed`` as given (the file, or the
    address without passwords or keys), its ``format`` ("RSS 2.0", "Atom 1.0", ...), the ``encoding`` it was
    read in, its ``channel``, the address it was finally read from (``url``, after redirects; None for a
    file) and a ``warning`` when the feed was not well-formed but entries could still be read."""

    feed: str = ""
    format: str = ""
    encoding: str = ""
    channel: str | None = None
    url: str | None = None
    warning: str | None = None


@dataclass
class FetchedFeed:
    """The bytes an address answered with, the address they finally came from, and their content type."""

    data: bytes
    url: str
    content_type: str | None


@dataclass
class ParsedFeed:
    """A feed as feedparser read it (``feed`` and ``entries``), with its format and encoding.

    ``format`` is feedparser's name of the format ("RSS 2.0", "RSS 1.0", "Atom 1.0"); ``encoding`` is the
    one the bytes were decoded in; ``warning`` says why the feed is not well-formed XML when feedparser's
    lenient parser had to read it (None when it is well-formed).
    """

    feed: dict[str, Any]
    entries: list[dict[str, Any]]
    format: str
    encoding: str
    warning: str | None = None


# --- addresses ----------------------------------------------------------------------------------

def is_url(value: str | Path) -> bool:
    """Whether ``value`` is an http(s) address rather than a file path."""
    return isinstance(value, str) and urlsplit(value.strip()).scheme.lower() in ("http", "https")


def _shown(url: str) -> str:
    """An address without a user name, password or key, for messages and the ledger."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return redact_text(urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment)))


def fetch_feed(url: str, timeout: float = DEFAULT_TIMEOUT) -> FetchedFeed:
    """Download a feed from an http(s) address, following redirects.

    Raises :class:`InputError` when the address cannot be reached, does not answer within ``timeout``
    seconds, answers with an HTTP error, or sends more than ``MAX_FEED_BYTES``.
    """
    shown = _shown(url)
    if timeout <= 0:
        raise InputError(f"--timeout {timeout:g}: give a positive number of seconds, for example --timeout 30")
    headers = {"User-Agent": USER_AGENT, "Accept": _ACCEPT}
    try:
        with httpx.Client(follow_redirects=True, timeout=timeout, headers=headers) as client, \
                client.stream("GET", url.strip()) as response:
            if response.status_code >= 400:
                raise InputError(
                    f"{shown}: the server answered HTTP {response.status_code} {response.reason_phrase}; check "
                    "the address (news sites often publish their feed at /rss or /feed)"
                )
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_FEED_BYTES:
                    raise InputError(
                        f"{shown}: sent more than {MAX_FEED_BYTES // 1_000_000} MB, which is not a news feed; "
                        "check the address"
                    )
                chunks.append(chunk)
            return FetchedFeed(b"".join(chunks), str(response.url), response.headers.get("content-type"))
    except httpx.TooManyRedirects:
        raise InputError(f"{shown}: the server redirects in a loop; open the address in a browser to find "
                         "the feed's real address") from None
    except httpx.TimeoutException:
        raise InputError(f"{shown}: no answer within {timeout:g} seconds; try again later or with a longer "
                         "--timeout") from None
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise InputError(f"{shown}: cannot connect ({exc}); check the address and the internet "
                         "connection") from None


# --- reading ------------------------------------------------------------------------------------

def _charset(content_type: str | None) -> str | None:
    found = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", content_type or "", re.I)
    return found.group(1) if found else None


def _decode(data: bytes, where: str, http_charset: str | None) -> tuple[str, str]:
    """The text of the feed and the encoding it was read in.

    A byte-order mark decides; else the encoding the feed declares, then the one the server named, then
    UTF-8, the first in which the bytes decode. The declaration comes first because news sites' servers
    often send a default charset that their feed generator does not use.
    """
    bom = next((name for mark, name in _BOMS if data.startswith(mark)), None)
    declared = _XML_ENCODING.match(data)
    names = [bom] if bom else [n for n in (declared and declared.group(1).decode("ascii"), http_charset, "utf-8") if n]
    failure, tried = None, set()
    for name in names:
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            failure = failure or f"declares the encoding {name!r}, which dauys does not know"
            continue
        if codec in tried:
            continue
        tried.add(codec)
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError as exc:
            failure = failure or f"cannot be read as {name} (byte {exc.start} is not {name} text)"
    raise InputError(
        f"{where}: {failure}; the feed is damaged or mislabelled: save it again as UTF-8 (or ask the site "
        "for a correct feed) and import it again"
    )


def _feed_links(data: bytes, base: str | None) -> list[str]:
    """The feeds a web page names in its ``<link rel="alternate">`` elements, as absolute addresses."""
    tree = load_html(data)
    if tree is None:
        return []
    links = tree.xpath('//link[contains(concat(" ", normalize-space(@rel), " "), " alternate ")][@href]')
    found = [link.get("href").strip() for link in links if (link.get("type") or "").lower() in _FEED_LINK_TYPES]
    return list(dict.fromkeys(urljoin(base, href) if base else href for href in found))


def _not_a_feed_page(data: bytes, where: str, base: str | None) -> InputError:
    links = _feed_links(data, base)
    hint = (f"the page names its feed at {links[0]}: import that address" if links
            else "look on the site for an RSS link (often /rss or /feed) and import that address")
    return InputError(f"{where} is a web page (HTML), not an RSS or Atom feed; {hint}. To import saved "
                      "article pages, use dauys import docs FOLDER --html main.")


def _problem(exc: BaseException) -> str:
    """What the XML parser objected to, and where (SAX errors know their line)."""
    line = getattr(exc, "getLineNumber", None)
    where = f"line {line()}: " if callable(line) and line() else ""
    return f"{where}{getattr(exc, 'getMessage', lambda: str(exc))()}"


def parse_feed(
    data: bytes, where: str = "the feed", *, base_url: str | None = None, content_type: str | None = None
) -> ParsedFeed:
    """Read the bytes of an RSS or Atom feed with feedparser (which never fetches anything here).

    ``where`` names the feed in messages (its file or address); ``base_url`` is the address relative links
    are resolved against; ``content_type`` is the server's Content-Type header (its charset is one of the
    candidates of the encoding). Raises :class:`InputError` for empty input, undecodable bytes, a web page
    or anything else that is not a feed, a malformed feed without readable entries and a feed without
    entries.
    """
    if not data.strip():
        raise InputError(f"{where} is empty; give an RSS or Atom feed")
    # sniffed from the bytes, not the Content-Type: many servers send text/html for their feeds
    if _HTML_START.match(data[:4096]):
        raise _not_a_feed_page(data, where, base_url)
    text, encoding = _decode(data, where, _charset(content_type))
    # handed on as UTF-8 with a matching declaration, so feedparser cannot guess the encoding differently
    text = _XML_ENCODING_TEXT.sub(r"\g<1>utf-8", text.lstrip("\ufeff"), count=1)
    headers = {"content-type": "application/xml; charset=utf-8"}
    if base_url:
        headers["content-location"] = base_url
    # a stream, never a string: feedparser fetches a string that looks like a URL and opens one that names a file
    parsed = feedparser.parse(io.BytesIO(text.encode("utf-8")), response_headers=headers)
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    readable = [entry for entry in parsed.entries if entry]
    if not parsed.get("version") and not readable:
        detail = f" ({_problem(problem)})" if problem is not None else ""
        raise InputError(f"{where} is not an RSS or Atom feed{detail}; give the address or file of the feed "
                         "itself")
    if problem is not None and not readable:
        raise InputError(f"{where} is not a well-formed feed ({_problem(problem)}) and no entry could be read "
                         "from it; download it again, or ask the site for a correct feed")
    if not parsed.entries:
        raise InputError(f"{where} is a feed without entries (items); there is nothing to import")
    warning = None
    if problem is not None:
        read = f"{len(readable)} entry was" if len(readable) == 1 else f"{len(readable)} entries were"
        warning = f"not well-formed XML ({_problem(problem)}); {read} read leniently, check that none is missing"
    version = parsed.get("version") or ""
    # plain dicts: feedparser's own answers ``updated`` with the published date when an entry has none
    return ParsedFeed(dict(parsed.feed), [dict(entry) for entry in parsed.entries],
                      SUPPORTED_VERSIONS.get(version, version), encoding, warning)


# --- entries ------------------------------------------------------------------------------------

def _html_text(value: str) -> str:
    # wrapped in a page: trafilatura's loader refuses bare fragments
    tree = load_html(f"<html><body>{value}</body></html>")
    return visible_text(tree) if tree is not None else ""


def _plain_text(detail: dict[str, Any] | None) -> str:
    """The plain text of a feedparser text construct (title, summary or content)."""
    if not detail or not detail.get("value"):
        return ""
    value = detail["value"]
    if (detail.get("type") or "text/html").lower() in _HTML_TYPES:
        return _html_text(value)
    lines = (" ".join(line.split()) for line in value.replace("\r\n", "\n").split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _content(entry: dict[str, Any]) -> dict[str, Any] | None:
    """The entry's content to read: the HTML one when a feed gives several (Atom allows text and html)."""
    contents = [c for c in entry.get("content") or [] if c.get("value")]
    html = [c for c in contents if (c.get("type") or "").lower() in _HTML_TYPES]
    return (html or contents or [None])[0]


def _language(code: str | None) -> str | None:
    primary = (code or "").strip().replace("_", "-").split("-")[0].lower()
    primary = _LANGUAGE_CODES.get(primary, primary)
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


def _entry_language(entry: dict[str, Any], feed_language: str | None) -> str | None:
    for detail in (_content(entry), entry.get("summary_detail"), entry.get("title_detail")):
        if detail and detail.get("language"):
            return detail["language"]
    return feed_language


def _date_text(raw: str) -> str:
    """An RFC 822 date as ISO 8601 (with its offset, or without one when it gives none); others as written."""
    raw = " ".join(raw.split())
    if not _RFC822.match(raw):
        return raw
    try:
        moment = parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return raw
    if moment.tzinfo is None:
        zone = raw.rsplit(" ", 1)[-1].upper()
        if zone == "-0000":  # RFC 2822: the time is UTC, the sender's own zone is not known
            moment = moment.replace(tzinfo=UTC)
        elif zone in _ZONE_NAMES:
            moment = moment.replace(tzinfo=timezone(timedelta(minutes=_ZONE_NAMES[zone])))
    return moment.isoformat()


def _author(entry: dict[str, Any]) -> str | None:
    """The author's name without e-mail addresses (RSS writes ``e-mail (name)``; an address is personal data)."""
    raw = entry.get("author") or (entry.get("author_detail") or {}).get("name") or ""
    name = " ".join(_EMPTY_BRACKETS.sub("", _EMAIL.sub("", raw)).split()).strip(" ,;")
    if name.startswith("(") and name.endswith(")"):
        name = name[1:-1].strip()
    return name or None


def _id_scope(feed: dict[str, Any], url: str | None) -> str | None:
    """The host that makes a bare entry id unique: the site's, else the feed address's."""
    for link in (feed.get("link"), url):
        host = urlsplit(link or "").hostname
        if host:
            return host
    return None


def _channel_name(parsed: ParsedFeed, channel: str | None, url: str | None) -> str | None:
    return channel or short_title(_plain_text(parsed.feed.get("title_detail"))) or _id_scope(parsed.feed, url)


def _identify(entry: dict[str, Any], position: int) -> str:
    """How a rejected entry is named in its reason."""
    title = " ".join((entry.get("title") or "").split())
    if title:
        return repr(title if len(title) <= 60 else title[:60] + "…")
    return repr(entry.get("id") or entry.get("link") or f"entry {position}")


def _metric(value: Any) -> float:
    try:
        return float(str(value).strip())
    except (TypeError, ValueError):
        return np.nan


def stage_entries(
    parsed: ParsedFeed, *, channel: str | None = None, url: str | None = None, tz: str = DEFAULT_TZ
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Turn the entries of a feed into the writer's staged frame and the rejected entries.

    ``channel`` overrides the feed's title as the channel; ``url`` is the feed's address (it gives the host
    of bare ids when the feed names no site); ``tz`` is the time zone of dates without an offset. Returns
    ``(staged, rejects)``: ``staged`` holds the entries that passed, in feed order (``row`` is the entry's
    position, from 1), with the columns :mod:`dauys.ingest.writer` documents; ``rejects`` has one line per
    problem (row, field, value, reason), so an entry with two problems appears twice.
    """
    zone = check_tz(tz)
    feed = parsed.feed
    scope = _id_scope(feed, url)
    name = _channel_name(parsed, channel, url)
    problems: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    for position, entry in enumerate(parsed.entries, start=1):
        content = _content(entry)
        text = _plain_text(content)
        summary = _plain_text(entry.get("summary_detail"))
        date_field = next((f for f in ("published", "updated") if (entry.get(f) or "").strip()), None)
        missing = []
        if not (text or summary):
            missing.append(("text", f"no text: entry {_identify(entry, position)} has neither content nor a "
                                    "description or summary"))
        if date_field is None:
            missing.append(("published", f"no date: entry {_identify(entry, position)} has neither "
                                         "<pubDate>/<published> nor <updated>/<dc:date>"))
        if missing:
            problems.extend({"row": position, "field": f, "value": "", "reason": r} for f, r in missing)
            continue

        link = (entry.get("link") or "").strip() or None
        url_form = canonical_url(link)
        raw_id = (entry.get("id") or "").strip()
        external_id = f"{scope}:{raw_id}" if raw_id and scope and not _URI.match(raw_id) else raw_id or url_form
        language = _entry_language(entry, feed.get("language"))
        meta = {
            "categories": [tag.get("label") or tag.get("term") for tag in entry.get("tags") or []
                           if tag.get("label") or tag.get("term")],
            "link": link if link != url_form else None,
            "guid": raw_id if raw_id and external_id != raw_id else None,
            "date_field": date_field,
            "updated": entry.get("updated") if entry.get("updated") != entry[date_field] else None,
            "summary": summary if text and summary and summary != text else None,
            "text_from": "content" if text else "summary",
            "comments": entry.get("comments"),
            "enclosures": [link["href"] for link in entry.get("links") or []
                           if link.get("rel") == "enclosure" and link.get("href")],
            "language": language if language != _language(language) else None,
        }
        rows.append({
            "row": position, "external_id": external_id,
            "title": short_title(_plain_text(entry.get("title_detail"))), "text": text or summary,
            "url": url_form, "author": _author(entry), "lang": _language(language),
            "channel": name, "meta": to_json({k: v for k, v in meta.items() if v not in (None, [], "")}),
            "metric.comments": _metric(entry.get("slash_comments")),
            "date_field": date_field, "date_raw": entry[date_field],
        })

    staged = pd.DataFrame(rows, columns=[*_ENTRY_COLUMNS, "date_field", "date_raw"])
    raw_dates = staged["date_raw"].astype("object")
    utc, offset, bad = parse_timestamps(raw_dates.map(_date_text), "auto", zone.key)
    staged["created_at"] = utc
    staged["created_offset_min"] = offset
    unreadable = staged.loc[bad]
    problems.extend(
        {"row": row, "field": field, "value": raw,
         "reason": "unreadable date: expected an RFC 822 date such as 'Mon, 02 Sep 2024 10:15:00 +0600' or "
                   "ISO 8601 such as 2024-09-02T10:15:00+05:00"}
        for row, field, raw in zip(unreadable["row"], unreadable["date_field"], unreadable["date_raw"], strict=True)
    )
    staged = staged.loc[~bad].drop(columns=["date_field", "date_raw"]).reset_index(drop=True)
    duplicates = duplicate_id_rejects(staged)
    if len(duplicates):
        duplicates["reason"] = duplicates["reason"].str.replace("inside the file", "inside the feed", regex=False)
        problems.extend(duplicates.to_dict("records"))
        staged = staged.loc[~staged["row"].isin(duplicates["row"])].reset_index(drop=True)
    if staged["metric.comments"].isna().all():
        staged = staged.drop(columns=["metric.comments"])
    rejects = pd.DataFrame(problems, columns=list(REJECT_COLUMNS)).sort_values("row", kind="stable")
    return staged, rejects.reset_index(drop=True)


# --- import -------------------------------------------------------------------------------------

def _read_file(path: Path) -> bytes:
    if not path.exists():
        raise InputError(f"{path} does not exist; give a feed file (RSS or Atom, often .xml or .rss) or an "
                         "http(s) address")
    if path.is_dir():
        raise InputError(f"{path} is a folder; give one feed file, or import a folder of saved pages with "
                         "dauys import docs FOLDER --html main")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path} cannot be read ({exc.strerror or exc})") from None


def _strict_message(where: str, entries: int, rejects: pd.DataFrame) -> str:
    lines = [f"entry {r.row}, {r.field}: {r.reason}" + (f" (value {str(r.value)[:60]!r})" if r.value else "")
             for r in rejects.head(_LISTED_PROBLEMS).itertuples()]
    rows = rejects["row"].nunique()
    return (
        f"{where}: {rows:,} of {entries:,} entries cannot be imported, and --strict refuses the feed (nothing "
        f"was written). The first {len(lines)}:\n  " + "\n  ".join(lines)
        + "\nImport without --strict to take the other entries and list these in a rejected-entries CSV."
    )


def _rejects_stem(location: str, is_address: bool) -> str:
    if is_address:
        return re.sub(r"[^\w.-]+", "-", urlsplit(location).hostname or "feed")
    return Path(location).stem


def import_feed(
    project: Project,
    file_or_url: str | Path,
    *,
    corpus: str,
    platform: str = "web",
    channel: str | None = None,
    tz: str = DEFAULT_TZ,
    strict: bool = False,
    keep_authors: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    progress: Progress = SILENT,
) -> FeedImportResult:
    """Import the entries of an RSS or Atom feed, from a file or an http(s) address, as documents.

    Parameters
    ----------
    project
        The open :class:`dauys.project.Project`.
    file_or_url
        A feed file, or an ``http://``/``https://`` address (fetched with a ``dauys`` User-Agent, following
        redirects).
    corpus, platform
        The corpus the entries join, and the platform recorded for them (``web`` by default); ids are unique
        per platform.
    channel
        The channel name of the entries (default: the feed's title, else the site's host).
    tz
        The time zone of dates written without an offset.
    strict
        Refuse the whole feed if any entry would be rejected.
    keep_authors
        Store author names as they are instead of keyed pseudonyms (recorded in the ledger).
    timeout
        Seconds to wait for the server of an address.

    Returns
    -------
    FeedImportResult
        Counts: ``read`` entries in the feed, ``imported`` new documents, ``duplicates`` entries the project
        already held, ``rejected`` entries left out, ``metric_snapshots`` entries whose comment count was new
        or changed; ``rejects_path`` is the CSV of rejected entries (None when none was rejected); also the
        feed's format, encoding, channel, final address and any warning.

    Examples
    --------
    >>> result = import_feed(project, "https://kaz.example.kz/rss", corpus="su_tasqyny")  # doctest: +SKIP
    >>> result.format, result.imported, result.duplicates                                  # doctest: +SKIP
    ('RSS 2.0', 20, 0)
    """
    corpus = (corpus or "").strip()
    if not corpus:
        raise InputError("--corpus needs a name, for example --corpus su_tasqyny")
    platform = (platform or "").strip()
    if not platform:
        raise InputError("--platform needs a name, for example --platform web")
    channel = (channel or "").strip() or None
    check_tz(tz)
    address = is_url(file_or_url)
    source = str(file_or_url).strip()
    if address:
        where = _shown(source)
        progress.stage(f"fetching {where}")
        fetched = fetch_feed(source, timeout)
        data, final_url, content_type = fetched.data, fetched.url, fetched.content_type
        location = where
    else:
        path = Path(file_or_url)
        where = str(path)
        progress.stage(f"reading {path.name}")
        data, final_url, content_type = _read_file(path), None, None
        location = str(path.resolve())
    parsed = parse_feed(data, where, base_url=final_url, content_type=content_type)

    progress.stage("reading entries", total=len(parsed.entries))
    staged, rejects = stage_entries(parsed, channel=channel, url=final_url, tz=tz)
    progress.advance(len(parsed.entries))
    if strict and len(rejects):
        raise InputError(_strict_message(where, len(parsed.entries), rejects))

    params: dict[str, Any] = {
        "feed": where, "corpus": corpus, "platform": platform, "channel": channel, "tz": tz, "strict": strict,
        "keep_authors": keep_authors, "format": parsed.format, "encoding": parsed.encoding,
        "feed_title": short_title(_plain_text(parsed.feed.get("title_detail"))),
        "site": parsed.feed.get("link"),
    }
    if address:
        params.update({"url": _shown(final_url), "timeout": timeout})
    if parsed.warning:
        params["warning"] = parsed.warning
    run = Run("import.feed", params, extra_packages=_READ_PACKAGES + (("httpx",) if address else ()))
    progress.stage(f"writing {len(staged):,} entries to the project")
    info = SourceInfo(kind="feed", location=location, params=params, file_hash=hashlib.sha256(data).hexdigest())
    result = write_documents(
        project, run, info, staged, corpus=corpus, platform=platform, keep_authors=keep_authors,
        read=len(parsed.entries), rejected=int(rejects["row"].nunique()),
    )
    # the run id in the name ties the file to its ledger entry (and keeps two imports in a second apart)
    rejects_path = write_rejects(
        project.folder("imports"), f"{_rejects_stem(final_url or location, address)}-run{result.run_id}", rejects
    )
    return FeedImportResult(
        **{**asdict(result), "rejects_path": rejects_path}, feed=where, format=parsed.format,
        encoding=parsed.encoding, channel=_channel_name(parsed, channel, final_url),
        url=_shown(final_url) if final_url else None, warning=parsed.warning,
    )
