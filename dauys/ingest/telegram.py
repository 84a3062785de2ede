"""Importing Telegram Desktop's JSON export (``result.json``) of channels and groups.

Two layouts are read:

- one chat ("Export chat history"): the top level is the chat, ``{"name", "type", "id", "messages": [...]}``;
- the whole account ("Export Telegram data"): ``{"chats": {"list": [chat, ...]}, "left_chats": {...}, ...}``,
  each chat as above; the other parts of that export (contacts, sessions, ...) are passed over unread.

The file is read incrementally (a small pull parser over :meth:`json.JSONDecoder.raw_decode` on a sliding
buffer), so a 1 GB export never sits in memory as JSON. Messages are decoded a few dozen at a time: the text
between two messages (``\\n  },\\n  {`` in Telegram Desktop's indented layout) is learnt from the first ones, and
the messages up to its last occurrence in the next 16k characters are decoded with one call; where that slice is
not valid JSON (the mark fell inside a message, or the file is broken there) they are read one by one, which
places any fault exactly. The fields of a batch are taken column by column; the columns are kept as compact
Arrow arrays, and all chats are written in one transaction.

What becomes of a message (``type: "message"``; ``type: "service"`` — joins, pins, title changes — are
skipped and counted):

``external_id``         ``<chat id>/<message id>``. The chat id is written as Telegram Desktop writes it, the
                        bare peer id (``1234567890``); an export that gives a Bot-API-style channel id
                        (``-1001234567890``) is brought to the same bare form, so both spell one message alike.
``parent_external_id``  ``<chat id>/<reply_to_message_id>`` for a reply within the chat (a reply to another
                        chat's message keeps ``reply_to_peer_id`` in meta instead).
``channel``             the chat's name (its title); the chat is recorded in ``channels`` with that title and
                        its id and type in the channel's meta.
``author``              ``from_id`` (``channel1234``, ``user5678``), else ``from``; pseudonymised on import.
                        The display name ``from`` goes to the writer as ``author.name``, which reads only its
                        patterns for the account table and never stores it.
``created_at``          ``date_unixtime`` (UTC); the original offset is that of ``date`` (the exporting
                        machine's wall clock) against it. An old export without ``date_unixtime`` has only
                        ``date``, in the exporting machine's local time, which is unknown: it is read in the
                        project's time zone (recorded in the ledger as ``naive_dates_tz``).
``text``                ``text`` as plain text: a string, or a list of strings and entity objects
                        (``{"type": "hashtag", "text": "#Жаңаөзен"}``) whose ``text`` parts are joined, so
                        hashtags, mentions and the visible text of links stay; link targets go to meta
                        ``links``; without ``text``, the newer ``text_entities`` list is read the same way. A
                        message with media and no caption is kept with empty text (its views count).
metrics                 ``views`` and ``forwards`` where the export has them, ``reactions`` (the sum of
                        ``reactions[].count``) and ``replies`` (messages of the same export replying to it).
``meta``                ``edited`` / ``edited_at`` (UTC), ``forwarded_from``, ``saved_from``, ``media_type``
                        (photo, video_file, voice_message, sticker, poll, ...), ``signature`` (a channel post's
                        author line), ``via_bot``, ``links``, ``reply_to_peer_id``.

Bad input: a message that is JSON but not a usable message (no integer id, no readable date) is rejected with
its position (message number in the file, chat, index within the chat) in the rejected-rows CSV. A file that
stops (truncated download, disk full) or breaks off in invalid JSON is imported up to the last complete message,
and the result's ``warning`` says where it broke (byte offset and messages read); a file that breaks before
any message refuses with an :class:`InputError` and writes nothing.

Re-importing a newer export of the same chats adds the new messages and a new metric snapshot for each message
whose views, forwards, reactions or replies changed (see :mod:`dauys.ingest.writer`).
"""

from __future__ import annotations

import codecs
import json
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dauys.errors import InputError
from dauys.ingest.dates import parse_timestamps
from dauys.ingest.writer import (
    ImportResult,
    SourceInfo,
    duplicate_id_rejects,
    empty_rejects,
    file_sha256,
    write_documents,
    write_rejects,
)
from dauys.progress import SILENT, Progress
from dauys.provenance import Run, to_json
from dauys.text.scrub import KINDS as SCRUB_KINDS
from dauys.text.scrub import scrub_texts

PLATFORM = "telegram"
READ_BLOCK = 1 << 20
BATCH_ROWS = 50_000
BATCH_CHARS = 1 << 14  # messages decoded with one call: those that end within this many characters (a few dozen;
# larger slices decode no faster and leave the objects to be read out of the processor cache)
MAX_BAD_CUTS = 3  # batch slices that fail to decode before the stream reads element by element only
MAX_VALUE_CHARS = 64 << 20  # a single message longer than this (in characters) is taken as a broken file
_NEAR_END = 32
_WS = " \t\n\r"
_META_KEYS = ("forwarded_from", "saved_from", "via_bot", "media_type")
_MEDIA_KEYS = ("photo", "file", "sticker_emoji", "poll", "location_information", "contact_information",
               "game_information", "invoice_information", "place_name")
