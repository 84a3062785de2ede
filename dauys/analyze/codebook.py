"""Codebooks: dictionary coding of documents and sentences with patterns on lemmas, forms, phrases and regexes.

A codebook is a YAML file a researcher writes (``dauys/data/codebooks/`` has a bilingual example)::

    name: grievances
    description: Grievances in posts and comments on Kazakh- and Russian-language channels.
    version: "2024.1"
    codes:
      - name: courts_justice
        description: Courts, prosecutors and investigations; demands for justice.
        patterns:
          kk:
            lemma: [сот, прокуратура, тергеу*]
            phrase: [жауапқа тартылу]
          ru:
            lemma: [суд, судья, следствие]
            phrase: [уголовное дело]
          any:
            regex: ['\\bст\\.\\s?\\d+ ук\\b']
        exclude:
          ru:
            phrase: [суд да дело]

Each code (``name``, ``description``) has patterns per language — ``kk``, ``ru``, ``en``, or ``any`` for
tokens of every language — of four kinds:

``lemma``
    matches a token whose lemma is the word (``сот`` finds сотқа, соттың; ``суд`` finds суде, суду);
``form``
    matches a token whose normalised form is the word (``смог`` finds смог but not смогли);
``phrase``
    words written as usual (``жер реформасы``, ``земельная реформа``) that match consecutive tokens of
    one sentence with the same lemmas (жер реформасына, земельной реформы);
``regex``
    a Python regular expression searched in the document's text, case-insensitive; a match counts where
    it covers a token of the pattern's language.

A word ending in ``*`` (``жер*``, and inside phrases) matches every lemma (for ``form``: normalised form)
that starts with it. ``exclude`` lists patterns of the same kinds that veto the code in the unit where
one of them matches: with ``--unit document`` an exclusion anywhere in the document, with ``--unit
sentence`` one in the same sentence. Lemmas, forms and prefixes are compared in lowercase with ё read as
е; the words of ``lemma``, ``form`` and ``phrase`` patterns are normalised the way the token table's
words are (Kazakh typed with Russian letters restored), and the words of a phrase are lemmatised in the
pattern's language.

Matching runs on the token table of ``dauys text process`` (:meth:`dauys.project.Project.tokens_sql`),
in SQL, over batches of documents. :func:`codebook_coding` gives one row per coded unit (multi-label: a
document or sentence may get several codes); :func:`codebook_table` counts documents per group and code
with the denominator; :func:`apply_codebook` stores the assignments in the ``codes`` table; the
:class:`CodebookAnalysis` analysis (``dauys analyze codebook``) saves the counts for the report.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import yaml

from dauys.analyze.base import Analysis, param
from dauys.analyze.terms import GROUP_FIELDS, META_GROUP, NO_VALUE, group_expression, require_tokens
from dauys.errors import InputError
from dauys.progress import SILENT, Progress
from dauys.provenance import Run
from dauys.store.filters import DocumentFilter

if TYPE_CHECKING:
    from dauys.project import Project

UNITS = ("document", "sentence")
LANGUAGES = ("kk", "ru", "en", "any")
"""The languages a pattern is written for; ``any`` matches tokens of every language (and non-words)."""
KINDS = ("lemma", "form", "phrase", "regex")
CODER_PREFIX = "codebook:"
"""Assignments stored by :func:`apply_codebook` have the coder ``codebook:NAME``."""
ASSIGNMENT_COLUMNS = ("doc_id", "code", "sentence", "span_start", "span_end", "matched", "matches")
BATCH_DOCUMENTS = 20_000
MIN_PREFIX = 2

_TOP_KEYS = ("name", "description", "version", "codes")
_CODE_KEYS = ("name", "description", "patterns", "exclude")
_NAME = re.compile(r"[\w.-]+")
_NOT_NAME = re.compile(r"[^\w.-]+")
# code names follow the hand-coding sheets' rule, so hand and codebook codes can be compared
_NOT_IN_CODE = re.compile(r"[,|=\n\r]")
_NULL_TAG = "tag:yaml.org,2002:null"
_KINDS_HELP = "lemma, form, phrase or regex"


# --- the codebook ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Pattern:
    """One pattern of a code, as written and as it is matched.

    ``keys`` are what tokens are compared with, one per word: lemmas (``lemma``, ``phrase``) or
    normalised forms (``form``), lowercase with ё as е; ``prefix`` says which of them match as a prefix
    (written with ``*``). A ``regex`` has no keys: ``text`` is the expression.
    """

    code: str
    lang: str
    kind: str
    text: str
    line: int
    exclude: bool = False
    keys: tuple[str, ...] = ()
    prefix: tuple[bool, ...] = ()

    @property
    def field(self) -> str:
        """The token column the keys are compared with: ``norm`` for forms, ``lemma`` otherwise."""
        return "norm" if self.kind == "form" else "lemma"

    def matched_as(self) -> str:
        """The keys as matched, prefixes with ``*``: ``жер реформа`` for the phrase ``жер реформасы``."""
        if self.kind == "regex":
            return self.text
        return " ".join(key + ("*" if prefix else "") for key, prefix in zip(self.keys, self.prefix, strict=True))

    def describe(self) -> str:
        """``exclude phrase 'суд да дело' (ru) of code 'courts_justice'`` — for messages."""
        return f"{'exclude ' if self.exclude else ''}{self.kind} {self.text!r} ({self.lang}) of code {self.code!r}"


@dataclass(frozen=True)
class Code:
    """A code of a codebook: its patterns and the exclusions that veto it (``line``: where it starts)."""

    name: str
    description: str
    line: int
    patterns: tuple[Pattern, ...]
    exclusions: tuple[Pattern, ...] = ()


@dataclass(frozen=True)
class Codebook:
    """A checked codebook (see the module docstring for the YAML format).

    ``hash`` is the sha256 of the YAML text, so results and stored assignments name the exact version
    used; ``version`` is what the file says, if anything. ``warnings`` are what loading found suspicious
    but not wrong (a lemma pattern the lemmatiser would not give its own word).
    """

    name: str
    description: str
    version: str | None
    codes: tuple[Code, ...]
    text: str
    hash: str
    source: str
    warnings: tuple[str, ...] = ()

    @property
    def coder(self) -> str:
        """The coder name of stored assignments: ``codebook:NAME``."""
        return CODER_PREFIX + self.name

    @property
    def patterns(self) -> tuple[Pattern, ...]:
        """Every pattern, code by code: its patterns, then its exclusions."""
        return tuple(p for code in self.codes for p in (*code.patterns, *code.exclusions))

    def pattern_counts(self) -> pd.DataFrame:
        """One row per code: ``code``, ``description``, the number of patterns in each of ``kk``, ``ru``,
        ``en`` and ``any``, and ``exclusions`` (exclusion patterns in every language)."""
        rows = []
        for code in self.codes:
            per_language = Counter(p.lang for p in code.patterns)
            rows.append({"code": code.name, "description": code.description,
                         **{lang: per_language[lang] for lang in LANGUAGES}, "exclusions": len(code.exclusions)})
        return pd.DataFrame(rows, columns=["code", "description", *LANGUAGES, "exclusions"])


def load_codebook(path: str | Path) -> Codebook:
    """Read and check a codebook file; any problem raises :class:`InputError` naming the file and line.

    >>> codebook = load_codebook("dauys/data/codebooks/grievances.yaml")   # doctest: +SKIP
    >>> [code.name for code in codebook.codes][:3]                         # doctest: +SKIP
    ['prices_tariffs', 'utilities', 'roads']
    """
    path = Path(path)
    if not path.is_file():
        what = "is a folder" if path.is_dir() else "does not exist"
        raise InputError(f"The codebook {path} {what}; give a YAML file (see dauys/data/codebooks/README.md).")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"The codebook {path} is not UTF-8 text (byte {exc.start}); save it as UTF-8.") from None
    return parse_codebook(text, str(path))


def parse_codebook(text: str, source: str = "the codebook") -> Codebook:
    """Check a codebook written as YAML text; ``source`` names it in messages (a file path).

    >>> book = parse_codebook('''
    ... name: tariffs
    ... codes:
    ...   - name: tariffs
    ...     description: Utility tariffs
    ...     patterns: {kk: {lemma: тариф}, ru: {phrase: рост тарифов}}
    ... ''')                                                          # doctest: +SKIP
    >>> book.codes[0].patterns[1].keys                                # doctest: +SKIP
    ('рост', 'тариф')
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(
            f"{source}{where}: not valid YAML ({problem}). Indent with spaces and quote patterns that start "
            "with a special character (#, *, &, !, [, {, ', \")."
        ) from None
    if root is None:
        raise InputError(f"{source} is empty; write name:, description: and codes: (see dauys/data/codebooks).")
    reader = _Reader(source)
    return reader.codebook(root, text)


