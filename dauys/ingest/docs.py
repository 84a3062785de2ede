"""Importing a folder of documents — .txt, .md, .html/.htm, .docx, .pdf — one document per file.

Each file becomes one document with its text, a title and a date:

text
    Paragraphs are separated by one blank line, lines inside a paragraph by ``\\n``. Plain text is
    decoded as UTF-8 (with or without BOM), UTF-16/32 with BOM, else Windows-1251 (or its Kazakh
    variant KZ-1048 when the bytes hold Kazakh letters). Markdown loses its markup (headings, emphasis,
    links keep their words). Word files give their paragraphs and tables in document order (headers and
    footers are left out). PDFs give the text layer of every page, pages separated by a blank line.
    Saved web pages give all visible text (``html="full"``) or only the main text as trafilatura finds
    it, without menus, comments and footers (``html="main"``).
title
    The document's own title (Word core properties, PDF metadata, the page's og:title or <title>,
    a Markdown front-matter ``title`` or first ``# `` heading), else the first heading or first
    non-empty line; at most 200 characters.
date
    From the file name when a ``date_from_name`` pattern matches it, else from the document's metadata
    (Word "created", PDF /CreationDate, the page's article:published_time or the date trafilatura finds,
    a Markdown front-matter ``date``), else the file's modification time. ``meta.date_source`` says
    which: ``name``, ``metadata`` or ``file_mtime``. Times written without an offset are read in the
    given time zone (Asia/Almaty by default: UTC+6 until 1 March 2024, UTC+5 since).

A file that cannot be read (corrupt, encrypted, a scan without a text layer, empty) is rejected and
listed in a CSV under the project's ``imports/`` folder; the other files are imported.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import docx
import pandas as pd
import pypdf
import trafilatura
import yaml
from docx.table import Table
from trafilatura.metadata import extract_metadata
from trafilatura.utils import load_html

from dauys.errors import InputError
from dauys.ingest.dates import check_tz
from dauys.ingest.urls import canonical_url
from dauys.ingest.writer import ImportResult, SourceInfo, write_documents, write_rejects
from dauys.progress import SILENT, Progress
from dauys.provenance import Run, to_json
from dauys.store.filters import DEFAULT_TZ

if TYPE_CHECKING:
    from dauys.project import Project

SUPPORTED_EXTENSIONS = (".docx", ".htm", ".html", ".md", ".pdf", ".txt")
HTML_MODES = ("full", "main")
TITLE_MAX = 200
STAGED_COLUMNS = ("row", "text", "title", "author", "created_at", "created_offset_min", "url", "meta")
_READ_PACKAGES = ("python-docx", "pypdf", "trafilatura")
_MAX_LISTED_PROBLEMS = 20


class DocumentProblem(InputError):
    """One file that cannot be imported; ``reason`` says why, in words a researcher can act on."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass
class ExtractedDocument:
    """The text of one file with its title, date and facts about the file.

    ``date`` is timezone-aware, in the offset it was written in (or in the import's time zone when the
    source gave none); ``date_source`` is ``name``, ``metadata`` or ``file_mtime``. ``author`` is the
    author the document's metadata names (None if none). ``meta`` holds file, extension, bytes,
    date_source and, by format, pages and pages_without_text (PDF), encoding (text files), url and
    sitename (web pages).
    """

    text: str
    title: str | None
    date: datetime
    date_source: str
    meta: dict[str, Any]
    author: str | None = None


@dataclass
class DocsImportResult(ImportResult):
    """What ``import_docs`` did; ``read`` counts files. Files it did not read are counted by reason:
    hidden files and folders (``skipped_hidden``) and files of other extensions (``skipped_by_extension``,
    e.g. ``{".jpg": 3}``)."""

    skipped_hidden: int = 0
    skipped_by_extension: dict[str, int] = field(default_factory=dict)

    @property
    def skipped(self) -> int:
        return self.skipped_hidden + sum(self.skipped_by_extension.values())

    def counts(self) -> dict[str, Any]:
        return {**super().counts(), "skipped": self.skipped, "skipped_hidden": self.skipped_hidden,
                "skipped_by_extension": dict(self.skipped_by_extension)}


@dataclass
class _Parsed:
    """What a format reader found, before the title and date rules are applied."""

    text: str
    title: str | None = None
    date: datetime | None = None
    author: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


# --- time ---------------------------------------------------------------------------------------

def _localise(value: datetime, zone: ZoneInfo) -> datetime:
    return value.replace(tzinfo=zone) if value.tzinfo is None else value