_MEDIA_NAMES = {"sticker_emoji": "sticker", "location_information": "location", "contact_information": "contact"}
# keys of a message that carry nothing for meta: a message with only these skips the meta look-ups
_PLAIN_KEYS = frozenset({
    "id", "type", "date", "date_unixtime", "from", "from_id", "text", "text_entities", "views", "forwards",
    "reactions", "reply_to_message_id",
})


@dataclass
class TelegramChat:
    """One chat of the export: its name (the channel's title), Telegram's id and type, messages read."""

    name: str
    id: str | None
    type: str | None
    messages: int = 0
    service: int = 0


@dataclass
class TelegramImportResult(ImportResult):
    """What a Telegram import did: the counts of :class:`ImportResult`, the chats read, the service messages
    skipped, the identifiers scrubbed (when asked), and a ``warning`` when the file broke off."""

    chats: list[TelegramChat] = field(default_factory=list)
    service_skipped: int = 0
    scrubbed: dict[str, int] = field(default_factory=dict)
    warning: str | None = None


class _Broken(Exception):
    """The JSON stops or turns invalid at ``offset`` (bytes from the start of the file)."""

    def __init__(self, offset: int, problem: str):
        super().__init__(problem)
        self.offset = offset
        self.problem = problem


class _JsonStream:
    """A pull parser over a JSON file: structural characters one by one, whole values with ``raw_decode``, and
    runs of array elements with :meth:`batch`."""

    def __init__(self, fh, path: Path):
        self.fh = fh
        self.path = path
        self.utf8 = codecs.getincrementaldecoder("utf-8")()
        self.json = json.JSONDecoder()
        self.buf = ""
        self.pos = 0
        self.base_bytes = 0  # bytes of the file before buf[0]
        self.base_chars = 0  # characters of the file before buf[0]
        self.read_bytes = 0
        self.eof = False
        self.separator: str | None = None  # the text between two messages, as the file writes it (see batch)
        self.separator_close = 0  # the index of the closing brace in separator
        self.bad_cuts = 0
        self.slow_until = 0  # characters of the file below which batch() does not try again
        self._fill()
        if self.buf.startswith("\ufeff"):
            self.pos = 1  # the byte-order mark's three bytes count when buf[:1] is dropped

    def offset(self, position: int | None = None) -> int:
        position = self.pos if position is None else position
        return self.base_bytes + len(self.buf[:position].encode("utf-8", "surrogatepass"))

    def _fill(self, size: int = 0) -> bool:
        if self.eof:
            return False
        data = self.fh.read(max(size, READ_BLOCK))
        if self.pos > 0:
            rest = self.buf[self.pos:]
            held = self.read_bytes - len(self.utf8.getstate()[0])  # the bytes decoded into buf so far
            self.base_bytes = held - len(rest.encode("utf-8", "surrogatepass"))  # the short rest, not all of buf
            self.base_chars += self.pos
            self.buf = rest
            self.pos = 0
        try:
            self.buf += self.utf8.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            if not data:  # the file stops inside a letter: truncated, which the parser reports
                self.eof = True
                return False
            raise InputError(
                f"{self.path} is not UTF-8 text at byte {self.read_bytes + exc.start:,}; Telegram Desktop writes "
                "result.json in UTF-8, so the file is damaged or is not a Telegram export"
            ) from None
        self.read_bytes += len(data)
        if not data:
            self.eof = True
        return bool(data)

    def peek(self) -> str | None:
        """The next character that is not white space (not consumed), or None at the end of the file."""
        while True:
            buf, pos, n = self.buf, self.pos, len(self.buf)
            while pos < n and buf[pos] in _WS:
                pos += 1
            self.pos = pos
            if pos < n:
                return buf[pos]
            if not self._fill():
                return None

    def expect(self, chars: str, inside: str) -> str:
        char = self.peek()
        if char is None:
            raise _Broken(self.offset(), f"the file ends inside {inside}")
        if char not in chars:
            wanted = " or ".join(repr(c) for c in chars)
            raise _Broken(self.offset(), f"expected {wanted} in {inside}, found {char!r}")
        self.pos += 1
        return char

    def value(self, inside: str) -> Any:
        if self.peek() is None:
            raise _Broken(self.offset(), f"the file ends inside {inside}")
        while True:
            try:
                value, end = self.json.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                near_end = len(self.buf) - exc.pos <= _NEAR_END or exc.msg.startswith("Unterminated string")
                if near_end and not self.eof and len(self.buf) - self.pos < MAX_VALUE_CHARS:
                    self._fill(len(self.buf) - self.pos)  # double what is held, so a long value is parsed few times
                    continue
                if self.eof and near_end:
                    raise _Broken(self.offset(self.pos), f"the file ends inside {inside}") from None
                raise _Broken(self.offset(exc.pos), f"invalid JSON in {inside}: {exc.msg}") from None
            if end == len(self.buf) and not self.eof:  # a number may go on in the next block
                self._fill()
                continue
            self.pos = end
            return value

    def learn_separator(self) -> None:
        """Keep the text from the end of the object just read to the start of the next one (white space, ``}``,
        white space, ``,``, white space, ``{``) as the mark of a message's end for :meth:`batch`.

        Telegram Desktop indents by depth, so with its white space the mark is that of the message list alone
        (``\\n  },\\n  {``), not of the entity objects nested in a message.
        """
        buf, end = self.buf, self.pos
        if end < 1 or buf[end - 1] != "}":
            return
        start, n = end - 1, len(buf)
        while start > 0 and buf[start - 1] in _WS and end - start < 64:
            start -= 1
        i = end
        while i < n and buf[i] in _WS and i - end < 64:
            i += 1
        if i >= n or buf[i] != ",":
            return
        i += 1
        while i < n and buf[i] in _WS and i - end < 128:
            i += 1
        if i < n and buf[i] == "{":
            self.separator, self.separator_close = buf[start:i + 1], end - 1 - start

    def batch(self) -> tuple[list, bool] | None:
        """The elements of the array being read, from ``pos`` (the start of one) on, decoded with one call.

        The slice runs to the last :attr:`separator` within :data:`BATCH_CHARS` and is decoded as ``[slice]``;
        ``pos`` moves to the start of the element after it. Returns the values and False, or the values and True
        when the array itself ends inside the slice (``pos`` is then past its ``]``). A separator that falls
        inside a message (in a nested object or a string) leaves that message unclosed, so the slice does not
        decode: None is returned, as it is when no separator is in reach, and the caller reads element by element
        past the slice, which also finds and places any fault of the file exactly as without batches.
        """
        separator = self.separator
        if separator is None or self.base_chars + self.pos < self.slow_until:
            return None
        if len(self.buf) - self.pos < BATCH_CHARS and not self.eof:
            self._fill()
        buf, pos = self.buf, self.pos
        found = buf.rfind(separator, pos, pos + BATCH_CHARS)
        if found < 0:
            return None
        cut = found + self.separator_close + 1
        text = "[" + buf[pos:cut] + "]"
        try:
            values, end = self.json.raw_decode(text)
        except json.JSONDecodeError:
            self.slow_until = self.base_chars + cut
            self.bad_cuts += 1
            if self.bad_cuts >= MAX_BAD_CUTS:
                self.separator = None
            return None
        if end < len(text):  # the array ended inside the slice: its "]" is text[end - 1]
            if not values:  # "[..., ]": the element-by-element reader reports the missing value
                return None
            self.pos = pos + end - 1
            return values, True
        self.pos = found + len(separator) - 1
        return values, False


