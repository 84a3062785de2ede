"""Writing validated records into the store: the one path every importer and collector takes.

An importer turns its input into a *staged frame* (one row per accepted record, columns below) and
calls :func:`write_documents`. The writer pseudonymises authors, computes natural keys, adds channels,
inserts only documents the store does not hold yet, adds a metric snapshot where metrics are new or
changed, links replies to their parents, and records the source and the run, all in one transaction.

Staged frame columns (all optional except ``row`` and ``text``):

``row``                 the record's row number in the input, for messages
``external_id``         the platform's id of the post/comment
``parent_external_id``  the external id of the parent post or comment
``channel``             channel handle or name
``author``              the author's name or id as the platform gives it (pseudonymised here)
``created_at``          timezone-aware UTC timestamp
``created_offset_min``  the UTC offset, in minutes, that the original timestamp was written in
``lang``, ``title``, ``text``, ``url``
``meta``                JSON text of the unmapped fields
``metric.NAME``         numeric metric values (views, likes, ...)

Account columns (optional; one ``accounts`` row per platform and pseudonymised author is kept up to date
from every batch that has authors, whether or not it has these):

``author.created_at``       when the author's account was created (a timezone-aware timestamp, or text
                            read as :func:`dauys.ingest.dates.parse_timestamps` reads dates)
``author.default_profile``  true when the account has no avatar or description of its own (bool, or
                            text yes/no, true/false, 1/0, да/нет, иә/жоқ)
``author.followers``        the account's followers or subscribers (a number)
``author.handle``           the account's handle, when ``author`` holds a display name
``author.name``             the display name, when ``author`` holds an account id (``user5678``, ``UC…``)

Names and handles are read only for their patterns (:func:`name_features`: length, digits, script, ...),
before pseudonymisation, and are never stored. Within a batch the last value given for an author wins;
in the store the latest observation (``observed_at``) wins, and a value an import lacks (a creation date,
say) is kept from earlier ones.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dauys.privacy import pseudonymise
from dauys.provenance import Run, to_json

DOCUMENT_FIELDS = (
    "external_id", "parent_external_id", "channel", "author", "created_at", "created_offset_min",
    "lang", "title", "text", "url", "meta",
)
METRIC_PREFIX = "metric."
ACCOUNT_COLUMNS = ("author.created_at", "author.default_profile", "author.followers", "author.handle", "author.name")
"""The staged frame's account columns (the same names as the map keys of :mod:`dauys.ingest.mapping`)."""
NAME_FEATURES = (
    "length", "digits", "trailing_digits", "digit_share", "name_digits", "random_looking", "default_handle",
    "script", "emoji",
)
"""The keys of each part (``name``, ``handle``) of an account's ``name_features`` JSON."""
NAME_DIGITS_MIN = 5
"""Trailing digits that make a name+digits pattern (aigerim84729301); four would catch birth years."""
CONSONANT_RUN = 5
"""Consonants in a row that make a name look random (xkqzvbtr, бкрщтв)."""
_TRUE = frozenset({"true", "yes", "y", "1", "t", "да", "иә", "ия", "default", "иа"})
_FALSE = frozenset({"false", "no", "n", "0", "f", "нет", "жоқ", "custom"})
# an author column holding a platform id: its "name" patterns would be the id's, so they are not read
_ID_LIKE = r"^(?:(?:user|channel|chat|group)\d+|UC[\w-]{22}|\d+|-?100\d+)$"
_CONSONANTS = "bcdfghjklmnpqrstvwxzбвгджзйклмнпрстфхцчшщғқңһ"
_EMOJI = r"[\x{1F000}-\x{1FAFF}\x{2600}-\x{27BF}\x{1F1E6}-\x{1F1FF}]"
REJECT_COLUMNS = ("row", "field", "value", "reason")
WRITE_MEMORY_LIMIT = "512MB"  # DuckDB's working memory while merging a batch; it spills to disk beyond this


@dataclass
class SourceInfo:
    """Where a batch came from, for the ``sources`` table."""

    kind: str
    location: str
    params: dict[str, Any]
    file_hash: str | None = None
    collected_at: datetime = field(default_factory=lambda: datetime.now(UTC))