def _plausible(value: datetime) -> bool:
    # Metadata dates before 1990 are placeholders (zip epoch, blank templates); future ones are clock errors.
    instant = value.astimezone(UTC)
    return datetime(1990, 1, 1, tzinfo=UTC) <= instant <= datetime.now(UTC) + timedelta(days=1)


_NAME_DIRECTIVES = {
    "Y": r"(?P<Y>\d{4})", "y": r"(?P<y>\d{2})", "m": r"(?P<m>\d{2})", "d": r"(?P<d>\d{2})",
    "H": r"(?P<H>\d{2})", "M": r"(?P<M>\d{2})", "S": r"(?P<S>\d{2})",
}


@lru_cache(maxsize=32)
def _name_regex(pattern: str) -> re.Pattern[str]:
    parts, used, i = [], set(), 0
    while i < len(pattern):
        char = pattern[i]
        if char != "%":
            parts.append(re.escape(char))
            i += 1
            continue
        directive = pattern[i + 1] if i + 1 < len(pattern) else ""
        if directive == "%":
            parts.append("%")
        elif directive in _NAME_DIRECTIVES and directive not in used:
            parts.append(_NAME_DIRECTIVES[directive])
            used.add(directive)
        else:
            problem = "repeats" if directive in used else "uses an unsupported directive"
            raise InputError(
                f"--date-from-name {pattern!r} {problem} %{directive}; use each of %Y %y %m %d %H %M %S "
                "at most once, for example %Y-%m-%d for poslanie_2019-09-02.docx."
            )
        i += 2
    if not used & {"Y", "y"}:
        raise InputError(
            f"--date-from-name {pattern!r} has no year; include %Y (or %y), for example %Y-%m-%d or %Y."
        )
    # digits on either side mean the match is part of a longer number, not a date
    return re.compile(r"(?<!\d)" + "".join(parts) + r"(?!\d)")


def date_in_name(name: str, pattern: str, tz: str = DEFAULT_TZ) -> datetime | None:
    """The date a strftime-style ``pattern`` finds anywhere in a file ``name``, in time zone ``tz``.

    Supported directives: %Y %y %m %d %H %M %S (and %% for a percent sign); missing parts default to the
    first month, first day, midnight. The first match that is a real date wins; None when none is.

    >>> date_in_name("poslanie_2019-09-02.docx", "%Y-%m-%d").isoformat()
    '2019-09-02T00:00:00+06:00'
    >>> date_in_name("address-2021.txt", "%Y").year
    2021
    """
    zone = check_tz(tz)
    for match in _name_regex(pattern).finditer(name):
        parts = match.groupdict()
        year = int(parts["Y"]) if parts.get("Y") else 2000 + int(parts["y"])
        if not parts.get("Y") and year > 2068:  # %y as strptime reads it: 69-99 are 1969-1999
            year -= 100
        try:
            return datetime(
                year, int(parts.get("m") or 1), int(parts.get("d") or 1),
                int(parts.get("H") or 0), int(parts.get("M") or 0), int(parts.get("S") or 0), tzinfo=zone,
            )
        except ValueError:
            continue
    return None


# --- text ---------------------------------------------------------------------------------------

def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").replace("\ufeff", "")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _first_line(text: str) -> str | None:
    return next((line.strip() for line in text.split("\n") if line.strip()), None)


def short_title(value: str | None) -> str | None:
    if not value:
        return None
    value = " ".join(str(value).split())
    if len(value) > TITLE_MAX:
        value = value[: TITLE_MAX - 1].rstrip() + "…"
    return value or None


_JUNK_TITLE = re.compile(
    r"^(microsoft (word|powerpoint) - .*|.*\.(docx?|rtf|odt|pdf|txt|html?)|untitled.*)$", re.I
)


def _metadata_title(value: str | None) -> str | None:
    """A title from metadata, unless it is a file name or a converter's placeholder."""
    value = short_title(value)
    return None if value is None or _JUNK_TITLE.match(value) else value


# Bytes that Windows-1251 reads as Serbian/Macedonian letters and KZ-1048 as Қ Һ қ һ Ә ә Ң ң.
_KZ1048_MARKERS = re.compile(rb"[\x8d\x8e\x9d\x9e\xa3\xbc\xbd\xbe]")
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """The text of a plain-text file and the encoding it was read in."""
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if encoding is None:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            encoding = "kz1048" if _KZ1048_MARKERS.search(data) else "cp1251"
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        raise DocumentProblem(
            path,
            f"cannot be read as {encoding} text (byte {exc.start}); save it as UTF-8 and import it again",
        ) from None