class _Columns:
    """The fields of accepted messages, as one list per column (in ``_SCHEMA`` order) flushed into Arrow batches
    every ``BATCH_ROWS``, so a large export is held as compact Arrow columns rather than Python objects."""

    def __init__(self):
        self.batches: list[pa.RecordBatch] = []
        self.lists: list[list] = [[] for _ in _SCHEMA]

    def __len__(self) -> int:
        return len(self.lists[0]) + sum(b.num_rows for b in self.batches)

    def add(self, record: tuple) -> None:
        for values, value in zip(self.lists, record, strict=True):
            values.append(value)

    def extend(self, columns: list) -> None:
        """Whole columns of many messages (in ``_SCHEMA`` order), each a list or a single value for all of them."""
        n = len(columns[0])
        for values, column in zip(self.lists, columns, strict=True):
            values.extend(column if isinstance(column, list | range) else [column] * n)

    def pending(self) -> int:
        return len(self.lists[0])

    def flush(self) -> None:
        if not self.lists[0]:
            return
        self.batches.append(pa.RecordBatch.from_arrays(
            [pa.array(values, type=f.type) for values, f in zip(self.lists, _SCHEMA, strict=True)], schema=_SCHEMA))
        self.lists = [[] for _ in _SCHEMA]

    def table(self) -> pa.Table:
        self.flush()
        return pa.Table.from_batches(self.batches, schema=_SCHEMA)


_SCHEMA = pa.schema([
    ("row", pa.int64()), ("chat", pa.int32()), ("message_id", pa.int64()), ("reply_to", pa.int64()),
    ("unixtime", pa.int64()), ("date", pa.large_string()), ("author", pa.large_string()),
    ("text", pa.large_string()), ("meta", pa.large_string()), ("views", pa.float64()),
    ("forwards", pa.float64()), ("reactions", pa.float64()), ("author_name", pa.large_string()),
])