@dataclass
class ImportResult:
    """What an import did. ``rejects_path`` is the CSV of rejected rows (None when there were none)."""

    source_id: int
    run_id: int
    read: int
    imported: int
    duplicates: int
    rejected: int
    metric_snapshots: int
    rejects_path: Path | None = None
    accounts: int = 0
    """Distinct authors of the batch, each an ``accounts`` row added or brought up to date."""
    new_accounts: int = 0

    def counts(self) -> dict[str, int]:
        return {
            "read": self.read, "imported": self.imported, "duplicates": self.duplicates,
            "rejected": self.rejected, "metric_snapshots": self.metric_snapshots,
        }


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def duplicate_id_rejects(staged: pd.DataFrame) -> pd.DataFrame:
    """Rows whose external id already appeared earlier in the same input (the first one is kept)."""
    if "external_id" not in staged or staged["external_id"].isna().all():
        return empty_rejects()
    ids = staged["external_id"]
    dup = ids.notna() & ids.duplicated(keep="first")
    if not dup.any():
        return empty_rejects()
    first_row = staged.loc[ids.notna() & ~ids.duplicated(keep="first")].set_index("external_id")["row"]
    dups = staged.loc[dup, ["row", "external_id"]]
    return pd.DataFrame(
        {
            "row": dups["row"].to_numpy(),
            "field": "external_id",
            "value": dups["external_id"].to_numpy(),
            "reason": [f"duplicate id inside the file (first at row {first_row[v]})" for v in dups["external_id"]],
        }
    )


def empty_rejects() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in REJECT_COLUMNS})


def write_rejects(folder: Path, stem: str, rejects: pd.DataFrame) -> Path | None:
    """Write rejected rows as CSV (UTF-8 with BOM so Excel shows Kazakh and Russian) and return its path."""
    if rejects.empty:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = folder / f"{stem}-{stamp}-rejected.csv"
    table = rejects.loc[:, list(REJECT_COLUMNS)].sort_values("row", kind="stable").copy()
    table["value"] = table["value"].map(lambda v: v if not isinstance(v, str) or len(v) <= 300 else v[:300] + "…")
    table.to_csv(path, index=False, encoding="utf-8-sig", quoting=csv.QUOTE_MINIMAL)
    return path


def _prepare(
    staged: pd.DataFrame, platform: str, keep_authors: bool
) -> tuple[pd.DataFrame, list[str], pd.DataFrame | None]:
    frame = pd.DataFrame(index=staged.index)
    for name in DOCUMENT_FIELDS:
        frame[name] = staged[name] if name in staged else None
    for name in ("external_id", "parent_external_id", "channel", "author", "lang", "title", "url", "meta"):
        if name not in staged:
            frame[name] = pd.Series(pd.NA, index=staged.index, dtype="string")
        elif not isinstance(frame[name].dtype, pd.StringDtype):  # str to string would copy every value
            frame[name] = frame[name].astype("string")
    frame["text"] = staged["text"] if isinstance(staged["text"].dtype, pd.StringDtype) else staged["text"].astype(
        "string"
    )
    frame["created_offset_min"] = pd.array(frame["created_offset_min"], dtype="Int32")
    if frame["created_at"].isna().all():
        frame["created_at"] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[us, UTC]")

    authors = frame["author"].dropna()
    accounts = None
    if len(authors):
        codes, distinct = pd.factorize(frame["author"])
        keys = pseudonymise(distinct, platform)
        hashed = pd.array([keys[a] for a in distinct], dtype="string")
        frame["hash_author"] = hashed.take(codes, allow_fill=True)  # code -1 (no author) gives NA
        frame["author_key"] = frame["author"] if keep_authors else frame["hash_author"]
        accounts = _account_rows(staged, codes, distinct, pd.Series(distinct if keep_authors else hashed))
    else:
        frame["hash_author"] = pd.array([None] * len(frame), dtype="string")
        frame["author_key"] = frame["hash_author"]
    frame = frame.drop(columns=["author"])

    metric_names = [c[len(METRIC_PREFIX):] for c in staged.columns if c.startswith(METRIC_PREFIX)]
    for i, name in enumerate(metric_names):
        frame[f"m{i}"] = pd.to_numeric(staged[METRIC_PREFIX + name], errors="coerce").astype("float64")
    return frame.reset_index(drop=True), metric_names, accounts


