"""Versioned stopword lists for Kazakh, Russian and English, with per-project additions.

The shipped lists are ``kk.txt``, ``ru.txt`` and ``en.txt`` beside this file: one word per line in the
form :func:`dauys.text.tokenize.word_tokens` gives it, ``#`` comments, and a header line
``# version: 2026.1`` that changes whenever a list changes.

A project can change the list for its own study with two files in its folder::

    my-study/
      stopwords/
        extra.txt   words to remove as well (a place name every post repeats, a channel's signature)
        keep.txt    words of the shipped lists to count after all (жоқ, нет when absence is the topic)

Both take one word per line (a hashtag as ``#tag``) and comment lines starting with ``# ``. When
either file exists, the list's version becomes ``2026.1+project:`` and the first 8 hex digits of the
SHA-256 of the project files, so the ledger records exactly which list an analysis used, and an edited
file shows as a different version.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dauys.errors import InputError
from dauys.text.tokenize import normalize_token, word_tokens

if TYPE_CHECKING:
    from dauys.project import Project

LANGUAGES = ("kk", "ru", "en")
PROJECT_FOLDER = "stopwords"
EXTRA_FILE = "extra.txt"
KEEP_FILE = "keep.txt"
_HEADER = re.compile(r"#\s*(version|source)\s*:(.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class StopwordList:
    """The words to leave out of counts, with the version to record and where each part came from.

    ``sources`` maps each language to its file, version, source and licence, and number of distinct
    words, and (when the project changes the list) ``"project"`` to the project files, the number of
    words they add and keep, and their hash.
    """

    words: frozenset[str]
    version: str
    sources: dict[str, Any] = field(default_factory=dict)

    def __contains__(self, word: object) -> bool:
        return word in self.words

    def __len__(self) -> int:
        return len(self.words)


@dataclass(frozen=True)
class _WordFile:
    words: tuple[str, ...]
    header: dict[str, str]


def _parse(text: str, label: str) -> _WordFile:
    """Words and ``# version:`` / ``# source:`` lines of a word file; ``label`` names it in messages.

    A line starting with ``#`` and a space (or a lone ``#``) is a comment; ``#word`` is a hashtag.
    """
    words: list[str] = []
    header: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().lstrip("\ufeff")
        if not line:
            continue
        if line == "#" or line.startswith("# "):
            found = _HEADER.match(line)
            if found:
                header.setdefault(found.group(1).lower(), found.group(2).strip())
            continue
        word = normalize_token(line)
        tokens = word_tokens(word)
        if tokens != [word]:
            if len(tokens) > 1:
                hint = "write one word per line"
            elif not tokens:
                hint = "numbers, URLs, e-mails and @mentions are never counted, so they need no entry"
            else:
                hint = f"it is counted as {tokens[0]!r}; write that"
            raise InputError(f"{label}, line {number}: {line!r} is not one word token; {hint}.")
        words.append(word)
    return _WordFile(tuple(words), header)


@cache
def _shipped(lang: str) -> _WordFile:
    text = resources.files(__package__).joinpath(f"{lang}.txt").read_text(encoding="utf-8")
    return _parse(text, f"dauys/text/stopwords/{lang}.txt")


def _project_folder(project: Project | str | Path) -> Path:
    path = Path(project.path if hasattr(project, "path") else project)
    return path / PROJECT_FOLDER


def load_stopwords(
    langs: tuple[str, ...] | list[str] = LANGUAGES, project: Project | str | Path | None = None
) -> StopwordList:
    """The stopwords of ``langs``, changed by the project's ``stopwords/extra.txt`` and ``keep.txt``.

    Parameters
    ----------
    langs
        Language codes among ``kk``, ``ru``, ``en``. All three by default, because posts and comments
        mix languages and a word of one list is rarely a content word of another.
    project
        A project (or its folder) whose ``stopwords/`` files add and keep words; None for the shipped
        lists only.

    Returns
    -------
    StopwordList
        ``version`` is the shipped lists' version (``2026.1``), followed by ``+project:`` and a hash of
        the project files when they exist.

    >>> stop = load_stopwords(("kk",))
    >>> "үшін" in stop, stop.version
    (True, '2026.1')
    """
    langs = tuple(dict.fromkeys(langs))
    unknown = [lang for lang in langs if lang not in LANGUAGES]
    if unknown or not langs:
        raise InputError(
            f"stopword languages {list(unknown) or list(langs)!r}: choose among {', '.join(LANGUAGES)}"
        )
    words: set[str] = set()
    sources: dict[str, Any] = {}
    versions: dict[str, str] = {}
    for lang in langs:
        shipped = _shipped(lang)
        words.update(shipped.words)
        versions[lang] = shipped.header.get("version", "unversioned")
        sources[lang] = {
            "file": f"dauys/text/stopwords/{lang}.txt",
            "version": versions[lang],
            "source": shipped.header.get("source", ""),
            "words": len(set(shipped.words)),
        }
    if len(set(versions.values())) == 1:
        version = next(iter(versions.values()))
    else:
        version = ",".join(f"{lang}={v}" for lang, v in versions.items())

    if project is not None:
        folder = _project_folder(project)
        digest = hashlib.sha256()
        found: dict[str, _WordFile] = {}
        for name in (EXTRA_FILE, KEEP_FILE):
            path = folder / name
            if not path.is_file():
                continue
            data = path.read_bytes()
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise InputError(f"{path} is not UTF-8 text; save it as UTF-8 and run again.") from None
            found[name] = _parse(text, str(path))
            digest.update(name.encode() + b"\0" + data + b"\0")
        if found:
            extra = found.get(EXTRA_FILE, _WordFile((), {})).words
            keep = found.get(KEEP_FILE, _WordFile((), {})).words
            words.update(extra)
            words.difference_update(keep)
            project_hash = digest.hexdigest()[:8]
            version = f"{version}+project:{project_hash}"
            sources["project"] = {
                "files": [f"{PROJECT_FOLDER}/{name}" for name in found],
                "sha256_8": project_hash,
                "extra": len(set(extra)),
                "keep": len(set(keep)),
            }
    return StopwordList(frozenset(words), version, sources)