class _ExportReader:
    """Walks the export, one message at a time, into :class:`_Columns` and a list of rejects."""

    def __init__(self, stream: _JsonStream, path: Path, progress: Progress):
        self.stream = stream
        self.path = path
        self.progress = progress
        self.columns = _Columns()
        self.chats: list[TelegramChat] = []
        self.rejects: list[dict[str, Any]] = []
        self.position = 0  # message objects read so far (service ones included)
        self.service = 0
        self.layout = "chat"
        self._top: TelegramChat | None = None  # the chat of a one-chat export
        self._top_fields: dict[str, Any] = {}

    def read(self) -> None:
        s = self.stream
        if s.peek() is None:
            raise InputError(f"{self.path} is empty; give the result.json of a Telegram Desktop export")
        if s.peek() != "{":
            raise InputError(
                f"{self.path} does not start with a JSON object ({s.peek()!r} at byte {s.offset():,}); give the "
                "result.json that Telegram Desktop writes (Export chat history, or Export Telegram data, format JSON)"
            )
        self._object("the top level", self._top_key)

    def _object(self, inside: str, on_key) -> None:
        s = self.stream
        s.expect("{", inside)
        if s.peek() == "}":
            s.pos += 1
            return
        while True:
            key = s.value(inside)
            if not isinstance(key, str):
                raise _Broken(s.offset(), f"invalid JSON in {inside}: an object key must be a string")
            s.expect(":", inside)
            on_key(key)
            if s.expect(",}", inside) == "}":
                return

    def _array(self, inside: str, on_item) -> None:
        s = self.stream
        s.expect("[", inside)
        if s.peek() == "]":
            s.pos += 1
            return
        while True:
            on_item()
            if s.expect(",]", inside) == "]":
                return

    def _top_key(self, key: str) -> None:
        if key in ("chats", "left_chats") and self.stream.peek() == "{":
            self.layout = "account"
            self._object(f"{key!r}", lambda k: self._chat_list_key(key, k))
        elif key == "messages" and self.stream.peek() == "[":
            if self._top is None:
                self._top = self._new_chat(self._top_fields)
            self._chat_messages(self._top, "the messages")
        else:
            value = self.stream.value(f"{key!r}")
            if key in ("name", "type", "id"):
                self._top_fields[key] = value
                if self._top is not None:  # the chat's fields after its messages
                    self._fill_chat(self._top, self._top_fields)

    def _chat_list_key(self, section: str, key: str) -> None:
        if key == "list" and self.stream.peek() == "[":
            self._array(f"{section}.list", self._chat)
        else:
            self.stream.value(f"{section}.{key}")

    def _new_chat(self, fields: dict[str, Any]) -> TelegramChat:
        chat = TelegramChat(name="", id=None, type=None)
        self.chats.append(chat)
        self._fill_chat(chat, fields)
        return chat

    def _fill_chat(self, chat: TelegramChat, fields: dict[str, Any]) -> None:
        if "id" in fields and fields["id"] is not None:
            chat.id = bare_chat_id(fields["id"])
        if isinstance(fields.get("name"), str):
            chat.name = fields["name"].strip()
        if isinstance(fields.get("type"), str):
            chat.type = fields["type"]

    def _chat(self) -> None:
        s = self.stream
        if s.peek() != "{":
            s.value("a chat of the list")
            return
        chat = self._new_chat({})
        fields: dict[str, Any] = {}

        def on_key(key: str) -> None:
            if key == "messages" and s.peek() == "[":
                self._fill_chat(chat, fields)
                self._chat_messages(chat, f"the messages of chat {chat.name or len(self.chats)!r}")
            else:
                value = s.value(f"chat {chat.name or len(self.chats)!r}")
                if key in ("name", "type", "id"):
                    fields[key] = value

        self._object(f"chat {len(self.chats)} of the list", on_key)
        self._fill_chat(chat, fields)

    def _chat_messages(self, chat: TelegramChat, inside: str) -> None:
        index = len(self.chats) - 1
        s = self.stream
        s.expect("[", inside)
        if s.peek() == "]":
            s.pos += 1
            return
        while True:
            batch = s.batch()
            if batch is not None:
                self._messages(index, chat, batch[0])
                if batch[1]:
                    return
                continue
            message = s.value(inside)
            if isinstance(message, dict) and s.bad_cuts < MAX_BAD_CUTS:
                s.learn_separator()
            self._messages(index, chat, (message,))
            if s.expect(",]", inside) == "]":
                return

    def _reject(self, field_name: str, value: Any, reason: str, chat: TelegramChat, within: int) -> None:
        where = f"message {within} of chat {chat.name or '(unnamed)'!r}"
        self.rejects.append({"row": self.position, "field": field_name, "value": _short_json(value),
                             "reason": f"{reason} ({where})"})

    def _messages(self, index: int, chat: TelegramChat, messages) -> None:
        """Read message objects (in file order) into the columns."""
        if len(messages) < 2 or not self._columnar(index, chat, messages):
            add = self.columns.add
            progress_every = 10_000
            for message in messages:
                self.position += 1
                if not isinstance(message, dict):
                    chat.messages += 1
                    self._reject("message", message, "not a message object", chat, chat.messages + chat.service)
                    continue
                get = message.get
                if get("type") == "service":
                    chat.service += 1
                    self.service += 1
                else:
                    chat.messages += 1
                    record = self._record(index, chat, message, get)
                    if record is not None:
                        add(record)
                if self.position % progress_every == 0:
                    self.progress.advance(progress_every)
        if self.columns.pending() >= BATCH_ROWS:
            self.columns.flush()

    def _columnar(self, index: int, chat: TelegramChat, messages: list) -> bool:
        """Read a batch of message objects column by column, as :meth:`_record` reads each one. False (and
        nothing read) when the batch holds what only the message-by-message reading handles: an element that is
        not an object, a message that is rejected, or one without ``date_unixtime``."""
        if set(map(type, messages)) != {dict}:
            return False
        types = [m.get("type") for m in messages]
        first = self.position + 1
        if "service" in types:
            keep = [k for k, t in enumerate(types) if t != "service"]
            rows = [first + k for k in keep]
            batch = [messages[k] for k in keep]
        else:
            rows, batch = range(first, first + len(messages)), messages
        ids = [m.get("id") for m in batch]
        unixtimes = [m.get("date_unixtime") for m in batch]
        if batch and (set(map(type, ids)) != {int} or not set(map(type, unixtimes)) <= {str, int}):
            return False
        try:
            unixtimes = list(map(int, unixtimes))
        except ValueError:  # a date_unixtime that is not a number: date decides, or the message is rejected
            return False
        dates = [m.get("date") for m in batch]
        if not set(map(type, dates)) <= {str}:
            dates = [d if type(d) is str else None for d in dates]
        replies = [m.get("reply_to_message_id") for m in batch]
        if not set(map(type, replies)) <= {int, type(None)}:
            replies = [r if type(r) is int else None for r in replies]
        texts = [m.get("text") for m in batch]
        metas: list = [None] * len(batch)  # meta dicts, then their JSON
        for k in (k for k, plain in enumerate(map(_PLAIN_KEYS.issuperset, batch)) if not plain):
            meta, replies[k] = self._meta(chat, batch[k], replies[k])
            metas[k] = meta or None
        if not set(map(type, texts)) <= {str}:
            for k, text in enumerate(texts):
                if type(text) is not str:
                    if text is None:  # an export that writes only the newer text_entities list
                        text = batch[k].get("text_entities", "")
                    if type(text) is not str:
                        text, links = plain_text(text)
                        if links:
                            metas[k] = {**(metas[k] or {}), "links": links}
                    texts[k] = text
        metas = [to_json(meta) if meta else None for meta in metas]
        from_ids = [m.get("from_id") for m in batch]
        froms = [m.get("from") for m in batch]
        authors = [str(a) if a else (str(f) if f else None) for a, f in zip(from_ids, froms, strict=True)]
        names = [f if a and type(f) is str and f else None for a, f in zip(from_ids, froms, strict=True)]
        views = _numbers([m.get("views") for m in batch])
        forwards = _numbers([m.get("forwards") for m in batch])
        reactions = [None if r is None else _reaction_count(r) for r in (m.get("reactions") for m in batch)]
        self.columns.extend([rows, index, ids, replies, unixtimes, dates, authors, texts, metas, views, forwards,
                             reactions, names])
        service = len(messages) - len(batch)
        chat.messages += len(batch)
        chat.service += service
        self.service += service
        before, self.position = self.position, self.position + len(messages)
        done = self.position // 10_000 - before // 10_000
        if done:
            self.progress.advance(10_000 * done)
        return True

    def _meta(self, chat: TelegramChat, message: dict, reply_to: Any) -> tuple[dict[str, Any], Any]:
        """The meta fields of a message with more than text and counts, and its reply_to (None when it replies
        to another chat's message, which meta keeps)."""
        get = message.get
        meta: dict[str, Any] = {}
        if "reply_to_peer_id" in message and str(message["reply_to_peer_id"]) != str(chat.id):
            meta["reply_to_peer_id"] = message["reply_to_peer_id"]
            meta["reply_to_message_id"] = get("reply_to_message_id")
            reply_to = None
        for key in _META_KEYS:
            if get(key) is not None:
                meta[key] = message[key]
        if "media_type" not in meta:
            media = next((k for k in _MEDIA_KEYS if get(k) is not None), None)
            if media is not None:
                meta["media_type"] = _MEDIA_NAMES.get(media, media)
        if get("author"):
            meta["signature"] = message["author"]
        if get("edited") is not None:
            meta["edited"] = message["edited"]
            edited_unix = _int(get("edited_unixtime"))
            if edited_unix is not None:
                meta["edited_at"] = datetime.fromtimestamp(edited_unix, UTC).isoformat()
        return meta, reply_to

    def _record(self, index: int, chat: TelegramChat, message: dict, get) -> tuple | None:
        """The columns of one message (``type`` not "service"), or None when it is rejected."""
        message_id = get("id")
        if type(message_id) is not int:  # JSON gives int, float, str, bool (not an integer id), ...
            self._reject("id", message_id, "a message needs an integer id", chat, chat.messages + chat.service)
            return None
        unixtime = get("date_unixtime")
        if type(unixtime) is str:
            try:
                unixtime = int(unixtime)
            except ValueError:
                unixtime = None
        elif type(unixtime) is not int:
            unixtime = None
        date = get("date")
        if type(date) is not str:
            date = None
            if unixtime is None:
                self._reject("date", get("date_unixtime", get("date")),
                             "no date_unixtime or date the message was sent", chat, chat.messages + chat.service)
                return None
        reply_to = get("reply_to_message_id")
        meta: dict[str, Any] = {}
        if not _PLAIN_KEYS.issuperset(message):  # only messages with more than text and counts need a look
            meta, reply_to = self._meta(chat, message, reply_to)
        text = get("text")
        if text is None:  # an export that writes only the newer text_entities list
            text = get("text_entities", "")
        if type(text) is not str:
            text, links = plain_text(text)
            if links:
                meta["links"] = links
        author, name = get("from_id"), get("from")
        if not author:
            author, name = name, None
        views, forwards = get("views"), get("forwards")
        return (
            self.position, index, message_id, reply_to if type(reply_to) is int else None,
            unixtime, date, str(author) if author else None, text, to_json(meta) if meta else None,
            float(views) if type(views) is int or type(views) is float else None,
            float(forwards) if type(forwards) is int or type(forwards) is float else None,
            _reaction_count(get("reactions")),
            name if type(name) is str and name else None,
        )