# --- accounts ------------------------------------------------------------------------------------
def name_features(names: pd.Series | list) -> pd.Series:
    """The patterns of each name or handle as a JSON object (None for a missing or empty one).

    Keys: ``length`` (characters, a leading ``@`` left out), ``digits``, ``trailing_digits`` (digits at
    the end), ``digit_share`` (digits / length, 3 decimals), ``name_digits`` (letters followed by
    :data:`NAME_DIGITS_MIN` or more digits, as in ``aigerim84729301``, the default handles some platforms
    give), ``random_looking`` (:data:`CONSONANT_RUN` or more consonants in a row, as in ``xkqzvbtr``, or
    letters and digits alternating four or more times, as in ``a8f3k2j9``), ``default_handle`` (``user…``,
    ``id…``, ``пользователь…`` followed by digits or random characters, as platforms make them),
    ``script`` (``cyrillic``, ``latin``, ``mixed`` or ``none``: letters of either alphabet) and ``emoji``
    (how many). Computed on whole columns with Arrow; the name itself is never part of the result.
    """
    values = pa.array(pd.Series(names, dtype="string").str.strip().str.lstrip("@"), pa.large_string())
    values = pc.if_else(pc.equal(values, ""), pa.scalar(None, pa.large_string()), values)
    length = pc.utf8_length(values)
    digits = pc.count_substring_regex(values, r"\d")
    trailing = pc.utf8_length(pc.struct_field(pc.extract_regex(values, r"(?P<t>\d*)$"), "t"))
    share = pc.round(pc.divide(pc.cast(digits, pa.float64()), pc.cast(pc.max_element_wise(length, 1), pa.float64())), 3)
    lowered = pc.utf8_lower(values)
    name_digits = pc.match_substring_regex(values, rf"^\pL[\pL ._-]*\pL[._-]?\d{{{NAME_DIGITS_MIN},}}$")
    runs = pc.match_substring_regex(lowered, rf"[{_CONSONANTS}]{{{CONSONANT_RUN},}}")
    alternating = pc.match_substring_regex(lowered, r"(?:\pL+\d+){4,}|(?:\d+\pL+){4,}")
    random_looking = pc.or_(runs, alternating)
    default = pc.match_substring_regex(lowered, r"^(?:user|usr|id|guest|пользователь)[-_ ]?[0-9a-z]*\d[0-9a-z]*$")
    cyrillic = pc.match_substring_regex(values, r"\p{Cyrillic}")
    latin = pc.match_substring_regex(values, r"[A-Za-z]")
    script = pc.if_else(pc.and_(cyrillic, latin), "mixed", pc.if_else(cyrillic, "cyrillic",
                                                                         pc.if_else(latin, "latin", "none")))
    emoji = pc.count_substring_regex(values, _EMOJI)

    def text(array: pa.Array) -> pa.Array:
        return pc.cast(array, pa.large_string())

    def flag(array: pa.Array) -> pa.Array:
        return pc.if_else(array, "true", "false")

    parts = [
        '{"length": ', text(length), ', "digits": ', text(digits), ', "trailing_digits": ', text(trailing),
        ', "digit_share": ', text(share), ', "name_digits": ', flag(name_digits),
        ', "random_looking": ', flag(random_looking), ', "default_handle": ', flag(default),
        ', "script": "', script, '", "emoji": ', text(emoji), "}",
    ]
    parts = [pa.scalar(part, pa.large_string()) if isinstance(part, str) else text(part) for part in parts]
    joined = pc.binary_join_element_wise(*parts, pa.scalar("", pa.large_string()), null_handling="emit_null")
    return pd.Series(joined.to_pandas(), dtype="object").where(pd.notna(joined.to_pandas()), None)


def account_features(names: pd.Series, handles: pd.Series) -> pd.Series:
    """The ``name_features`` JSON of accounts: ``{"name": {...} or null, "handle": {...} or null}``."""
    name = name_features(names).fillna("null")
    handle = name_features(handles).fillna("null") if handles.notna().any() else "null"
    return ('{"name": ' + name + ', "handle": ' + handle + "}").set_axis(names.index)


