"""Importing a table of posts, comments or articles: CSV/TSV, XLSX, JSON or JSON Lines and a column mapping.

:func:`import_table` reads the file (:mod:`dauys.ingest.readers`), maps its columns to document fields
(:mod:`dauys.ingest.mapping`), reads dates (:mod:`dauys.ingest.dates`) and metrics, checks every row,
and hands the rows that pass to :func:`dauys.ingest.writer.write_documents`, which adds them to the
project in one transaction. Everything runs on whole columns at once, so a million rows take seconds.

A row is *rejected* (left out, and listed with its row number, field, value and reason in a CSV under
the project's ``imports/`` folder) when its text is empty or longer than ``max_text_length`` characters,
its date cannot be read, a metric is not a number or is negative, or its external id already appeared
earlier in the same file. Every metric (``metric.views``, ``likes``, ``comments``, ``shares``, ``reactions``,
``forwards``, ``subscribers`` and any other ``metric.*``) is a count, so no metric may be negative: a negative
value is an error in the export, not a decrease (a decrease shows up between two metric snapshots). With
``strict=True`` any such row refuses the whole file instead. Problems with the file as a whole (missing,
empty, undecodable, malformed, a mapped column it does not have) refuse the file and write nothing.
"""

from __future__ import annotations

import difflib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dauys.errors import InputError
from dauys.ingest.dates import DEFAULT_TZ, check_date_format, check_tz, date_format_hint, parse_timestamps
from dauys.ingest.layouts import (
    Layout,
    describe_missing,
    detect_layout,
    get_layout,
    no_layout_message,
    zone_names_to_offsets,
)
from dauys.ingest.mapping import ACCOUNT_KEYS, METRIC_PREFIX, check_mapping
from dauys.ingest.readers import RawTable, read_table
from dauys.ingest.writer import (
    REJECT_COLUMNS,
    ImportResult,
    SourceInfo,
    duplicate_id_rejects,
    file_sha256,
    write_documents,
    write_rejects,
)
from dauys.progress import SILENT, Progress
from dauys.provenance import Run
from dauys.text.scrub import KINDS as SCRUB_KINDS
from dauys.text.scrub import scrub_texts

DEFAULT_MAX_TEXT_LENGTH = 5_000_000
STRICT_LISTED_PROBLEMS = 5
# map key -> staged column of the writer; the text and metrics are handled on their own
_STRING_FIELDS = {
    "external_id": "external_id", "parent_id": "parent_external_id", "channel": "channel", "author": "author",
    "lang": "lang", "title": "title", "url": "url",
    **{key: key for key in ACCOUNT_KEYS},  # the writer reads account fields from stripped text
}
_METRIC_NUMBER = (
    r"^(?P<number>[+-]?[\d.,]*\d)(?P<suffix>k|к|тыс\.?|m|м|млн\.?|b|млрд\.?)?$"
)
_METRIC_SUFFIXES = {
    "k": 1e3, "к": 1e3, "тыс": 1e3, "тыс.": 1e3, "m": 1e6, "м": 1e6, "млн": 1e6, "млн.": 1e6,
    "b": 1e9, "млрд": 1e9, "млрд.": 1e9,
}
# spellings of one number, tried in order; each gives the separators to drop and the decimal mark
_METRIC_SPELLINGS = (
    (r"^[+-]?\d+(\.\d+)?$", "", "."),                    # 1234, 1.5
    (r"^[+-]?\d{1,3}(,\d{3})+$", ",", "."),              # 1,234 and 12,345,678 (thousands)
    (r"^[+-]?\d+,\d+$", "", ","),                        # 1,5 (decimal comma)
    (r"^[+-]?\d{1,3}(,\d{3})+\.\d+$", ",", "."),         # 1,234.5
    (r"^[+-]?\d{1,3}(\.\d{3})+,\d+$", ".", ","),         # 1.234,5
    (r"^[+-]?\d{1,3}(\.\d{3}){2,}$", ".", "."),          # 1.234.567
)


