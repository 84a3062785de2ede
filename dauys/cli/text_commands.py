"""``dauys text``: the text engine as stdin/stdout utilities, usable without a project.

The line formats are contracts (evaluation scripts drive them): UTF-8 in and out, CRLF accepted, one
output line per input line in order, nothing written to any project.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Annotated

import typer

from dauys.cli import app

text_app = typer.Typer(help="The text engine on stdin/stdout: lemmatize, langid, annotate.", no_args_is_help=True)
app.add_typer(text_app, name="text")


class Lang(StrEnum):
    kk = "kk"
    ru = "ru"
    en = "en"


def _stdin_lines() -> Iterator[str]:
    """Input lines without their line ends (LF or CRLF); undecodable bytes become U+FFFD, never a crash."""
    stream = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace", newline="")
    for line in stream:
        yield line.rstrip("\n").rstrip("\r")


@contextmanager
def _stdout() -> Iterator[io.TextIOWrapper]:
    """UTF-8 with LF line ends whatever the console's code page; leaves ``sys.stdout`` open afterwards."""
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n", write_through=False)
    try:
        yield out
    finally:
        out.flush()
        out.detach()  # otherwise closing the wrapper would close sys.stdout's buffer too


def _sentences(lines: Iterator[str]) -> Iterator[list[str] | None]:
    """Group token lines into sentences; yields None for each blank line so it can be echoed."""
    sentence: list[str] = []
    for line in lines:
        if line.strip() == "":
            if sentence:
                yield sentence
                sentence = []
            yield None
        else:
            sentence.append(line)
    if sentence:
        yield sentence


@text_app.command()
def lemmatize(
    lang: Annotated[Lang, typer.Option("--lang", help="Language of the tokens.")],
    pretokenized: Annotated[
        bool, typer.Option("--pretokenized", help="One token per line, a blank line between sentences.")
    ] = False,
) -> None:
    """Write one lemma per input token line (blank lines echoed, order kept)."""
    from dauys.text.lemmatize import lemmatize_sentence

    with _stdout() as out:
        if pretokenized:
            for sentence in _sentences(_stdin_lines()):
                if sentence is None:
                    out.write("\n")
                    continue
                for token, lemma in zip(sentence, lemmatize_sentence(sentence, lang.value), strict=True):
                    out.write((lemma or token).replace("\n", " ") + "\n")
        else:
            from dauys.text.tokenize import word_tokens

            for line in _stdin_lines():
                tokens = word_tokens(line)
                out.write(" ".join(lemmatize_sentence(tokens, lang.value)) + "\n")


@text_app.command()
def langid() -> None:
    """Write ``lang<TAB>confidence`` for each input line (kk, ru, en or other; an empty line: other 0)."""
    from dauys.text.langid import identify_many

    lines = list(_stdin_lines())
    with _stdout() as out:
        for lang, confidence in identify_many(lines):
            out.write(f"{lang}\t{confidence:.4f}\n")