def _account_rows(staged: pd.DataFrame, codes: np.ndarray, distinct: pd.Index, keys: pd.Series) -> pd.DataFrame:
    """One row per distinct author of the batch: its key, account fields (the last given) and name features."""
    present = [c for c in ACCOUNT_COLUMNS if c in staged]
    rows = pd.DataFrame({"author_key": pd.array(keys, dtype="string")})
    if present:
        fields = pd.DataFrame({c: staged[c].reset_index(drop=True) for c in present})
        fields["code"] = codes
        last = fields.loc[fields["code"] >= 0].groupby("code", sort=True).last()
        last = last.reindex(np.arange(len(distinct)))
    else:
        last = pd.DataFrame(index=np.arange(len(distinct)))
    names = pd.Series(distinct.astype(object), dtype="string")
    if "author.name" in last:
        given = pd.Series(last["author.name"].to_numpy(), dtype="string").str.strip().replace("", pd.NA)
        names = given.where(given.notna(), names.where(~names.str.fullmatch(_ID_LIKE, case=False), pd.NA))
    else:
        names = names.where(~names.str.fullmatch(_ID_LIKE, case=False), pd.NA)
    handles = pd.Series(last["author.handle"].to_numpy() if "author.handle" in last else pd.NA,
                        index=names.index, dtype="string")
    rows["name_features"] = account_features(names, handles).to_numpy()
    rows["created_at"] = _account_dates(last["author.created_at"]) if "author.created_at" in last else pd.Series(
        pd.NaT, index=rows.index, dtype="datetime64[us, UTC]")
    rows["default_profile"] = (_account_flags(last["author.default_profile"]) if "author.default_profile" in last
                               else pd.array([pd.NA] * len(rows), dtype="boolean"))
    rows["followers"] = _account_numbers(last["author.followers"]) if "author.followers" in last else np.full(
        len(rows), np.nan)
    return rows


def _account_dates(values: pd.Series) -> pd.Series:
    values = values.reset_index(drop=True)
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return values.dt.tz_convert("UTC").astype("datetime64[us, UTC]")
    from dauys.ingest.dates import parse_timestamps

    strings = values.astype("object").where(values.notna(), None)
    parsed = parse_timestamps(pd.Series(strings, dtype="object").map(lambda v: v if v is None else str(v)))
    return parsed.utc.astype("datetime64[us, UTC]").reset_index(drop=True)


def _account_numbers(values: pd.Series) -> np.ndarray:
    """Numbers, also from text with spaces as thousands separators (``12 400``); NaN where not a number."""
    if not pd.api.types.is_numeric_dtype(values.dtype):
        values = values.astype("string").str.replace(r"[\s\u00a0\u202f]", "", regex=True)
    return pd.to_numeric(values, errors="coerce").astype("float64").to_numpy()


def _account_flags(values: pd.Series) -> pd.array:
    def one(value):
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return pd.NA
        if isinstance(value, bool | np.bool_):
            return bool(value)
        word = str(value).strip().lower()
        return True if word in _TRUE else False if word in _FALSE else pd.NA

    return pd.array([one(v) for v in values.to_numpy(dtype=object)], dtype="boolean")


def _write_accounts(con, accounts: pd.DataFrame, platform: str, source_id: int, observed_at) -> int:
    """Upsert the batch's accounts: the latest observation wins, values it lacks are kept from earlier ones."""
    con.register("staged_accounts", pa.Table.from_pandas(accounts, preserve_index=False))
    newer = "accounts.observed_at <= ?"
    merged = ", ".join(
        f"{c} = CASE WHEN {newer} THEN coalesce(s.{c}, accounts.{c}) ELSE coalesce(accounts.{c}, s.{c}) END"
        for c in ("created_at", "default_profile", "followers", "name_features")
    )
    con.execute(
        f"""UPDATE accounts SET {merged},
                   source_id = CASE WHEN {newer} THEN ? ELSE accounts.source_id END,
                   observed_at = greatest(accounts.observed_at, ?)
            FROM staged_accounts s WHERE accounts.platform = ? AND accounts.author_key = s.author_key""",
        [observed_at] * 5 + [source_id, observed_at, platform],
    )
    added = con.execute(
        """INSERT INTO accounts (platform, author_key, source_id, observed_at, created_at, default_profile,
                                 followers, name_features)
           SELECT ?, s.author_key, ?, ?, s.created_at, s.default_profile, s.followers, s.name_features
           FROM staged_accounts s
           WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.platform = ? AND a.author_key = s.author_key)""",
        [platform, source_id, observed_at, platform],
    ).fetchone()[0]
    con.unregister("staged_accounts")
    return int(added)