def import_table(
    project,
    path: str | Path,
    *,
    corpus: str,
    mapping: dict[str, str] | None = None,
    layout: str | None = None,
    platform: str | None = None,
    sheet: str | None = None,
    date_format: str = "auto",
    tz: str = DEFAULT_TZ,
    keep_authors: bool = False,
    strict: bool = False,
    encoding: str | None = None,
    delimiter: str | None = None,
    max_text_length: int = DEFAULT_MAX_TEXT_LENGTH,
    observed_at: datetime | None = None,
    scrub: bool = False,
    progress: Progress = SILENT,
) -> ImportResult:
    """Import the rows of a table file as documents of ``corpus``.

    Parameters
    ----------
    project
        The open :class:`dauys.project.Project`.
    path
        A CSV/TSV, XLSX, JSON or JSON Lines file.
    corpus, platform
        The corpus the documents join, and the platform they come from (telegram, youtube, vk, ...);
        external ids are unique per platform. Default: the layout's platform, else ``other``.
    mapping
        Map key to column name (see :mod:`dauys.ingest.mapping`); ``text`` is required unless a layout
        gives it. With ``layout`` its entries override the layout's.
    layout
        A ready-made mapping by name (:mod:`dauys.ingest.layouts`: livedune, popsters, brand_analytics,
        facebook, instagram, telegram_tgstat). With neither ``mapping`` nor ``layout`` the file's columns
        choose the layout they fit; a file that fits none is refused with its columns and the layouts it
        almost fits.
    sheet
        The XLSX sheet to read (default: the first).
    date_format, tz
        How to read ``created_at`` and the time zone of dates written without an offset (see
        :func:`dauys.ingest.dates.parse_timestamps`).
    keep_authors
        Store author names as they are instead of keyed pseudonyms (recorded in the ledger).
    strict
        Refuse the whole file if any row would be rejected.
    encoding, delimiter
        Override detection for text files.
    max_text_length
        Longer texts (in characters) are rejected.
    observed_at
        When the metric values were observed (default: now); a naive datetime is read in ``tz``.
    scrub
        Replace IINs, phone numbers and e-mail addresses in texts and titles with ``[IIN]``, ``[PHONE]``,
        ``[EMAIL]`` before writing (:mod:`dauys.text.scrub`); the counts go to the ledger
        (``scrubbed_iin``, ``scrubbed_phone``, ``scrubbed_email``, ``scrubbed_documents``).

    Returns
    -------
    ImportResult
        Counts: ``read`` rows in the file, ``imported`` new documents, ``duplicates`` rows the project
        already held (or that repeat an earlier identical row), ``rejected`` rows left out, and
        ``metric_snapshots`` documents whose metrics were new or changed; ``rejects_path`` is the CSV of
        rejected rows (None when no row was rejected).
    """
    path = Path(path)
    if mapping is not None:
        check_mapping(mapping, complete=layout is None)
    chosen = get_layout(layout) if layout is not None else None
    corpus = _name(corpus, "--corpus", "protests2022")
    if platform is not None:
        platform = _name(platform, "--platform", "telegram")
    if max_text_length < 1:
        raise InputError(f"--max-text-length {max_text_length}: give a positive number of characters")
    check_date_format(date_format)
    zone = check_tz(tz)
    observed = None
    if observed_at is not None:
        observed = (observed_at if observed_at.tzinfo else observed_at.replace(tzinfo=zone)).astimezone(UTC)

    progress.stage(f"reading {path.name}")
    raw = read_table(path, sheet=sheet, encoding=encoding, delimiter=delimiter)
    mapping, chosen, detected = _layout_mapping(raw, path, mapping, chosen)
    if platform is None:
        platform = chosen.platform if chosen is not None else "other"
    params: dict[str, Any] = {
        "file": str(path), "path": str(path.resolve()), "corpus": corpus, "platform": platform,
        "mapping": dict(mapping), "date_format": date_format, "tz": tz, "keep_authors": keep_authors,
        "strict": strict, "max_text_length": max_text_length,
        "observed_at": observed.isoformat() if observed else None,
    }
    if scrub:
        params["scrub"] = True
    if chosen is not None:
        params.update({"layout": chosen.name, "layout_detected": detected})
    run = Run("import.table", params)
    params.update(raw.describe())
    _check_columns(raw, mapping, path)
    if chosen is not None and chosen.zone_names and "created_at" in mapping:
        raw.frame[mapping["created_at"]] = zone_names_to_offsets(raw.frame[mapping["created_at"]])

    staged, rejects = stage_rows(
        raw, mapping, date_format=date_format, tz=tz, max_text_length=max_text_length, progress=progress
    )
    if strict and len(rejects):
        raise InputError(_strict_message(path, rejects))
    rejected_rows = rejects["row"].nunique()
    read = len(raw.frame)
    del raw  # the staged frame shares the text; the other source columns are not needed any more
    pa.default_memory_pool().release_unused()

    if scrub:
        progress.stage("scrubbing identifiers")
        run.counts.update(scrub_staged(staged))
    progress.stage(f"writing {len(staged):,} rows to the project")
    source = SourceInfo(
        kind="table", location=str(path.resolve()), params=params, file_hash=file_sha256(path)
    )
    result = write_documents(
        project, run, source, staged, corpus=corpus, platform=platform, keep_authors=keep_authors,
        read=read, rejected=rejected_rows, observed_at=observed,
    )
    # the run id in the name ties the file to its ledger entry (and keeps two imports in a second apart)
    result.rejects_path = write_rejects(project.folder("imports"), f"{path.stem}-run{result.run_id}", rejects)
    return result