_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n(?:---|\.\.\.)\n", re.S)
_MARKDOWN_BLOCK_RULES = (
    (re.compile(r"<!--.*?-->", re.S), ""),
    (re.compile(r"^ {0,3}(```|~~~).*$", re.M), ""),
    (re.compile(r"^ {0,3}([-*_])(?: *\1){2,} *$", re.M), ""),
    (re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.M), r"\1"),
    (re.compile(r"^ {0,3}(?:> ?)+", re.M), ""),
)
_MARKDOWN_INLINE_RULES = (
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<!\w)_(?=[^\s_])(.+?)(?<=[^\s_])_(?!\w)"), r"\1"),
    (re.compile(r"`([^`]+)`"), r"\1"),
)
_MARKDOWN_TITLE = re.compile(r"^ {0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$", re.M)


def _front_matter(source: str) -> tuple[dict[str, Any], str]:
    """The YAML front matter of a Markdown file (Jekyll, Hugo, Obsidian) and the text after it."""
    found = _FRONT_MATTER.match(source)
    if not found:
        return {}, source
    try:
        fields = yaml.safe_load(found.group(1))
    except yaml.YAMLError:
        return {}, source
    return (fields, source[found.end():]) if isinstance(fields, dict) else ({}, source)


def _markdown_text(source: str, rules=_MARKDOWN_BLOCK_RULES + _MARKDOWN_INLINE_RULES) -> str:
    """Markdown without its markup: headings, quotes, emphasis and code marks go, link texts stay."""
    for pattern, replacement in rules:
        source = pattern.sub(replacement, source)
    return source