def write_documents(
    project,
    run: Run,
    source: SourceInfo,
    staged: pd.DataFrame,
    *,
    corpus: str,
    platform: str,
    keep_authors: bool = False,
    read: int | None = None,
    rejected: int = 0,
    observed_at: datetime | None = None,
    con=None,
) -> ImportResult:
    """Merge a staged frame into the store in one transaction and record the source and the run.

    ``con``: an open connection of ``project.store.write()`` to write in instead of a transaction of its own,
    so that the caller's own rows (Telegram's channel titles) commit together with the documents, or not at all.
    """
    frame, metric_names, accounts = _prepare(staged, platform, keep_authors)
    observed_at = observed_at or source.collected_at
    read = len(frame) + rejected if read is None else read
    merge = dict(corpus=corpus, platform=platform, keep_authors=keep_authors, read=read, rejected=rejected,
                 observed_at=observed_at)
    if con is not None:
        return _merge(con, run, source, frame, metric_names, accounts, **merge)
    with project.store.write() as own:
        return _merge(own, run, source, frame, metric_names, accounts, **merge)


def _merge(con, run: Run, source: SourceInfo, frame: pd.DataFrame, metric_names: list[str],
           accounts: pd.DataFrame | None, *, corpus: str, platform: str, keep_authors: bool, read: int,
           rejected: int, observed_at) -> ImportResult:
    """The body of :func:`write_documents`, on an open write connection."""
    # Arrow scans faster than a pandas frame; ``pos`` keeps the input order without a window over all rows
    table = pa.Table.from_pandas(frame, preserve_index=False).append_column(
        "pos", pa.array(np.arange(len(frame), dtype=np.int64))
    )
    metric_columns = "".join(f", m{i}" for i in range(len(metric_names)))
    # DuckDB would otherwise keep every block it writes cached, up to 80% of the machine's memory
    con.execute(f"SET memory_limit = '{WRITE_MEMORY_LIMIT}'")
    con.register("staged_frame", table)
    # the narrow part of each first record per natural key (no text): keys, channel, metrics
    con.execute(
        f"""CREATE TEMP TABLE staged_unique AS
           SELECT pos, natural_key, channel{metric_columns} FROM (
               SELECT pos, channel{metric_columns},
                      coalesce(external_id, 'h:' || left(sha256(concat_ws(chr(31), text,
                               coalesce(hash_author, ''), coalesce(channel, ''),
                               coalesce(CAST(epoch_us(created_at) AS VARCHAR), ''))), 32)) AS natural_key
               FROM staged_frame)
           QUALIFY row_number() OVER (PARTITION BY natural_key ORDER BY pos) = 1"""
    )
    run_id = run.record(con, n_in=read, n_out=None)
    source_id = con.execute(
        "INSERT INTO sources (run_id, kind, corpus, location, file_hash, params, collected_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [run_id, source.kind, corpus, source.location, source.file_hash,
         to_json({**source.params, "keep_authors": keep_authors}), source.collected_at],
    ).fetchone()[0]
    con.execute(
        """INSERT INTO channels (platform, handle, first_source_id)
           SELECT DISTINCT ?, s.channel, ? FROM staged_unique s
           WHERE s.channel IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM channels c WHERE c.platform = ? AND c.handle = s.channel)""",
        [platform, source_id, platform],
    )
    # ids are drawn here, on narrow rows in input order, so the wide insert below needs no sort
    con.execute(
        """CREATE TEMP TABLE new_documents AS
           SELECT nextval('document_id_seq') AS id, k.* FROM (
               SELECT s.pos, s.natural_key, c.id AS channel_id FROM staged_unique s
               LEFT JOIN channels c ON c.platform = ? AND c.handle = s.channel
               WHERE NOT EXISTS (SELECT 1 FROM documents d
                                 WHERE d.platform = ? AND d.natural_key = s.natural_key)
               ORDER BY s.pos) k""",
        [platform, platform],
    )
    imported = con.execute(
        """INSERT INTO documents (id, corpus, source_id, platform, external_id, natural_key,
                                  parent_external_id, channel_id, author_key, created_at, created_offset_min,
                                  lang, title, text, url, meta)
           SELECT n.id, ?, ?, ?, s.external_id, n.natural_key, s.parent_external_id, n.channel_id,
                  s.author_key, s.created_at, s.created_offset_min, s.lang, s.title, s.text, s.url, s.meta
           FROM staged_frame s JOIN new_documents n ON n.pos = s.pos""",
        [corpus, source_id, platform],
    ).fetchone()[0]
    con.unregister("staged_frame")
    duplicates = len(frame) - imported

    snapshots = 0
    if metric_names:
        snapshots = _write_metric_snapshots(con, metric_names, platform, source_id, observed_at)
    con.execute(
        """UPDATE documents SET parent_id = p.id FROM documents p
           WHERE documents.platform = ? AND documents.parent_id IS NULL
             AND documents.parent_external_id IS NOT NULL
             AND p.platform = documents.platform AND p.external_id = documents.parent_external_id""",
        [platform],
    )
    con.execute("DROP TABLE staged_unique")
    con.execute("DROP TABLE new_documents")
    new_accounts = 0
    if accounts is not None and len(accounts):
        new_accounts = _write_accounts(con, accounts, platform, source_id, observed_at)
    result = ImportResult(source_id, run_id, read, imported, duplicates, rejected, snapshots)
    run.counts.update(result.counts())
    result.accounts, result.new_accounts = (len(accounts), new_accounts) if accounts is not None else (0, 0)
    con.execute(
        "UPDATE runs SET n_out = ?, counts = ? WHERE id = ?", [imported, to_json(run.counts), run_id]
    )
    return result