def bare_chat_id(value: Any) -> str:
    """A chat id as Telegram Desktop writes it: ``-1001234567890`` (Bot API form) and ``1234567890`` agree.

    >>> bare_chat_id(-1001234567890), bare_chat_id(1234567890), bare_chat_id("channel1234567890")
    ('1234567890', '1234567890', '1234567890')
    """
    text = str(value).strip()
    for prefix in ("channel", "chat", "user"):
        if text.startswith(prefix) and text[len(prefix):].isdigit():
            return text[len(prefix):]
    if text.startswith("-100") and text[4:].isdigit() and len(text) > 4:
        return text[4:]
    return text.lstrip("-") if text.lstrip("-").isdigit() else text


def plain_text(value: Any) -> tuple[str, list[str]]:
    """A message's ``text`` as plain text, and the targets of its ``text_link`` entities.

    >>> plain_text(["Алматыда митинг ", {"type": "hashtag", "text": "#Қаңтар"}, " ",
    ...             {"type": "text_link", "text": "толығырақ", "href": "https://example.kz/a"}])
    ('Алматыда митинг #Қаңтар толығырақ', ['https://example.kz/a'])
    """
    if value is None:
        return "", []
    if isinstance(value, str):
        return value, []
    if not isinstance(value, list):
        return str(value), []
    parts: list[str] = []
    links: list[str] = []
    for item in value:
        if isinstance(item, str):
            parts.append(item)
        elif isinstance(item, dict):
            parts.append(str(item.get("text", "")))
            if item.get("href"):
                links.append(str(item["href"]))
    return "".join(parts), links


