"""Column mappings: which column of an export holds the text, the date, the author, the metrics, ...

A mapping is a dict from a *map key* to a column name of the input file::

    {"text": "message", "created_at": "date", "metric.views": "Просмотры"}

Map keys: ``text`` (required), ``created_at``, ``author``, ``channel``, ``external_id``, ``parent_id``
(the id of the post a comment answers), ``url``, ``lang``, ``title``, and ``metric.NAME`` for a numeric
metric such as ``metric.views`` or ``metric.likes``. Columns the mapping does not name are kept in
each document's ``meta``.

What the export says about the author's *account* goes to the project's ``accounts`` table (one row per
pseudonymised author, used by the bot scores), never into ``meta``: ``author.created_at`` (when the
account was created), ``author.default_profile`` (yes/no: no avatar or description of its own),
``author.followers``, ``author.handle`` (the handle, when ``author`` holds a display name) and
``author.name`` (the display name, when ``author`` holds an account id). Names and handles are only
read for their patterns (length, digits, script, ...) and are never stored.

On the command line a mapping is written ``--map text=message,created_at=date``; column names that hold
a comma (or that are easier to read on their own line) go in a YAML file given with ``--map-file``::

    text: Текст сообщения
    created_at: Дата, время
    metric.views: Просмотры
    metric:                  # metrics may also be listed under one key
      likes: Нравится
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from dauys.errors import InputError

FIELD_KEYS = ("text", "created_at", "author", "channel", "external_id", "parent_id", "url", "lang", "title")
ACCOUNT_KEYS = ("author.created_at", "author.default_profile", "author.followers", "author.handle", "author.name")
"""Map keys of account fields; the staged frame's columns carry the same names (see :mod:`dauys.ingest.writer`)."""
METRIC_PREFIX = "metric."
_METRIC_NAME = re.compile(r"^[\w.-]+$")
_EXAMPLE = "text=message,created_at=date,author=from,metric.views=Просмотры"


def check_key(key: str, where: str) -> str:
    """Return ``key`` if it is a map key; raise InputError saying which keys exist otherwise."""
    if key in FIELD_KEYS or key in ACCOUNT_KEYS:
        return key
    if key.startswith(METRIC_PREFIX) and _METRIC_NAME.match(key[len(METRIC_PREFIX):]):
        return key
    hint = ""
    if key in {"views", "likes", "comments", "shares", "reactions", "forwards", "replies"}:
        hint = f" (a metric is written metric.{key})"
    elif key in {"date", "time", "datetime", "timestamp"}:
        hint = " (the date is created_at)"
    elif key in {"id", "message_id", "post_id"}:
        hint = " (an id is external_id)"
    elif key.startswith("author.") or key in {"followers", "handle", "username", "default_profile"}:
        hint = f" (account fields are {', '.join(ACCOUNT_KEYS)})"
    raise InputError(
        f"{where}: {key!r} is not a map key{hint}. Map keys are {', '.join(FIELD_KEYS)}, "
        f"{', '.join(ACCOUNT_KEYS)} and metric.NAME (for example metric.views)."
    )


def check_mapping(
    mapping: dict[str, str], where: str = "the mapping", complete: bool = True
) -> dict[str, str]:
    """Check a mapping's keys and columns and (if ``complete``) that it names the text column; return it."""
    if not mapping:
        raise InputError(f"{where} is empty; give at least text=COLUMN, for example --map {_EXAMPLE}")
    for key, column in mapping.items():
        check_key(key, where)
        if not isinstance(column, str) or not column:
            raise InputError(f"{where}: {key} needs a column name, for example {key}=message")
    if complete and "text" not in mapping:
        raise InputError(
            f"{where} does not say which column holds the text; add text=COLUMN, for example --map {_EXAMPLE}"
        )
    return mapping


def map_items(text: str, advice: str) -> list[tuple[str, str, str]]:
    """The ``(key, column, item)`` of each item of ``key=column,key=column`` (spaces around items and around
    key and column, and empty items, ignored; ``item`` as written, for messages).

    An item without ``=`` raises :class:`InputError` naming it, followed by ``advice`` (how to write one)."""
    items = []
    for item in text.split(","):
        if not item.strip():
            continue
        if "=" not in item:
            raise InputError(f"--map {text!r}: {item.strip()!r} is not KEY=COLUMN{advice}")
        key, column = (part.strip() for part in item.split("=", 1))
        items.append((key, column, item.strip()))
    return items


def parse_mapping(text: str, complete: bool = True) -> dict[str, str]:
    """Parse ``key=column,key=column`` (spaces around items ignored) into a checked mapping.

    ``complete=False`` accepts a part of a mapping (no ``text``), to be merged with others.

    >>> parse_mapping("text=message, created_at=date, metric.views=Просмотры")
    {'text': 'message', 'created_at': 'date', 'metric.views': 'Просмотры'}
    """
    mapping: dict[str, str] = {}
    advice = f". Write --map {_EXAMPLE}; for column names with commas use --map-file mapping.yaml"
    for key, column, _ in map_items(text, advice):
        check_key(key, f"--map {text!r}")
        if key in mapping:
            raise InputError(f"--map {text!r}: {key} is given twice")
        mapping[key] = column
    return check_mapping(mapping, f"--map {text!r}", complete)


def load_mapping_file(path: str | Path, complete: bool = True) -> dict[str, str]:
    """Read a YAML mapping file (key: column; metrics as ``metric.NAME: column`` or under ``metric:``).

    ``complete=False`` accepts a part of a mapping (no ``text``), to be merged with ``--map``.
    """
    path = Path(path)
    if not path.is_file():
        what = "is a folder" if path.is_dir() else "does not exist"
        raise InputError(f"--map-file {path} {what}; give a YAML file of key: column lines")
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError(
            f"--map-file {path} is not UTF-8 text (byte {exc.start}); save it as UTF-8"
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(
            f"--map-file {path} is not valid YAML{where}: {problem}. Write one 'key: column' per line; "
            "quote column names that start with a special character"
        ) from None
    if loaded is None:
        raise InputError(
            f"--map-file {path} is empty; write one 'key: column' per line, at least 'text: COLUMN'"
        )
    if not isinstance(loaded, dict):
        raise InputError(f"--map-file {path} must be a YAML mapping of 'key: column' lines")
    mapping: dict[str, str] = {}
    for key, column in loaded.items():
        key = str(key).strip()
        if key in {"metric", "metrics"} and isinstance(column, dict):
            for name, metric_column in column.items():
                mapping[check_key(f"{METRIC_PREFIX}{name}", f"--map-file {path}")] = _column(
                    metric_column, f"{METRIC_PREFIX}{name}", path
                )
            continue
        mapping[check_key(key, f"--map-file {path}")] = _column(column, key, path)
    return check_mapping(mapping, f"--map-file {path}", complete)


def _column(value: object, key: str, path: Path) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        raise InputError(f"--map-file {path}: {key} needs one column name, for example '{key}: message'")
    return str(value)