def _write_metric_snapshots(con, metric_names: list[str], platform: str, source_id: int, observed_at) -> int:
    """Add a snapshot for every staged document whose metrics are new or differ from its latest snapshot."""
    columns = ", ".join(f"m{i}" for i in range(len(metric_names)))
    names = ", ".join(f"m{i} AS '{name}'" for i, name in enumerate(metric_names))
    # documents added just now have no snapshot yet; only those the store already held need comparing
    con.execute(
        f"""CREATE TEMP TABLE staged_metrics AS
            SELECT k.document_id, k.is_new, u.metric, u.value
            FROM (UNPIVOT (SELECT pos, {columns} FROM staged_unique)
                  ON {names} INTO NAME metric VALUE value) u
            JOIN (SELECT pos, id AS document_id, true AS is_new FROM new_documents
                  UNION ALL
                  SELECT s.pos, d.id, false FROM staged_unique s
                  JOIN documents d ON d.platform = ? AND d.natural_key = s.natural_key
                  WHERE s.pos NOT IN (SELECT pos FROM new_documents)) k ON k.pos = u.pos
            WHERE u.value IS NOT NULL""",
        [platform],
    )
    con.execute(
        """CREATE TEMP TABLE changed AS
           SELECT DISTINCT document_id FROM staged_metrics WHERE is_new
           UNION
           SELECT DISTINCT s.document_id FROM staged_metrics s
           LEFT JOIN (SELECT document_id, metric, value FROM document_metrics
                      WHERE document_id IN (SELECT document_id FROM staged_metrics WHERE NOT is_new)
                      QUALIFY row_number() OVER (PARTITION BY document_id, metric ORDER BY observed_at DESC) = 1
                     ) latest ON latest.document_id = s.document_id AND latest.metric = s.metric
           WHERE NOT s.is_new AND (latest.value IS NULL OR latest.value <> s.value)"""
    )
    con.execute(
        """INSERT INTO document_metrics (document_id, source_id, observed_at, metric, value)
           SELECT s.document_id, ?, ?, s.metric, s.value FROM staged_metrics s
           WHERE s.document_id IN (SELECT document_id FROM changed)""",
        [source_id, observed_at],
    )
    snapshots = con.execute("SELECT count(*) FROM changed").fetchone()[0]
    con.execute("DROP TABLE staged_metrics")
    con.execute("DROP TABLE changed")
    return snapshots