class _Reader:
    """Walks the YAML nodes so every problem names its line; collects warnings on the way."""

    def __init__(self, source: str):
        self.source = source
        self.warnings: list[str] = []

    def fail(self, node: yaml.Node, problem: str) -> InputError:
        return InputError(f"{self.source}, line {node.start_mark.line + 1}: {problem}")

    def mapping(self, node: yaml.Node, what: str, keys: tuple[str, ...] | None = None) -> dict[str, tuple]:
        """The entries of a mapping node as {key: (key node, value node)}; unknown or repeated keys fail."""
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must be a mapping of 'key: value' lines")
        entries: dict[str, tuple] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, f"{what} has a key that is not plain text")
            key = key_node.value
            if key in entries:
                first = entries[key][0].start_mark.line + 1
                raise self.fail(key_node, f"{what} gives {key!r} twice (first on line {first}); keep one")
            if keys is not None and key not in keys:
                raise self.fail(key_node, f"unknown key {key!r} in {what}; the keys are {', '.join(keys)}")
            entries[key] = (key_node, value_node)
        return entries

    def text(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(node, f"{what} must be text, not a list or mapping")
        value = node.value.strip()
        if node.tag == _NULL_TAG or not value:
            raise self.fail(node, f"{what} is empty")
        return value

    def name(self, node: yaml.Node, what: str) -> str:
        value = self.text(node, what)
        if not _NAME.fullmatch(value):
            raise self.fail(node, f"{what} {value!r} may hold only letters, digits, _, - and . "
                                  f"(write {_NOT_NAME.sub('_', value)!r})")
        return value

    def codebook(self, root: yaml.Node, text: str) -> Codebook:
        top = self.mapping(root, "the codebook", _TOP_KEYS)
        for required in ("name", "codes"):
            if required not in top:
                raise self.fail(root, f"the codebook has no {required}:; write name:, description: and codes:")
        name = self.name(top["name"][1], "the codebook's name")
        description = self.text(top["description"][1], "the codebook's description") if "description" in top else ""
        version = self.text(top["version"][1], "version") if "version" in top else None
        codes_node = top["codes"][1]
        if not isinstance(codes_node, yaml.SequenceNode) or not codes_node.value:
            raise self.fail(codes_node, "codes: must be a list of codes, each starting with '- name:'")
        codes: list[Code] = []
        lines: dict[str, int] = {}
        for node in codes_node.value:
            code = self.code(node)
            if code.name in lines:
                raise self.fail(node, f"the code name {code.name!r} is used twice (first on line {lines[code.name]}); "
                                      "give each code its own name")
            lines[code.name] = code.line
            codes.append(code)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return Codebook(name, description, version, tuple(codes), text, digest, self.source, tuple(self.warnings))

    def code(self, node: yaml.Node) -> Code:
        line = node.start_mark.line + 1
        entries = self.mapping(node, "a code", _CODE_KEYS)
        if "name" not in entries:
            raise self.fail(node, "a code has no name:; start each code with '- name: ...'")
        name = self.text(entries["name"][1], "the code name")
        if _NOT_IN_CODE.search(name) or name.startswith("("):
            raise self.fail(entries["name"][1], f"the code name {name!r} holds a comma, |, = or a line break, or "
                                                "starts with '('; rename it (letters, digits, spaces, - _ . : "
                                                "are fine)")
        if "description" not in entries:
            raise self.fail(node, f"code {name!r} has no description:; say what the code means for coders")
        description = self.text(entries["description"][1], f"the description of code {name!r}")
        if "patterns" not in entries:
            raise self.fail(node, f"code {name!r} has no patterns:; give at least one, e.g. patterns: "
                                  "{kk: {lemma: [сот]}, ru: {lemma: [суд]}}")
        patterns = self.patterns(entries["patterns"][1], name, exclude=False)
        exclusions = self.patterns(entries["exclude"][1], name, exclude=True) if "exclude" in entries else ()
        return Code(name, description, line, patterns, exclusions)

    def patterns(self, node: yaml.Node, code: str, exclude: bool) -> tuple[Pattern, ...]:
        what = f"{'exclude' if exclude else 'patterns'} of code {code!r}"
        languages = self.mapping(node, what)
        if not languages:
            raise self.fail(node, f"{what} is empty; give a language (kk, ru, en or any) and its patterns")
        found: list[Pattern] = []
        for lang, (lang_node, kinds_node) in languages.items():
            if lang not in LANGUAGES:
                raise self.fail(lang_node, f"unknown language {lang!r} in {what}; the languages are "
                                           f"{', '.join(LANGUAGES)} (any: tokens of every language)")
            kinds = self.mapping(kinds_node, f"the {lang} {what}")
            if not kinds:
                raise self.fail(kinds_node, f"the {lang} {what} is empty; give {_KINDS_HELP} patterns")
            for kind, (kind_node, values_node) in kinds.items():
                if kind not in KINDS:
                    raise self.fail(kind_node, f"unknown pattern kind {kind!r} in the {lang} {what}; "
                                               f"the kinds are {', '.join(KINDS)}")
                for value_node in self.values(values_node, f"{kind} of the {lang} {what}"):
                    found.append(self.pattern(value_node, code, lang, kind, exclude))
        return tuple(found)

    def values(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if isinstance(node, yaml.ScalarNode):
            items = [node]
        elif isinstance(node, yaml.SequenceNode):
            items = node.value
        else:
            raise self.fail(node, f"{what} must be a pattern or a list of patterns, not a mapping")
        if not items:
            raise self.fail(node, f"{what} is an empty list; give patterns or remove the line")
        for item in items:
            self.text(item, f"a pattern in {what}")
        return items

    def pattern(self, node: yaml.ScalarNode, code: str, lang: str, kind: str, exclude: bool) -> Pattern:
        text = node.value.strip()
        line = node.start_mark.line + 1
        base = Pattern(code, lang, kind, text, line, exclude)
        if kind == "regex":
            try:
                compiled = re.compile(text, re.IGNORECASE)
            except re.error as exc:
                raise self.fail(node, f"the regex {text!r} of code {code!r} is not valid ({exc.msg} at position "
                                      f"{exc.pos}); write it in Python's re syntax, in single quotes") from None
            if compiled.search("") is not None:
                raise self.fail(node, f"the regex {text!r} of code {code!r} matches empty text; make it require "
                                      "at least one character")
            return base
        words = text.split()
        if kind == "phrase" and len(words) < 2:
            raise self.fail(node, f"the phrase {text!r} of code {code!r} has one word; write one word as a "
                                  "lemma or form, or add words")
        if kind != "phrase" and len(words) > 1:
            raise self.fail(node, f"the {kind} {text!r} of code {code!r} has several words; write words that "
                                  "must follow each other as a phrase")
        prefix = tuple(word.endswith("*") for word in words)
        plain = [word.removesuffix("*") for word in words]
        for word, original in zip(plain, words, strict=True):
            self.check_word(node, word, original, code, kind)
        keys = _pattern_keys(plain, prefix, lang, kind)
        pattern = Pattern(code, lang, kind, text, line, exclude, keys, prefix)
        if kind == "lemma" and not prefix[0] and lang in ("kk", "ru", "en"):
            lemma = _lemmas([keys[0]], lang)[0]
            if lemma != keys[0]:
                self.warnings.append(
                    f"{self.source}, line {line}: the lemma {text!r} ({lang}) of code {code!r} is not what the "
                    f"lemmatiser gives this word ({lemma!r}), so its tokens may carry {lemma!r}; add that lemma "
                    f"or match the written forms with form: {keys[0]}*"
                )
        return pattern

    def check_word(self, node: yaml.Node, word: str, original: str, code: str, kind: str) -> None:
        from dauys.text.tokenize import tokenize

        if "*" in word:
            raise self.fail(node, f"{original!r} in the {kind} patterns of code {code!r}: * may only end a word "
                                  "(жер* matches every word that starts with жер)")
        if len(word) < MIN_PREFIX and original.endswith("*"):
            raise self.fail(node, f"the prefix {original!r} of code {code!r} is too short; give at least "
                                  f"{MIN_PREFIX} letters before *")
        if len(tokenize(word)) != 1:
            raise self.fail(node, f"{word!r} in the {kind} patterns of code {code!r} is not one word as the "
                                  "tokenizer splits text; leave out punctuation, or use a regex")


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


def _pattern_keys(words: list[str], prefix: tuple[bool, ...], lang: str, kind: str) -> tuple[str, ...]:
    """The keys tokens are compared with: words normalised as the token table's are, phrases lemmatised."""
    from dauys.text.normalize import normalize_word

    normalised = [
        _fold(word) if is_prefix else _fold(normalize_word(word, None if lang == "any" else lang) or word)
        for word, is_prefix in zip(words, prefix, strict=True)
    ]
    if kind != "phrase":
        return tuple(normalised)
    lemmas = _lemmas(normalised, lang)
    pairs = zip(normalised, lemmas, prefix, strict=True)
    return tuple(word if is_prefix else lemma for word, lemma, is_prefix in pairs)


def _lemmas(words: list[str], lang: str) -> list[str]:
    """Lemmas of a phrase's words, read as one sentence: by the language's lemmatiser, or for ``any`` by the
    token table's own steps (each word in the language identified for its span)."""
    if lang == "any":
        from dauys.text.pipeline import token_table

        tokens = token_table([0], [" ".join(words)]).tokens.column("lemma").to_pylist()
        return [_fold(lemma) for lemma in tokens] if len(tokens) == len(words) else list(words)
    from dauys.text.lemmatize import lemmatize_sentence

    return [_fold(lemma) for lemma in lemmatize_sentence(words, lang)]


# --- matching ------------------------------------------------------------------------------------
@dataclass
class CodebookCoding:
    """What :func:`codebook_coding` found in the selected documents.

    ``assignments`` has one row per coded unit (columns in :func:`codebook_coding`); ``documents`` one
    row per selected document with its number of sentences (``doc_id``, ``sentences``), whether coded
    or not; ``pattern_matches`` the matches of each pattern of ``codebook.patterns`` before exclusions;
    ``token_versions`` the component versions of the token table the patterns were matched on.
    """

    codebook: Codebook
    unit: str
    assignments: pd.DataFrame
    documents: pd.DataFrame
    pattern_matches: list[int] = field(default_factory=list)
    token_versions: dict[str, Any] | list[dict[str, Any]] = field(default_factory=dict)

    def documents_coded(self) -> dict[str, int]:
        """Documents coded with each code, in codebook order (0 for a code that coded none)."""
        counts = self.assignments.groupby("code")["doc_id"].nunique()
        return {code.name: int(counts.get(code.name, 0)) for code in self.codebook.codes}

    def warnings(self) -> list[str]:
        """The codebook's own warnings, then codes that coded no unit and patterns that matched nothing."""
        out = list(self.codebook.warnings)
        source, n = self.codebook.source, len(self.documents)
        counts = iter(self.pattern_matches)  # in the order of codebook.patterns: code by code, exclusions last
        coded = self.documents_coded()
        for code in self.codebook.codes:
            matches = [next(counts) for _ in code.patterns]
            for _ in code.exclusions:
                next(counts)
            found = sum(matches)
            if not coded[code.name]:
                vetoed = f"; its patterns matched {found:,} times, all vetoed by its exclusions" if found else ""
                out.append(f"{source}, line {code.line}: code {code.name!r} coded none of the {n:,} selected "
                           f"documents{vetoed}; check its patterns with `dauys code check-codebook "
                           f"{source} --patterns`")
                continue
            for pattern, matched in zip(code.patterns, matches, strict=True):
                if not matched:
                    out.append(f"{source}, line {pattern.line}: the {pattern.describe()} matched nothing in the "
                               f"{n:,} selected documents")
        return out


def codebook_coding(
    project: Project,
    codebook: Codebook,
    where: DocumentFilter | None = None,
    unit: str = "document",
    progress: Progress = SILENT,
) -> CodebookCoding:
    """Code the documents ``where`` selects with ``codebook``, on the project's token table.

    Parameters
    ----------
    project
        The open project; its selected documents must have tokens (``dauys text process``).
    codebook
        From :func:`load_codebook`.
    where
        Which documents (default: all).
    unit
        ``document``: a document gets a code when any of the code's patterns matches in it and none of
        its exclusions does; ``sentence``: the same per sentence, and a document is coded with the codes
        of its sentences.
    progress
        Receives one stage, counted in documents.

    Returns
    -------
    CodebookCoding
        Its ``assignments`` (multi-label: one row per unit and code) have the columns ``doc_id``,
        ``code``, ``sentence`` (the sentence's index in the document; missing for document units),
        ``span_start`` and ``span_end`` (character offsets in the text of the unit's first match),
        ``matched`` (the text of that match) and ``matches`` (distinct matching spans of the code in
        the unit, after exclusions).
    """
    if unit not in UNITS:
        raise InputError(f"--unit {unit!r}: expected one of {', '.join(UNITS)}")
    where = where if where is not None else DocumentFilter(tz=project.tz)
    total = require_tokens(project, where)
    condition, values = where.sql("d")
    with project.store.read() as con:
        first_id, last_id = con.execute(f"SELECT min(d.id), max(d.id) FROM documents d WHERE {condition}",
                                        values).fetchone()
        token_versions = _token_versions(con)
    tables = _pattern_tables(codebook)
    regexes = [(i, re.compile(p.text, re.IGNORECASE)) for i, p in enumerate(codebook.patterns) if p.kind == "regex"]
    progress.stage(f"Coding documents with {codebook.name}", total)
    assignments, documents = [], []
    matches: Counter[int] = Counter()
    # Batches are ranges of document ids, each on its own short read connection (others may write between).
    for start in range(first_id, last_id + 1, BATCH_DOCUMENTS):
        with project.store.read() as con:
            batch = _Batch(con, project.tokens_sql(con), condition, values, start, start + BATCH_DOCUMENTS)
            documents.append(batch.documents())
            raw = batch.matches(tables, regexes)
            for row in pc.value_counts(raw.column("pattern")).to_pylist():
                matches[row["values"]] += row["counts"]
            assignments.append(batch.assignments(raw, tables["info"], unit))
        progress.advance(documents[-1].num_rows)
    order = {code.name: i for i, code in enumerate(codebook.codes)}
    frame = pa.concat_tables(assignments).to_pandas()
    frame = frame.assign(code_order=frame["code"].map(order)).sort_values(["doc_id", "sentence", "code_order"])
    frame = frame.reset_index(drop=True).astype(
        {"doc_id": "int64", "code": "string", "sentence": "Int64", "span_start": "int64", "span_end": "int64",
         "matched": "string", "matches": "int64"}
    )
    read = pa.concat_tables(documents).to_pandas().astype({"doc_id": "int64", "sentences": "int64"})
    return CodebookCoding(codebook, unit, frame[list(ASSIGNMENT_COLUMNS)], read,
                          [matches[i] for i in range(len(codebook.patterns))], token_versions)


def _pattern_tables(codebook: Codebook) -> dict[str, pa.Table]:
    """The patterns as small Arrow tables for the matching SQL: words of token patterns, regex
    languages, and each pattern's code and whether it excludes."""
    words: dict[str, list] = {k: [] for k in ("pattern", "word", "words", "lang", "field", "value", "prefix",
                                              "length")}
    regex: dict[str, list] = {"pattern": [], "lang": []}
    info: dict[str, list] = {"pattern": [], "code": [], "exclude": []}
    for i, pattern in enumerate(codebook.patterns):
        info["pattern"].append(i)
        info["code"].append(pattern.code)
        info["exclude"].append(pattern.exclude)
        if pattern.kind == "regex":
            regex["pattern"].append(i)
            regex["lang"].append(pattern.lang)
            continue
        for j, (key, prefix) in enumerate(zip(pattern.keys, pattern.prefix, strict=True)):
            for name, value in (("pattern", i), ("word", j), ("words", len(pattern.keys)), ("lang", pattern.lang),
                                ("field", pattern.field), ("value", key), ("prefix", prefix),
                                ("length", len(key))):
                words[name].append(value)
    types = {"pattern": pa.int32(), "word": pa.int32(), "words": pa.int32(), "length": pa.int32(),
             "prefix": pa.bool_(), "exclude": pa.bool_()}

    def table(columns: dict[str, list]) -> pa.Table:
        return pa.table({name: pa.array(values, types.get(name, pa.string())) for name, values in columns.items()})

    return {"words": table(words), "regex": table(regex), "info": table(info)}


class _Batch:
    """One range of document ids on one read connection: its tokens in a temporary table, then SQL."""

    def __init__(self, con, tokens: str, condition: str, values: list[Any], start: int, stop: int):
        self.con, self.values, self.range = con, values, [start, stop]
        self.selected = f"SELECT d.id FROM documents d WHERE ({condition}) AND d.id >= ? AND d.id < ?"
        con.execute(
            f"""CREATE TEMP TABLE batch_tokens AS
                SELECT t.doc_id, t.sentence, t.position, t.start, t."end", CAST(t.lang AS VARCHAR) AS lang,
                       lower(replace(t.lemma, 'ё', 'е')) AS lemma_key, lower(replace(t.norm, 'ё', 'е')) AS norm_key
                FROM {tokens} t WHERE t.doc_id >= ? AND t.doc_id < ? AND t.doc_id IN ({self.selected})""",
            self.range + values + self.range,
        )

    def documents(self) -> pa.Table:
        """Every selected document of the batch with its number of sentences (0 without tokens)."""
        return self.con.sql(
            f"""SELECT d.id AS doc_id, count(DISTINCT t.sentence) AS sentences
                FROM documents d LEFT JOIN batch_tokens t ON t.doc_id = d.id
                WHERE d.id IN ({self.selected}) GROUP BY d.id""",
            params=self.values + self.range,
        ).to_arrow_table()

    def matches(self, tables: dict[str, pa.Table], regexes: list[tuple[int, re.Pattern[str]]]) -> pa.Table:
        """Every match of every pattern, before exclusions: doc_id, sentence, pattern, span_start, span_end."""
        con = self.con
        con.register("word_patterns", tables["words"])
        con.register("regex_patterns", tables["regex"])
        con.register("regex_hits", self.regex_hits(regexes))
        hits = []
        for column in ("lemma", "norm"):
            key = f"t.{column}_key"
            # exact words by a hash join; prefixes by one hash join per prefix length
            hits.append(
                f"""SELECT t.doc_id, t.sentence, t.position, t.start, t."end", p.pattern, p.word, p.words
                    FROM batch_tokens t JOIN word_patterns p ON p.value = {key}
                    WHERE p.field = '{column}' AND NOT p.prefix AND (p.lang = 'any' OR p.lang = t.lang)"""
            )
            hits.append(
                f"""SELECT t.doc_id, t.sentence, t.position, t.start, t."end", p.pattern, p.word, p.words
                    FROM batch_tokens t
                    CROSS JOIN (SELECT DISTINCT length FROM word_patterns WHERE field = '{column}' AND prefix) n
                    JOIN word_patterns p ON p.length = n.length AND p.value = left({key}, n.length)
                    WHERE p.field = '{column}' AND p.prefix AND (p.lang = 'any' OR p.lang = t.lang)"""
            )
        return con.sql(
            f"""WITH hits AS ({' UNION ALL '.join(hits)})
                -- a phrase matches where its n words hold n consecutive positions of one sentence
                SELECT doc_id, sentence, pattern, min(start) AS span_start, max("end") AS span_end
                FROM hits GROUP BY doc_id, sentence, pattern, words, position - word
                HAVING count(DISTINCT word) = words
                UNION ALL
                SELECT m.doc_id, min(t.sentence) AS sentence, m.pattern, m.span_start, m.span_end
                FROM regex_hits m JOIN regex_patterns r ON r.pattern = m.pattern
                JOIN batch_tokens t ON t.doc_id = m.doc_id AND t."end" > m.span_start AND t.start < m.span_end
                WHERE r.lang = 'any' OR t.lang = r.lang
                GROUP BY m.doc_id, m.pattern, m.span_start, m.span_end"""
        ).to_arrow_table()

    def regex_hits(self, regexes: list[tuple[int, re.Pattern[str]]]) -> pa.Table:
        """Matches of the regex patterns in the batch's texts (empty matches left out)."""
        columns: dict[str, list[int]] = {"doc_id": [], "pattern": [], "span_start": [], "span_end": []}
        if regexes:
            texts = self.con.execute(
                f"SELECT d.id, d.text FROM documents d WHERE d.id IN ({self.selected})", self.values + self.range
            ).fetchall()
            for doc_id, text in texts:
                for index, regex in regexes:
                    for found in regex.finditer(text or ""):
                        if found.end() > found.start():
                            columns["doc_id"].append(doc_id)
                            columns["pattern"].append(index)
                            columns["span_start"].append(found.start())
                            columns["span_end"].append(found.end())
        return pa.table({"doc_id": pa.array(columns["doc_id"], pa.int64()),
                         "pattern": pa.array(columns["pattern"], pa.int32()),
                         "span_start": pa.array(columns["span_start"], pa.int32()),
                         "span_end": pa.array(columns["span_end"], pa.int32())})

    def assignments(self, raw: pa.Table, info: pa.Table, unit: str) -> pa.Table:
        """The coded units: matches of each code's patterns in units where none of its exclusions matched."""
        con = self.con
        con.register("raw_matches", raw)
        con.register("pattern_info", info)
        unit_key = "m.doc_id, m.sentence" if unit == "sentence" else "m.doc_id"
        veto_key = "v.doc_id = m.doc_id AND v.sentence = m.sentence" if unit == "sentence" else "v.doc_id = m.doc_id"
        sentence = "m.sentence" if unit == "sentence" else "NULL::INTEGER"
        return con.sql(
            f"""WITH labelled AS (
                    SELECT r.*, i.code, i.exclude FROM raw_matches r JOIN pattern_info i USING (pattern)
                ),
                kept AS (
                    SELECT m.* FROM labelled m WHERE NOT m.exclude AND NOT EXISTS (
                        SELECT 1 FROM labelled v WHERE v.exclude AND v.code = m.code AND {veto_key})
                ),
                units AS (
                    SELECT {unit_key}, m.code, {sentence} AS unit_sentence,
                           -- the unit's first match; of those starting together, the longest (a phrase)
                           arg_min(m.span_start, (m.span_start, -m.span_end)) AS span_start,
                           arg_min(m.span_end, (m.span_start, -m.span_end)) AS span_end,
                           count(DISTINCT (m.span_start, m.span_end)) AS matches
                    FROM kept m GROUP BY {unit_key}, m.code
                )
                SELECT u.doc_id, u.code, u.unit_sentence AS sentence, u.span_start, u.span_end,
                       substr(d.text, u.span_start + 1, u.span_end - u.span_start) AS matched, u.matches
                FROM units u JOIN documents d ON d.id = u.doc_id"""
        ).to_arrow_table()


def _token_versions(con) -> dict[str, Any] | list[dict[str, Any]]:
    """The component versions of the token table the matches were made on (a list if it mixes several)."""
    rows = con.execute(
        "SELECT DISTINCT params FROM token_parts WHERE id IN (SELECT DISTINCT part_id FROM token_documents)"
    ).fetchall()
    versions = [json.loads(params).get("versions", {}) for (params,) in rows]
    return versions[0] if len(versions) == 1 else versions


# --- counts per group ------------------------------------------------------------------------------
TABLE_COLUMNS = ("group", "code", "documents_coded", "documents_in_group", "percent_documents", "matches")
SENTENCE_COLUMNS = ("sentences_coded", "sentences_in_group", "percent_sentences")


def codebook_table(project: Project, coding: CodebookCoding, by: str = "all") -> pd.DataFrame:
    """Documents (and, for sentence units, sentences) coded with each code in each group of documents.

    Every code has a row in every group, with 0 where it coded nothing. Groups are in order of their
    labels (``(none)`` last), codes in codebook order. Columns as in :class:`CodebookAnalysis`; the
    denominators are the group's selected documents and (for sentence units) their sentences.
    """
    expression, group_params, join = group_expression(by, project.tz)
    codes = pa.table({"code": [c.name for c in coding.codebook.codes],
                      "code_order": pa.array(range(len(coding.codebook.codes)), pa.int32())})
    units = coding.assignments[["doc_id", "code", "matches"]].astype({"code": "object"})
    with project.store.read() as con:
        con.register("coded_documents", pa.Table.from_pandas(coding.documents, preserve_index=False))
        con.register("coded_units", pa.Table.from_pandas(units, preserve_index=False))
        con.register("code_order", codes)
        frame = con.execute(
            f"""WITH docs AS (
                    SELECT s.doc_id, s.sentences, {expression} AS grp
                    FROM coded_documents s JOIN documents d ON d.id = s.doc_id {join}
                ),
                sizes AS (SELECT grp, count(*) AS documents, sum(sentences) AS sentences FROM docs GROUP BY grp),
                coded AS (
                    SELECT docs.grp, u.code, count(DISTINCT u.doc_id) AS documents, count(*) AS units,
                           sum(u.matches) AS matches
                    FROM coded_units u JOIN docs USING (doc_id) GROUP BY docs.grp, u.code
                )
                SELECT z.grp AS "group", o.code, coalesce(k.documents, 0) AS documents_coded,
                       z.documents AS documents_in_group, coalesce(k.matches, 0) AS matches,
                       coalesce(k.units, 0) AS sentences_coded, z.sentences AS sentences_in_group
                FROM sizes z CROSS JOIN code_order o LEFT JOIN coded k ON k.grp = z.grp AND k.code = o.code
                ORDER BY z.grp = ?, z.grp, o.code_order""",
            group_params + [NO_VALUE],
        ).df()
    frame["percent_documents"] = 100.0 * frame["documents_coded"] / frame["documents_in_group"]
    columns = list(TABLE_COLUMNS)
    if coding.unit == "sentence":
        frame["percent_sentences"] = 100.0 * frame["sentences_coded"] / frame["sentences_in_group"].where(
            frame["sentences_in_group"] > 0)
        columns += SENTENCE_COLUMNS
    types = {"group": "string", "code": "string", "percent_documents": "float64", "percent_sentences": "float64"}
    return frame[columns].astype({c: types.get(c, "int64") for c in columns})


# --- storing assignments ---------------------------------------------------------------------------
@dataclass(frozen=True)
class AppliedCodebook:
    """What :func:`apply_codebook` stored: the ledger run, the ``codebooks`` row, the coding itself and how
    many earlier assignments of the same codebook to these documents it replaced."""

    run_id: int
    codebook_id: int
    coding: CodebookCoding
    replaced: int
    warnings: tuple[str, ...]


def apply_codebook(
    project: Project,
    codebook: Codebook,
    where: DocumentFilter | None = None,
    unit: str = "document",
    progress: Progress = SILENT,
) -> AppliedCodebook:
    """Code the selected documents and store the assignments in the ``codes`` table, in one transaction.

    Selected documents without tokens are processed first, as ``dauys text process`` would (a ledger step
    of its own), as :func:`dauys.analyze.run_analysis` does for analyses. The codebook as written goes
    into ``codebooks`` (with its sha256); each coded unit becomes a row of ``codes`` with the coder
    ``codebook:NAME``, the sentence (sentence units) and the span of its first match. Assignments this
    codebook (by name) made earlier to the selected documents are replaced, so applying a corrected
    codebook again leaves only its new codes; other coders' codes stay. The ledger step is
    ``code.apply_codebook``.

    >>> applied = apply_codebook(project, load_codebook("grievances.yaml"), unit="sentence")  # doctest: +SKIP
    >>> applied.coding.documents_coded()["courts_justice"]                                   # doctest: +SKIP
    12
    """
    from dauys.text.pipeline import build_token_table

    where = where if where is not None else DocumentFilter(tz=project.tz)
    if unit not in UNITS:
        raise InputError(f"--unit {unit!r}: expected one of {', '.join(UNITS)}")
    build_token_table(project, where, progress=progress)
    coding = codebook_coding(project, codebook, where, unit, progress)
    warnings = coding.warnings()
    assignments = coding.assignments
    run = Run("code.apply_codebook", {**_codebook_resources(codebook, coding), "unit": unit,
                                      "filter": where.describe()})
    new_codes = pa.Table.from_pandas(
        assignments[["doc_id", "code", "sentence", "span_start", "span_end"]].astype({"code": "object"}),
        preserve_index=False,
    )
    with project.store.write() as con:
        con.register("selected_documents", pa.Table.from_pandas(coding.documents[["doc_id"]], preserve_index=False))
        con.register("new_codes", new_codes)
        replaced = con.execute(
            "DELETE FROM codes WHERE coder = ? AND doc_id IN (SELECT doc_id FROM selected_documents)",
            [codebook.coder],
        ).fetchone()[0]
        run.counts = {"documents": len(coding.documents), "documents_coded": int(assignments["doc_id"].nunique()),
                      "assignments": len(assignments), "replaced": int(replaced), "codes": coding.documents_coded(),
                      "warnings": warnings}
        run.record(con, n_in=len(coding.documents), n_out=len(assignments))
        codebook_id = con.execute(
            "INSERT INTO codebooks (run_id, name, definition, definition_hash, created_at) "
            "VALUES (?, ?, ?, ?, ?) RETURNING id",
            [run.id, codebook.name, codebook.text, codebook.hash, datetime.now(UTC)],
        ).fetchone()[0]
        # a document removed while the coding ran gets no codes
        con.execute(
            "INSERT INTO codes (doc_id, code, coder, run_id, codebook_id, sentence, span_start, span_end, confidence) "
            "SELECT n.doc_id, n.code, ?, ?, ?, n.sentence, n.span_start, n.span_end, NULL FROM new_codes n "
            "WHERE n.doc_id IN (SELECT id FROM documents)",
            [codebook.coder, run.id, codebook_id],
        )
    return AppliedCodebook(run.id, codebook_id, coding, int(replaced), tuple(warnings))


def _codebook_resources(codebook: Codebook, coding: CodebookCoding) -> dict[str, Any]:
    """What the ledger records of the codebook and token table a coding used."""
    return {"codebook_name": codebook.name, "codebook_version": codebook.version, "codebook_hash": codebook.hash,
            "codebook_file": codebook.source, "codebook_codes": len(codebook.codes),
            "text_pipeline": coding.token_versions}


# --- the analysis ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class CodebookParams:
    codebook: str = param(
        "", "The codebook file (YAML): codes with lemma, form, phrase and regex patterns per language "
        "(see dauys/data/codebooks/README.md)."
    )
    unit: str = param(
        "document", "Code whole documents, or each sentence (a document then has the codes of its sentences, "
        "and sentence counts are added).", choices=UNITS,
    )
    by: str = param(
        "all",
        "Count documents per group of this field; year and month are taken in the project's time zone; "
        "meta.FIELD groups by a field of the imported metadata.",
        choices=GROUP_FIELDS,
        pattern=META_GROUP,
        pattern_label="meta.FIELD",
    )


class CodebookAnalysis(Analysis):
    """Documents coded with each code of a codebook, per group, with the denominator.

    Result columns:

    ``group``
        the group's label (as in ``top_terms``: corpus, platform, language, channel, year, month or meta
        value; ``all`` without grouping; ``(none)`` for documents without one).
    ``code``
        the code, in codebook order; every code has a row in every group.
    ``documents_coded``
        documents of the group coded with the code (with sentence units: with at least one coded sentence).
    ``documents_in_group``
        the selected documents of the group: the denominator of ``percent_documents``.
    ``percent_documents``
        100 × documents_coded / documents_in_group. Coding is multi-label, so the percentages of a group's
        codes may add up to more (or less) than 100.
    ``matches``
        distinct matching spans of the code's patterns in the coded units of the group.
    ``sentences_coded``, ``sentences_in_group``, ``percent_sentences``
        with ``--unit sentence`` only: sentences coded with the code, sentences of the group's documents
        (as the tokenizer splits them), and 100 × the first / the second.

    A code that coded nothing keeps its rows with 0, and the run warns (``warnings_``, also recorded in
    the ledger's counts), as it does for each pattern that matched nothing.
    """

    name = "codebook"
    title = "Codebook coding"
    description = (
        "Code documents or sentences with a YAML codebook (patterns on lemmas, forms, phrases and regexes in "
        "Kazakh, Russian and English, with exclusions; multi-label) and count the documents coded with each "
        "code per group, with the group's documents as the denominator."
    )
    Params = CodebookParams
    needs_tokens = True

    def __init__(self) -> None:
        super().__init__()
        self.codebook_: Codebook | None = None

    @classmethod
    def validate(cls, values: Any = None) -> CodebookParams:
        """The checked options; the codebook file is read and checked too, so that a bad codebook is refused
        before anything is written (``run_analysis`` may process new documents first)."""
        checked = super().validate(values)
        _codebook_of(checked)
        return checked

    def result_title(self, params: CodebookParams) -> str:
        name = self.codebook_.name if self.codebook_ is not None else Path(params.codebook).stem
        title = f"Codebook {name}: documents per code" + ("" if params.by == "all" else f" by {params.by}")
        return title + (" (sentences coded)" if params.unit == "sentence" else "")

    def run(
        self, project: Project, where: DocumentFilter, params: CodebookParams, progress: Progress = SILENT
    ) -> pd.DataFrame:
        """The table of documents coded per group and code (see the class for its columns)."""
        codebook = _codebook_of(params)
        coding = codebook_coding(project, codebook, where, params.unit, progress)
        table = codebook_table(project, coding, params.by)
        self.codebook_ = codebook
        self.warnings_ = coding.warnings()
        self.resources_ = _codebook_resources(codebook, coding)
        self.counts_ = {
            "documents": len(coding.documents),
            "groups": int(table["group"].nunique()),
            "documents_coded": int(coding.assignments["doc_id"].nunique()),
            "assignments": len(coding.assignments),
            **({"sentences": int(coding.documents["sentences"].sum())} if params.unit == "sentence" else {}),
        }
        return table


def _codebook_of(params: CodebookParams) -> Codebook:
    if not params.codebook:
        raise InputError("Say which codebook to apply: --codebook FILE.yaml (an example is "
                         "dauys/data/codebooks/grievances.yaml).")
    return load_codebook(params.codebook)