def _int(value: Any) -> int | None:
    if type(value) is str:
        try:
            return int(value)
        except ValueError:
            return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _numbers(values: list) -> list:
    """:func:`_number` of each value; Arrow takes integers as they are when all are exact as floats."""
    if set(map(type, values)) <= {int, type(None)} and max(map(abs, filter(None, values)), default=0) <= 1 << 53:
        return values
    return [_number(v) for v in values]


def _reaction_count(value: Any) -> float | None:
    if type(value) is not list:
        return None
    total = 0
    for reaction in value:
        if type(reaction) is dict:
            count = reaction.get("count")
            if isinstance(count, int):  # true counts as 1, as in sum()
                total += count
    return float(total)


def _short_json(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 200 else text[:200] + "…"


def _stage(table: pa.Table, chats: list[TelegramChat], tz: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The writer's staged frame from the extracted columns, and the messages whose date is unreadable."""
    chat_ids = [c.id or f"chat{i}" for i, c in enumerate(chats)]
    names = _channel_names(chats)
    chat_index = table.column("chat").to_numpy()
    # "<chat id>/<message id>" in Arrow: a million ids are joined there in a fraction of pandas' time
    prefix = pc.take(pa.array([f"{c}/" for c in chat_ids], pa.large_string()), table.column("chat"))
    joiner = pa.scalar("", pa.large_string())
    external_ids = pc.binary_join_element_wise(prefix, pc.cast(table.column("message_id"), pa.large_string()), joiner)
    parent_ids = pc.binary_join_element_wise(prefix, pc.cast(table.column("reply_to"), pa.large_string()), joiner)
    external = pd.Series(external_ids, dtype="str")
    parent = pd.Series(parent_ids, dtype="str")  # null where the message replies to nothing in the chat

    unixtime = table.column("unixtime").to_pandas()
    dates = table.column("date").to_pandas()
    utc = pd.to_datetime(unixtime, unit="s", utc=True).astype("datetime64[us, UTC]")
    local = pd.to_datetime(dates, format="ISO8601", errors="coerce")
    offset = ((local - utc.dt.tz_localize(None)).dt.total_seconds() / 60).round().astype("Int32")
    naive_only = unixtime.isna().to_numpy()
    if naive_only.any():
        parsed = parse_timestamps(dates[naive_only], date_format="iso", tz=tz)
        utc[naive_only] = parsed.utc
        offset[naive_only] = parsed.offset_min
    bad = utc.isna().to_numpy()
    bad_dates = pd.DataFrame({
        "row": table.column("row").to_numpy()[bad], "field": "date", "value": dates[bad].to_numpy(dtype=object),
        "reason": "unreadable date: expected an ISO date such as 2022-01-05T14:03:00 (or date_unixtime)",
    })
    staged = pd.DataFrame({
        "row": table.column("row").to_numpy(),
        "external_id": external,
        "parent_external_id": parent,
        "channel": pd.Series(np.array(names, dtype=object)[chat_index], dtype="str"),
        "author": table.column("author").to_pandas(),
        "author.name": table.column("author_name").to_pandas(),  # read by the writer for name patterns only
        "created_at": utc,
        "created_offset_min": offset,
        "text": table.column("text").to_pandas(),
        "meta": table.column("meta").to_pandas(),
    })
    for metric in ("views", "forwards", "reactions"):
        values = table.column(metric).to_numpy(zero_copy_only=False).copy()
        if not len(values) or np.isnan(values).all():
            continue
        if metric == "reactions":
            # Telegram leaves the key out of a message nobody reacted to: 0 in a chat where others have some
            with_reactions = np.unique(chat_index[~np.isnan(values)])
            values[np.isnan(values) & np.isin(chat_index, with_reactions)] = 0.0
        staged[f"metric.{metric}"] = values
    counted = pc.value_counts(parent_ids.drop_null())  # replies to each parent, counted and looked up in Arrow
    found = pc.index_in(external_ids, value_set=counted.field("values"))
    replies = pc.take(counted.field("counts"), found) if len(counted) else pa.nulls(len(found), pa.int64())
    staged["metric.replies"] = pc.fill_null(replies, 0).to_numpy(zero_copy_only=False).astype("float64")
    if bad.any():
        staged = staged.loc[~bad].reset_index(drop=True)
    return staged, bad_dates


def _channel_names(chats: list[TelegramChat]) -> list[str]:
    """Each chat's channel handle: its name, with its id added where two chats of the export share a name."""
    names = [c.name or f"telegram {c.id or i}" for i, c in enumerate(chats)]
    seen: dict[str, str | None] = {}
    out = []
    for chat, name in zip(chats, names, strict=True):
        if name in seen and seen[name] != chat.id:
            name = f"{name} ({chat.id})"
        seen.setdefault(name, chat.id)
        out.append(name)
    return out


def import_telegram(
    project,
    path: str | Path,
    *,
    corpus: str = "telegram",
    keep_authors: bool = False,
    scrub: bool = False,
    observed_at: datetime | None = None,
    progress: Progress = SILENT,
) -> TelegramImportResult:
    """Import the messages of a Telegram Desktop JSON export (``result.json``) as documents of ``corpus``.

    Parameters
    ----------
    project
        The open :class:`dauys.project.Project`.
    path
        The ``result.json`` of one chat, or of a whole-account export with ``chats.list``.
    corpus
        The corpus the messages join (platform ``telegram``).
    keep_authors
        Store ``from_id`` / ``from`` as they are instead of keyed pseudonyms (recorded in the ledger).
    scrub
        Replace IINs, phone numbers and e-mail addresses in the texts with ``[IIN]``, ``[PHONE]``,
        ``[EMAIL]`` before writing (:mod:`dauys.text.scrub`); the counts go to the ledger.
    observed_at
        When the views and reactions were observed (default: now); an aware datetime.

    Returns
    -------
    TelegramImportResult
        ``read`` messages (service ones not included), ``imported`` new ones, ``duplicates``, ``rejected``,
        ``metric_snapshots``, the ``chats``, ``service_skipped``, ``scrubbed`` counts and a ``warning`` when
        the file broke off before its end.
    """
    path = Path(path)
    corpus = (corpus or "").strip()
    if not corpus:
        raise InputError("--corpus needs a name, for example --corpus telegram")
    if not path.exists():
        raise InputError(f"{path} does not exist; check the path (the current folder is {Path.cwd()})")
    if path.is_dir():
        if (path / "result.json").is_file():
            path = path / "result.json"
        else:
            raise InputError(f"{path} is a folder without result.json; give the result.json of the export")
    if observed_at is not None and observed_at.tzinfo is None:
        raise InputError("observed_at needs a time zone (an aware datetime)")

    size = path.stat().st_size
    progress.stage(f"reading {path.name}", total=None)
    warning, broken_at = None, None
    with open(path, "rb") as fh:
        stream = _JsonStream(fh, path)
        reader = _ExportReader(stream, path, progress)
        try:
            reader.read()
        except _Broken as broken:
            if len(reader.columns) == 0 and not reader.rejects:
                raise InputError(
                    f"{path} is not a complete Telegram export: {broken.problem} at byte {broken.offset:,} of "
                    f"{size:,}, before any message; nothing was imported. Export the chat again."
                ) from None
            broken_at = broken.offset
            warning = (
                f"the file breaks off at byte {broken.offset:,} of {size:,} ({broken.problem}); the "
                f"{reader.position:,} complete messages before it were read, anything after it is missing"
            )
    chats = reader.chats
    if reader.layout == "chat" and not chats:
        raise InputError(
            f"{path} is JSON but not a Telegram export: it has no 'messages' list and no 'chats' section. Give "
            "the result.json of Telegram Desktop's Export chat history or Export Telegram data (format JSON)"
        )
    table = reader.columns.table()
    rejects = pd.DataFrame(reader.rejects) if reader.rejects else empty_rejects()

    staged, bad_dates = _stage(table, chats, project.tz)
    del table
    if len(bad_dates):
        rejects = pd.concat([rejects, bad_dates], ignore_index=True)
    duplicates = duplicate_id_rejects(staged)
    if len(duplicates):
        rejects = pd.concat([rejects, duplicates], ignore_index=True)
        staged = staged.loc[~staged["row"].isin(duplicates["row"])].reset_index(drop=True)

    params: dict[str, Any] = {
        "file": str(path), "path": str(path.resolve()), "corpus": corpus, "platform": PLATFORM,
        "layout": reader.layout, "keep_authors": keep_authors, "scrub": scrub,
        "chats": [{"name": c.name, "id": c.id, "type": c.type} for c in chats],
        "naive_dates_tz": project.tz,
    }
    if warning:
        params["warning"] = warning
    run = Run("import.telegram", params)
    scrubbed: dict[str, int] = {}
    if scrub and len(staged):
        texts, scrubbed, changed = scrub_texts(staged["text"].tolist())
        staged["text"] = pd.Series(texts, dtype="str")
        scrubbed["documents"] = int(sum(changed))
        run.counts.update({f"scrubbed_{k}": v for k, v in scrubbed.items()})
    run.counts.update({"service_skipped": reader.service, "chats": len(chats)})
    if warning:
        run.counts["broken_at_byte"] = broken_at

    progress.stage(f"writing {len(staged):,} messages to the project")
    source = SourceInfo(kind="telegram", location=str(path.resolve()), params=params, file_hash=file_sha256(path))
    n_rejected = int(rejects["row"].nunique()) if len(rejects) else 0
    with project.store.write() as con:
        result = write_documents(
            project, run, source, staged, corpus=corpus, platform=PLATFORM, keep_authors=keep_authors,
            read=len(staged) + n_rejected, rejected=n_rejected, observed_at=observed_at, con=con,
        )
        _write_channel_titles(con, chats)
    rejects_path = write_rejects(project.folder("imports"), f"{path.stem}-run{result.run_id}", rejects)
    counts = {f.name: getattr(result, f.name) for f in fields(ImportResult) if f.name != "rejects_path"}
    return TelegramImportResult(
        **counts, rejects_path=rejects_path, chats=chats, service_skipped=reader.service,
        scrubbed={k: v for k, v in scrubbed.items() if k in (*SCRUB_KINDS, "documents")}, warning=warning,
    )


def _write_channel_titles(con, chats: list[TelegramChat]) -> None:
    """The chats' names and Telegram ids on their channels, in the import's transaction."""
    for chat, handle in zip(chats, _channel_names(chats), strict=True):
        meta = to_json({"telegram_id": chat.id, "type": chat.type})
        con.execute(
            "UPDATE channels SET title = ?, meta = ? WHERE platform = ? AND handle = ?",
            [chat.name or handle, meta, PLATFORM, handle],
        )