def _front_matter_date(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


# --- format readers -----------------------------------------------------------------------------

def _read_txt(path: Path, data: bytes, html: str) -> _Parsed:
    text, encoding = _decode(path, data)
    text = _normalise(text)
    return _Parsed(text, _first_line(text), meta={"encoding": encoding})


def _read_md(path: Path, data: bytes, html: str) -> _Parsed:
    source, encoding = _decode(path, data)
    fields, source = _front_matter(_normalise(source))
    heading = _MARKDOWN_TITLE.search(source)
    text = _normalise(_markdown_text(source))
    title = _metadata_title(fields.get("title"))
    if title is None and heading:
        title = _markdown_text(heading.group(1), _MARKDOWN_INLINE_RULES)
    author = fields.get("author")
    return _Parsed(
        text, title or _first_line(text), date=_front_matter_date(fields.get("date")),
        author=(author.strip() or None) if isinstance(author, str) else None, meta={"encoding": encoding},
    )


_INVISIBLE_TAGS = frozenset(
    "head script style noscript template svg math iframe object embed canvas video audio select".split()
)
_BLOCK_TAGS = frozenset(
    """address article aside blockquote caption center details dialog div dl fieldset figcaption figure footer
    form h1 h2 h3 h4 h5 h6 header hgroup hr legend main nav ol p pre section summary table ul""".split()
)
_LINE_TAGS = frozenset("li tr dt dd".split())
# line tags end their line (a break before as well would turn list items into paragraphs)
_BREAK_BEFORE = {**dict.fromkeys(_BLOCK_TAGS, "\n\n"), "br": "\n"}
_BREAK_AFTER = {**dict.fromkeys(_BLOCK_TAGS, "\n\n"), **dict.fromkeys(_LINE_TAGS, "\n"), "td": " ", "th": " "}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def _spaced(text: str | None) -> str:
    return re.sub(r"\s+", " ", text) if text else ""


def visible_text(root) -> str:
    """The text a browser shows (no <head>, scripts, styles, hidden elements), blocks as paragraphs."""
    parts: list[str] = []
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:  # a stack rather than recursion: saved pages can nest deeper than Python's recursion limit
        element, closing = stack.pop()
        tag = element.tag.lower() if isinstance(element.tag, str) else ""  # comments have no string tag
        if closing:
            parts.append(_BREAK_AFTER.get(tag, ""))
        elif tag and tag not in _INVISIBLE_TAGS and element.get("hidden") is None \
                and not _HIDDEN_STYLE.search(element.get("style") or ""):
            parts.append(_BREAK_BEFORE.get(tag, "") + _spaced(element.text))
            stack.append((element, True))
            stack.extend((child, False) for child in reversed(element))
            continue
        parts.append(_spaced(element.tail))
    lines = (line.strip() for line in "".join(parts).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _html_date(tree, found: str | None) -> datetime | None:
    for value in tree.xpath(
        '//meta[@property="article:published_time" or @name="article:published_time"]/@content'
    ):
        try:
            return datetime.fromisoformat(value.strip())
        except ValueError:
            continue
    if found:
        try:
            return datetime.strptime(found, "%Y-%m-%d")
        except ValueError:
            return None
    return None


def _read_html(path: Path, data: bytes, html: str) -> _Parsed:
    tree = load_html(data)
    if tree is None:
        raise DocumentProblem(path, "is not a readable HTML page")
    found = extract_metadata(
        load_html(data), date_config={"extensive_search": False, "original_date": True}
    )
    if html == "main":
        main = trafilatura.extract(data, include_comments=False, include_tables=True, output_format="txt")
        if not main or not main.strip():
            raise DocumentProblem(path, "trafilatura found no main text on this page; try --html full")
        text = "\n\n".join(line.strip() for line in _normalise(main).split("\n") if line.strip())
    else:
        text = visible_text(tree)
    meta = {key: getattr(found, key) for key in ("url", "sitename") if getattr(found, key, None)}
    if "url" in meta:
        meta["url"] = canonical_url(meta["url"])  # the form feeds store too, so pages and entries join
    return _Parsed(text, _metadata_title(found.title) or _first_line(text), _html_date(tree, found.date),
                   found.author or None, meta)


# python-docx's blank template says it was created on this date by "python-docx": not a real date or author
_PYTHON_DOCX_TEMPLATE_DATE = datetime(2013, 12, 23, 23, 15, tzinfo=UTC)


def _table_text(table: Table) -> str:
    rows = []
    for row in table.rows:
        cells, previous = [], None
        for cell in row.cells:
            if cell._tc is previous:  # a merged cell is listed once per grid column it spans
                continue
            previous = cell._tc
            value = " ".join(cell.text.split())
            if value:
                cells.append(value)
        if cells:
            rows.append("\t".join(cells))
    return "\n".join(rows)


def _read_docx(path: Path, data: bytes, html: str) -> _Parsed:
    # python-docx raises many kinds of errors on a damaged file (zip, XML, missing parts): all mean unreadable
    try:
        document = docx.Document(io.BytesIO(data))
        blocks, heading = [], None
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                blocks.append(_table_text(item))
                continue
            value = _normalise(item.text)
            if value:
                blocks.append(value)
                style = (item.style.name if item.style is not None else "") or ""
                if heading is None and style.lower().startswith(("heading", "title")):
                    heading = value
        properties = document.core_properties
        created, author, title = properties.created, properties.author, properties.title
    except Exception as exc:
        raise DocumentProblem(
            path,
            f"is not a readable .docx file ({type(exc).__name__}: {exc}); open it in Word or LibreOffice "
            "and save it again as .docx",
        ) from None
    text = "\n\n".join(block for block in blocks if block)
    if created == _PYTHON_DOCX_TEMPLATE_DATE:
        created = None
    if author == "python-docx":
        author = None
    return _Parsed(text, _metadata_title(title) or short_title(heading) or _first_line(text), created,
                   author or None)


def _read_pdf(path: Path, data: bytes, html: str) -> _Parsed:
    # pypdf raises many kinds of errors on a damaged file (syntax, streams, xref): all mean "unreadable"
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentProblem(
                path,
                "is encrypted with a password; save an unprotected copy (or print it to PDF) and import that",
            )
        pages = [_normalise(page.extract_text() or "") for page in reader.pages]
        info = reader.metadata
        title = info.title if info else None
        author = info.author if info else None
        try:
            created = info.creation_date if info else None
        except ValueError:  # an unparseable /CreationDate is no date
            created = None
    except DocumentProblem:
        raise
    except Exception as exc:
        raise DocumentProblem(path, f"is not a readable PDF ({type(exc).__name__}: {exc})") from None
    if not pages:
        raise DocumentProblem(path, "is a PDF without pages")
    text = "\n\n".join(page for page in pages if page)
    if not text:
        raise DocumentProblem(path, "has no text layer; it needs OCR first (for example with ocrmypdf)")
    meta = {"pages": len(pages), "pages_without_text": sum(1 for page in pages if not page)}
    return _Parsed(text, _metadata_title(title) or _first_line(text), created, author or None, meta)


_READERS = {".txt": _read_txt, ".md": _read_md, ".htm": _read_html, ".html": _read_html,
            ".docx": _read_docx, ".pdf": _read_pdf}


def _check_html(html: str) -> None:
    if html not in HTML_MODES:
        raise InputError(f"--html {html!r}: use full (all visible text) or main (the main text only)")


def _extract(
    path: Path, data: bytes, html: str, date_from_name: str | None, zone: ZoneInfo
) -> ExtractedDocument:
    extension = path.suffix.lower()
    if extension not in _READERS:
        raise DocumentProblem(
            path, f"is not a supported document (dauys reads {', '.join(SUPPORTED_EXTENSIONS)})"
        )
    if not data.strip():
        raise DocumentProblem(path, "is empty")
    parsed = _READERS[extension](path, data, html)
    if not parsed.text:
        raise DocumentProblem(path, "holds no text")

    named = date_in_name(path.name, date_from_name, zone.key) if date_from_name else None
    if named is not None:
        when, source = named, "name"
    elif parsed.date is not None and _plausible(_localise(parsed.date, zone)):
        when, source = _localise(parsed.date, zone), "metadata"
    else:
        # whole seconds: the time is part of the document's identity, and file systems keep mtimes at
        # different precisions (a copied folder should still match)
        when, source = datetime.fromtimestamp(int(path.stat().st_mtime), zone), "file_mtime"

    meta = {"file": path.name, "extension": extension, "bytes": len(data), **parsed.meta,
            "date_source": source}
    return ExtractedDocument(parsed.text, short_title(parsed.title), when, source, meta, parsed.author)


def extract_document(
    path: str | Path, html: str = "full", *, date_from_name: str | None = None, tz: str = DEFAULT_TZ
) -> ExtractedDocument:
    """The text, title and date of one .txt, .md, .html/.htm, .docx or .pdf file.

    ``html`` is ``full`` (all visible text of a web page) or ``main`` (the main text only, as trafilatura
    finds it). ``date_from_name`` is a strftime-style pattern looked for in the file name (see
    :func:`date_in_name`); ``tz`` is the time zone of dates written without an offset. Raises
    :class:`DocumentProblem` (an :class:`InputError`) when the file cannot be imported.

    >>> doc = extract_document("poslanie_2019-09-02.docx", date_from_name="%Y-%m-%d")  # doctest: +SKIP
    >>> doc.title, doc.date.date(), doc.date_source  # doctest: +SKIP
    ('Қазақстан халқына Жолдау', datetime.date(2019, 9, 2), 'name')
    """
    _check_html(html)
    zone = check_tz(tz)
    if date_from_name:
        _name_regex(date_from_name)
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentProblem(path, f"cannot be read ({exc.strerror or exc})") from None
    return _extract(path, data, html, date_from_name, zone)


# --- folders ------------------------------------------------------------------------------------

def _hidden(name: str) -> bool:
    return name.startswith((".", "~$"))  # ~$ : the lock files Word and Excel leave next to open documents


@dataclass
class _Listing:
    files: list[tuple[str, Path]]
    skipped_hidden: int = 0
    skipped_by_extension: Counter = field(default_factory=Counter)


def _list_documents(root: Path, recursive: bool) -> _Listing:
    if not root.exists():
        raise InputError(f"{root} does not exist; give the folder of documents (or one document) to import.")
    if root.is_file():
        if root.suffix.lower() not in _READERS:
            raise InputError(
                f"{root} is not a supported document; dauys imports {', '.join(SUPPORTED_EXTENSIONS)} files."
            )
        return _Listing([(root.name, root)])
    listing = _Listing([])
    for folder, subfolders, names in os.walk(root):
        hidden = [name for name in subfolders if _hidden(name)]
        listing.skipped_hidden += len(hidden)
        subfolders[:] = [name for name in subfolders if not _hidden(name)] if recursive else []
        for name in names:
            path = Path(folder) / name
            if _hidden(name):
                listing.skipped_hidden += 1
            elif path.suffix.lower() in _READERS:
                listing.files.append((path.relative_to(root).as_posix(), path))
            else:
                listing.skipped_by_extension[path.suffix.lower() or "(none)"] += 1
    listing.files.sort(key=lambda item: item[0])
    if not listing.files:
        skipped = sum(listing.skipped_by_extension.values()) + listing.skipped_hidden
        raise InputError(
            f"{root} holds no documents to import (dauys imports {', '.join(SUPPORTED_EXTENSIONS)}; "
            f"{skipped} other files or hidden entries were skipped"
            f"{'' if recursive else ', and subfolders were not searched (--no-recursive)'})."
        )
    return listing


def _folder_hash(digests: list[tuple[str, str]]) -> str:
    """sha256 over the sorted (relative path, file sha256) list: the same folder content, the same hash."""
    digest = hashlib.sha256()
    for relative, file_hash in sorted(digests):
        digest.update(f"{relative}\0{file_hash}\n".encode())
    return digest.hexdigest()


def import_docs(
    project: Project,
    folder: str | Path,
    *,
    corpus: str,
    platform: str = "docs",
    html: str = "full",
    date_from_name: str | None = None,
    tz: str = DEFAULT_TZ,
    recursive: bool = True,
    strict: bool = False,
    keep_authors: bool = False,
    progress: Progress = SILENT,
) -> DocsImportResult:
    """Import every supported document under ``folder`` (or one document file) as one document each.

    Files are read in sorted order of their path relative to ``folder``; hidden files and folders and
    files of other extensions are skipped and counted. A file that cannot be read is rejected (listed
    in a CSV under ``imports/``) and the rest are imported; with ``strict`` any such file refuses the
    whole folder and nothing is written. Documents the store already holds (same text, author and date
    on the same platform) are counted as duplicates, so importing the same folder again adds nothing.
    The result's ``read`` counts files; ``rejected`` counts files rejected.
    """
    _check_html(html)
    zone = check_tz(tz)
    if date_from_name:
        _name_regex(date_from_name)
    root = Path(folder)
    listing = _list_documents(root, recursive)
    params = {
        "folder": str(folder), "corpus": corpus, "platform": platform, "html": html,
        "date_from_name": date_from_name, "tz": tz, "recursive": recursive, "strict": strict,
        "keep_authors": keep_authors,
    }

    rows: list[dict[str, Any]] = []
    rejects: list[dict[str, Any]] = []
    digests: list[tuple[str, str]] = []
    progress.stage("Reading documents", total=len(listing.files))
    for position, (relative, path) in enumerate(listing.files, start=1):
        try:
            data = path.read_bytes()
            digests.append((relative, hashlib.sha256(data).hexdigest()))
            document = _extract(path, data, html, date_from_name, zone)
        except OSError as exc:
            rejects.append({"row": position, "field": "file", "value": relative,
                            "reason": f"cannot be read ({exc.strerror or exc})"})
        except DocumentProblem as problem:
            rejects.append({"row": position, "field": "file", "value": relative, "reason": problem.reason})
        else:
            rows.append({
                "row": position, "text": document.text, "title": document.title, "author": document.author,
                "created_at": document.date.astimezone(UTC),
                "created_offset_min": int(document.date.utcoffset().total_seconds() // 60),
                "url": document.meta.get("url"), "meta": to_json({**document.meta, "file": relative}),
            })
        progress.advance(1)

    if strict and rejects:
        listed = "\n".join(f"  {r['value']}: {r['reason']}" for r in rejects[:_MAX_LISTED_PROBLEMS])
        more = len(rejects) - _MAX_LISTED_PROBLEMS
        raise InputError(
            f"{root}: {len(rejects)} of {len(listing.files)} files cannot be imported, and --strict refuses "
            f"the folder (nothing was written):\n{listed}" + (f"\n  ... and {more} more" if more > 0 else "")
            + "\nFix or remove these files, or import without --strict to take the others."
        )

    staged = pd.DataFrame(rows, columns=list(STAGED_COLUMNS))
    staged["created_at"] = pd.to_datetime(staged["created_at"], utc=True)
    run = Run("import.docs", params, extra_packages=_READ_PACKAGES)
    run.counts.update({
        "skipped_hidden": listing.skipped_hidden,
        "skipped_by_extension": dict(sorted(listing.skipped_by_extension.items())),
    })
    source = SourceInfo(
        kind="docs", location=str(root.resolve()), params=params, file_hash=_folder_hash(digests)
    )
    result = write_documents(
        project, run, source, staged, corpus=corpus, platform=platform, keep_authors=keep_authors,
        read=len(listing.files), rejected=len(rejects),
    )
    rejects_path = write_rejects(
        project.folder("imports"), root.name if root.is_dir() else root.stem,
        pd.DataFrame(rejects, columns=["row", "field", "value", "reason"]),
    )
    return DocsImportResult(
        **{**asdict(result), "rejects_path": rejects_path}, skipped_hidden=listing.skipped_hidden,
        skipped_by_extension=dict(sorted(listing.skipped_by_extension.items())),
    )