def stage_rows(
    raw: RawTable,
    mapping: dict[str, str],
    *,
    date_format: str = "auto",
    tz: str = DEFAULT_TZ,
    max_text_length: int = DEFAULT_MAX_TEXT_LENGTH,
    progress: Progress = SILENT,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Turn a read table into the writer's staged frame and the rejected rows.

    Returns ``(staged, rejects)``: ``staged`` holds the rows that passed every check, in file order,
    with the columns :mod:`dauys.ingest.writer` documents; ``rejects`` has one line per problem (row,
    field, value, reason), so a row with two problems appears twice.
    """
    frame, n = raw.frame, len(raw.frame)
    rows = raw.rows
    problems: list[pd.DataFrame] = []
    rejected = np.zeros(n, dtype=bool)

    def reject(mask: np.ndarray, field: str, values: pd.Series, reason: str | np.ndarray) -> None:
        if mask.any():
            np.logical_or(rejected, mask, out=rejected)
            problems.append(pd.DataFrame({
                "row": rows[mask], "field": field, "value": values[mask].to_numpy(dtype=object),
                "reason": reason[mask] if isinstance(reason, np.ndarray) else reason,
            }))

    progress.stage("checking rows", total=n)
    columns: dict[str, Any] = {"row": rows}
    text_column = mapping["text"]
    text = frame[text_column]
    chunks = _arrow(text)
    size = pc.fill_null(pc.binary_length(chunks), 0).to_numpy()
    blank = (size == 0) | _bool(pc.utf8_is_space(chunks), null=True)
    reject(blank, "text", text.fillna(""), f"empty text (column {text_column!r})")
    # a text has at most as many characters as bytes: count characters only where the bytes exceed the limit
    too_long = size > max_text_length
    if too_long.any():
        where = np.flatnonzero(too_long)
        length = pc.utf8_length(pc.take(chunks, where)).to_numpy()
        too_long[where[length <= max_text_length]] = False
        reasons = np.full(n, "", dtype=object)
        reasons[too_long] = [
            f"text is {count:,} characters long, over the limit of {max_text_length:,} characters; to import "
            f"it, raise --max-text-length (for example --max-text-length {count})"
            for count in length[length > max_text_length]
        ]
        reject(too_long, "text", text, reasons)
    columns["text"] = text.array

    for key, staged_name in _STRING_FIELDS.items():
        if key in mapping:
            columns[staged_name] = _stripped(frame[mapping[key]]).array

    metric_keys = [key for key in mapping if key.startswith(METRIC_PREFIX)]
    for key in metric_keys:
        column = frame[mapping[key]]
        values, bad = parse_metric_values(column)
        reject(
            bad, key, column,
            f"not a number in column {mapping[key]!r}: expected digits such as 1234, 1 234, 1,234, 1.5K or "
            "3,4 тыс.",
        )
        negative = values < 0  # NaN compares false
        reject(
            negative, key, column,
            f"a count cannot be negative (column {mapping[key]!r}): every metric counts views, likes, comments, "
            "shares, reactions, forwards or subscribers; fix the value in the file or leave the cell empty",
        )
        columns[key] = values
    progress.advance(n)

    if "created_at" in mapping:
        progress.stage("reading dates", total=n)
        column = frame[mapping["created_at"]]
        utc, offset, bad = parse_timestamps(column, date_format=date_format, tz=tz)
        reject(
            bad.to_numpy(), "created_at", column,
            f"unreadable date in column {mapping['created_at']!r}: {date_format_hint(date_format)}",
        )
        columns["created_at"] = utc.array
        columns["created_offset_min"] = offset.array
        progress.advance(n)

    mapped = set(mapping.values())
    unmapped = [c for c in raw.columns if c not in mapped]
    if unmapped:
        columns["meta"] = meta_json(frame, unmapped).array

    staged = pd.DataFrame(columns)
    if rejected.any():
        staged = staged.loc[~rejected].reset_index(drop=True)
    duplicates = duplicate_id_rejects(staged)
    if len(duplicates):
        problems.append(duplicates)
        staged = staged.loc[~staged["row"].isin(duplicates["row"])].reset_index(drop=True)
    rejects = (
        pd.concat(problems, ignore_index=True).sort_values("row", kind="stable").reset_index(drop=True)
        if problems else pd.DataFrame({c: pd.Series(dtype=object) for c in REJECT_COLUMNS})
    )
    return staged, rejects


def scrub_staged(staged: pd.DataFrame) -> dict[str, int]:
    """Scrub the ``text`` and ``title`` of a staged frame in place; returns the ledger counts."""
    totals = dict.fromkeys(SCRUB_KINDS, 0)
    changed = np.zeros(len(staged), dtype=bool)
    for column in ("text", "title"):
        if column not in staged:
            continue
        values = staged[column].tolist()
        texts, counts, flags = scrub_texts(None if pd.isna(v) else v for v in values)
        staged[column] = pd.Series(texts, index=staged.index, dtype="str")
        changed |= np.asarray(flags, dtype=bool)
        for kind, n in counts.items():
            totals[kind] += n
    return {**{f"scrubbed_{k}": v for k, v in totals.items()}, "scrubbed_documents": int(changed.sum())}


def parse_metric_values(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Read counts as exports write them: ``1234``, ``1 234``, ``1,234``, ``1,5``, ``1.2K``, ``3,4 тыс.``

    Spaces (also no-break spaces) and apostrophes are thousands separators; one comma followed by exactly
    three digits groups thousands (``1,234`` is 1234) while other single commas are decimal marks
    (``1,5``); a single dot is always a decimal point. Suffixes K/к/тыс. (thousand), M/м/млн (million)
    and B/млрд (billion) multiply. Returns ``(numbers, bad)``: float64 values (NaN where empty or bad) and
    a mask of values that were given but are not numbers.
    """
    strings = _arrow(values)
    try:
        numbers = pc.cast(strings, pa.float64())
    except pa.ArrowInvalid:
        numbers = _messy_numbers(strings)
    present = pc.fill_null(pc.greater(pc.utf8_length(pc.utf8_trim_whitespace(strings)), 0), False)
    numbers = pc.fill_null(numbers, np.nan).to_numpy()
    bad = present.to_numpy() & np.isnan(numbers)
    return numbers, bad


def _messy_numbers(strings: pa.ChunkedArray) -> pa.ChunkedArray:
    cleaned = pc.replace_substring_regex(pc.utf8_lower(strings), r"[\s\x{00a0}\x{202f}']", "")
    parts = pc.extract_regex(cleaned, _METRIC_NUMBER)
    number, suffix = pc.struct_field(parts, "number"), pc.struct_field(parts, "suffix")
    normal = pa.nulls(len(strings), pa.large_string())
    for pattern, thousands, decimal in reversed(_METRIC_SPELLINGS):
        spelled = number
        if thousands:
            spelled = pc.replace_substring(spelled, thousands, "")
        if decimal != ".":
            spelled = pc.replace_substring(spelled, decimal, ".")
        normal = pc.if_else(pc.fill_null(pc.match_substring_regex(number, pattern), False), spelled, normal)
    factor = pc.index_in(suffix, value_set=pa.array(list(_METRIC_SUFFIXES), pa.large_string()))
    factors = np.array([*_METRIC_SUFFIXES.values(), 1.0])
    multiplier = factors[pc.fill_null(factor, len(_METRIC_SUFFIXES)).to_numpy()]
    return pc.multiply(pc.cast(normal, pa.float64()), pa.array(multiplier))


def meta_json(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    """One JSON object per row with ``columns`` as keys and their text as values (null where empty)."""
    table = pa.table({f"c{i}": _arrow(frame[name]) for i, name in enumerate(columns)})
    pairs = ", ".join(f"$k{i}, c{i}" for i in range(len(columns)))
    with duckdb.connect() as con:
        con.register("unmapped", table)
        result = con.sql(
            f"SELECT json_object({pairs}) AS meta FROM unmapped",
            params={f"k{i}": c for i, c in enumerate(columns)},
        ).to_arrow_table()
    return result.column("meta").to_pandas().set_axis(frame.index)


def _arrow(values: pd.Series) -> pa.ChunkedArray:
    """The Arrow strings behind a ``str`` column (no copy), large_string typed."""
    if not isinstance(values.dtype, pd.StringDtype):
        values = values.astype("str")
    chunks = values.array.__arrow_array__()
    return chunks if isinstance(chunks, pa.ChunkedArray) else pa.chunked_array([chunks])


def _bool(mask: pa.ChunkedArray, null: bool) -> np.ndarray:
    return pc.fill_null(mask, null).to_numpy()


def _stripped(values: pd.Series) -> pd.Series:
    """Surrounding spaces removed; empty values become missing."""
    trimmed = pc.utf8_trim_whitespace(_arrow(values))
    cleaned = pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, trimmed.type), trimmed)
    return cleaned.to_pandas().set_axis(values.index)


def _name(value: str, option: str, example: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InputError(f"{option} needs a name, for example {option} {example}")
    return value


def _layout_mapping(
    raw: RawTable, path: Path, mapping: dict[str, str] | None, chosen: Layout | None
) -> tuple[dict[str, str], Layout | None, bool]:
    """The mapping to use: the given one, a layout's (with the given entries over it), or a detected layout's."""
    if chosen is None and mapping is not None:
        return mapping, None, False
    if chosen is None:
        found = detect_layout(raw.columns)
        if found is None:
            raise InputError(no_layout_message(path, raw.columns))
        chosen, fitted = found
        return fitted, chosen, True
    fitted, missing = chosen.fit(raw.columns)
    overrides = mapping or {}
    # a named layout needs its required keys; its detect headers only serve to recognise it
    missing = [(key, headers) for key, headers in missing if key is not None and key not in overrides]
    if missing:
        raise InputError(
            f"{path} does not fit the layout {chosen.name!r} ({chosen.title}): it has no column "
            f"{describe_missing(missing)}. Its columns are: {', '.join(map(repr, raw.columns))}. Name the "
            "column that holds it with --map KEY=COLUMN, or choose another --layout."
        )
    combined = check_mapping({**fitted, **overrides}, f"--layout {chosen.name} with --map")
    return combined, chosen, False


def _check_columns(raw: RawTable, mapping: dict[str, str], path: Path) -> None:
    existing = raw.columns
    missing = [(key, column) for key, column in mapping.items() if column not in existing]
    if not missing:
        return
    described = []
    for key, column in missing:
        close = difflib.get_close_matches(column, existing, n=1, cutoff=0.6) or [
            c for c in existing if c.casefold() == column.casefold()
        ]
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        described.append(f"{key}={column!r}{hint}")
    where = f" (sheet {raw.sheet!r})" if raw.sheet else ""
    raise InputError(
        f"{path}{where} has no column {', '.join(described)}. Its columns are: "
        f"{', '.join(repr(c) for c in existing)}. Fix --map or --map-file."
    )


def _strict_message(path: Path, rejects: pd.DataFrame) -> str:
    lines = [
        f"row {r.row}, {r.field}: {_short(r.value)} — {r.reason}"
        for r in rejects.head(STRICT_LISTED_PROBLEMS).itertuples()
    ]
    rows = rejects["row"].nunique()
    return (
        f"{path}: {len(rejects):,} problems in {rows:,} rows, so --strict refused the file and nothing was "
        f"written. The first {len(lines)}:\n  " + "\n  ".join(lines)
        + "\nFix the file, or import without --strict to skip those rows and list them in a rejected-rows "
        "CSV."
    )


def _short(value: Any) -> str:
    text = "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)
    return repr(text if len(text) <= 60 else text[:60] + "…")
