"""Trends: the share of documents (or of counted terms) that match given terms, per week or month.

Each *series* is one term or a union of terms (``тариф+баға``: documents holding either). For each
series, period (and group, with ``by``) the table gives the hits, the denominator and the share with a
Wilson 95 % confidence interval (``statsmodels`` ``proportion_confint``, ``method="wilson"``), which
stays inside 0–1 and is sensible for small counts and shares near 0 or 1.

Periods are taken in the project's time zone (Asia/Almaty by default, with its historical offsets):
weeks are ISO weeks, Monday to Sunday, labelled ``2022-W01`` (their Monday is ``start``); months are
labelled ``2022-01``. Every period from the first to the last dated selected document is listed, so a
week with no documents shows ``0 / 0`` and a missing share instead of disappearing from the chart.
Documents without a date are left out (counted as ``undated``).

:func:`shares_over_time` is the share and interval computation on its own, for any per-period counts
(codes, topics): give it a frame with ``period``, ``series``, ``hits`` and ``total``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
from statsmodels.stats.proportion import proportion_confint

from dauys.analyze.base import Analysis, param
from dauys.analyze.terms import (
    GROUP_FIELDS,
    META_GROUP,
    NO_VALUE,
    TERM_KINDS,
    TermOptions,
    TermParams,
    TermSelection,
    group_expression,
    require_tokens,
    term_occurrences_sql,
)
from dauys.errors import InputError
from dauys.progress import SILENT, Progress
from dauys.store.filters import DocumentFilter
from dauys.text.stopwords import LANGUAGES as STOPWORD_LANGUAGES
from dauys.text.stopwords import load_stopwords

if TYPE_CHECKING:
    from dauys.project import Project

__all__ = ["PERIODS", "TRENDS_COLUMNS", "Trends", "complete_periods", "period_label", "period_sql",
           "period_starts", "shares_over_time"]

PERIODS = ("week", "month")
UNITS = ("documents", "terms")
TRENDS_COLUMNS = ("series", "group", "period", "start", "hits", "total", "share", "ci_low", "ci_high")
_SERIES_VIEW = "dauys_trend_terms"
_EXAMPLE = "--terms 'тариф,жер+land'"


# --- periods ---------------------------------------------------------------------------------------
def period_sql(period: str, tz: str, alias: str = "d") -> tuple[str, list[str]]:
    """SQL for the first day (a DATE) of the week (ISO, Monday) or month of ``{alias}.created_at`` in ``tz``.

    Returns the expression and its parameters; NULL for a document without a date.
    """
    if period not in PERIODS:
        raise InputError(f"--period {period!r}: expected one of {', '.join(PERIODS)}")
    return f"CAST(date_trunc('{period}', timezone(?, {alias}.created_at)) AS DATE)", [tz]


def period_starts(first: date, last: date, period: str) -> list[date]:
    """The first day of every week (Monday) or month from the one holding ``first`` to the one holding ``last``."""
    if period not in PERIODS:
        raise InputError(f"--period {period!r}: expected one of {', '.join(PERIODS)}")
    start = pd.Timestamp(first)
    start = start - pd.Timedelta(days=start.weekday()) if period == "week" else start.replace(day=1)
    starts = pd.date_range(start, pd.Timestamp(last), freq="W-MON" if period == "week" else "MS")
    return [s.date() for s in starts]


def period_label(start: date, period: str) -> str:
    """``2022-W01`` for the ISO week that starts on ``start`` (a Monday); ``2022-01`` for a month."""
    if period == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{start.year}-{start.month:02d}"


# --- shares ----------------------------------------------------------------------------------------
def shares_over_time(frame: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """Add ``share``, ``ci_low`` and ``ci_high`` (Wilson interval) to per-period counts.

    Parameters
    ----------
    frame
        One row per series and period (other columns, such as ``group`` or ``start``, are kept):
        ``period``, ``series``, ``hits`` (documents, terms or codings that match) and ``total`` (the
        denominator: all documents, terms or codings of the period), whole numbers with
        ``0 <= hits <= total``.
    confidence
        Of the interval, between 0 and 1 (0.95: a 95 % interval).

    Returns
    -------
    pandas.DataFrame
        ``frame`` with ``share = hits / total`` and the Wilson interval's bounds, all as proportions
        (0 to 1); missing (NaN) where ``total`` is 0.
    """
    missing = [c for c in ("period", "series", "hits", "total") if c not in frame.columns]
    if missing:
        raise InputError(f"shares_over_time needs the columns period, series, hits and total; missing: "
                         f"{', '.join(missing)}")
    if not 0 < confidence < 1:
        raise InputError(f"confidence {confidence:g}: expected a number between 0 and 1, such as 0.95")
    hits = frame["hits"].to_numpy(dtype=np.float64)
    total = frame["total"].to_numpy(dtype=np.float64)
    if np.isnan(hits).any() or np.isnan(total).any() or (hits < 0).any() or (hits > total).any():
        raise InputError("shares_over_time: every row needs whole numbers with 0 <= hits <= total")
    out = frame.copy()
    share = np.full(len(out), np.nan)
    low = np.full(len(out), np.nan)
    high = np.full(len(out), np.nan)
    counted = total > 0
    if counted.any():
        share[counted] = hits[counted] / total[counted]
        low[counted], high[counted] = proportion_confint(hits[counted], total[counted], alpha=1 - confidence,
                                                         method="wilson")
    out["share"], out["ci_low"], out["ci_high"] = share, low, high
    return out


# --- the terms of the series ------------------------------------------------------------------------
def _normal(term: str) -> str:
    return " ".join(term.strip().lower().replace("ё", "е").split())


def trend_series(text: str, options: TermOptions, stopwords: frozenset[str] = frozenset()) -> dict[str, list[str]]:
    """The series of a ``--terms`` text: ``{label: [term, ...]}`` in the order given.

    Items are comma-separated; ``a+b`` is one series counting either term. Terms are lowercased with
    ``ё`` written ``е``, as the token table's terms are. A term that could never be counted with
    ``options`` (a stopword left out, a word shorter than ``min_length``, a phrase of another length
    than ``ngram``) is refused with a hint.
    """
    series: dict[str, list[str]] = {}
    for item in text.split(","):
        if not item.strip():
            continue
        terms = list(dict.fromkeys(t for t in (_normal(part) for part in item.split("+")) if t))
        if not terms:
            raise InputError(f"--terms {item.strip()!r}: a series needs at least one term, for example {_EXAMPLE}")
        for term in terms:
            _check_term(term, options, stopwords)
        label = "+".join(terms)
        if label in series:
            raise InputError(f"--terms: the series {label!r} is given twice")
        series[label] = terms
    if not series:
        raise InputError(f"--terms: give one or more terms (lemmas by default), comma-separated, for example "
                         f"{_EXAMPLE} ('+' joins terms into one series).")
    return series


def _check_term(term: str, options: TermOptions, stopwords: frozenset[str]) -> None:
    words = term.split(" ")
    if len(words) != options.ngram:
        raise InputError(
            f"--terms {term!r} has {len(words)} word(s) and the terms counted have {options.ngram} "
            f"(--ngram {options.ngram}); give --ngram {len(words)} or {options.ngram}-word terms."
        )
    kind = TERM_KINDS[options.kind]
    for word in {words[0], words[-1]}:  # only a phrase's ends must be countable on their own (see terms.py)
        letters = len(word) - (1 if kind in ("hashtag", "mention") else 0)
        if kind in ("word", "hashtag", "mention") and letters < options.min_length:
            raise InputError(f"--terms {term!r}: {word!r} is shorter than --min-length {options.min_length}; "
                             "give a lower --min-length.")
        if kind == "word" and word in stopwords:
            raise InputError(f"--terms {term!r}: {word!r} is a stopword, left out of the counts; add "
                             "--keep-stopwords to count it.")


# --- the analysis ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class TrendsParams(TermParams):
    terms: str = param("", "The terms to follow, comma-separated, each its own series; a+b makes one series "
                           "of either term. Lemmas by default (жер, not жерді).")
    unit: str = param("documents", "documents: the share of the period's documents holding the series' terms; "
                                   "terms: the share of the period's counted terms that are the series' terms.",
                      choices=UNITS)
    period: str = param("month", "Weeks (ISO, Monday first) or months, in the project's time zone.",
                        choices=PERIODS)
    by: str = param(
        "all",
        "Split each series by this field (corpus, platform, lang, channel, year, month or meta.FIELD); each "
        "group's share has its own denominator. all: no split.",
        choices=GROUP_FIELDS,
        pattern=META_GROUP,
        pattern_label="meta.FIELD",
    )


class Trends(Analysis):
    """The share of documents (or of terms) matching each series of terms, per week or month.

    Result columns (one row per series, group and period, every period from the first to the last
    dated document present):

    ``series``
        the term, or the terms of a union joined with ``+``.
    ``group``
        the group label with ``by`` (channel, outlet, ...); ``all`` without.
    ``period``
        ``2022-W01`` (ISO week) or ``2022-01`` (month), in the project's time zone.
    ``start``
        the first day of the period (a Monday for weeks).
    ``hits``
        documents of the period (and group) holding at least one of the series' terms; with
        ``unit=terms``, occurrences of the series' terms.
    ``total``
        the denominator: all selected dated documents of the period (and group), whether or not they
        hold a counted term; with ``unit=terms``, all counted terms (stopwords and short words left out).
    ``share``
        ``hits / total``, a proportion (0 to 1); missing when ``total`` is 0.
    ``ci_low``, ``ci_high``
        the Wilson 95 % confidence interval of the share. With ``unit=terms`` the interval treats every
        occurrence as independent, which words in one text are not: it is too narrow, and the documents
        unit is the one to test with.

    ``attrs`` holds ``unit`` and ``period``.
    """

    name = "trends"
    title = "Trends"
    description = (
        "The share of documents (or of terms) that mention given lemmas, per week or month in the project's time "
        "zone, with counts, the denominator and Wilson 95% confidence intervals; series may join terms (a+b) "
        "and be split by channel, corpus or a meta field; drawn as lines with confidence bands."
    )
    Params = TrendsParams
    needs_tokens = True

    def result_title(self, params: TrendsParams) -> str:
        unit = "documents" if params.unit == "documents" else TermOptions.of(params).describe()
        title = f"Share of {unit} per {params.period}: {params.terms.replace(',', ', ')}"
        return title + ("" if params.by == "all" else f" by {params.by}")

    def run(
        self, project: Project, where: DocumentFilter, params: TrendsParams, progress: Progress = SILENT
    ) -> pd.DataFrame:
        """The trend table of the documents ``where`` selects (see the class for its columns)."""
        options = TermOptions.of(params)
        stopwords = frozenset()
        if not options.keep_stopwords and options.kind == "words":
            stopwords = load_stopwords(STOPWORD_LANGUAGES, project=project).words
        series = trend_series(params.terms, options, stopwords)
        selected = require_tokens(project, where)
        progress.stage(f"Counting {', '.join(series)} per {params.period}", None)
        totals, hits, undated, selection = _period_counts(project, where, options, params, series)
        self.resources_ = dict(selection.resources)
        if totals.empty:
            raise InputError(
                f"None of the {selected:,} selected documents has a date, so there are no weeks or months to "
                "count; import the documents with their dates (--map created_at=COLUMN)."
            )
        table = complete_periods(totals, hits, series, params.period)
        found = set(hits["series"])
        self.counts_ = {
            "documents": selected,
            "undated": undated,
            "periods": int(table["period"].nunique()),
            "groups": int(table["group"].nunique()),
            "series_without_hits": [s for s in series if s not in found],
        }
        table = shares_over_time(table)[list(TRENDS_COLUMNS)]
        table.attrs.update(unit=params.unit, period=params.period)
        return table


def _period_counts(
    project: Project, where: DocumentFilter, options: TermOptions, params: TrendsParams, series: dict[str, list[str]]
) -> tuple[pd.DataFrame, pd.DataFrame, int, TermSelection]:
    """Denominators per period and group, hits per series, period and group, and the undated documents."""
    start, start_params = period_sql(params.period, project.tz)
    group, group_params, join = group_expression(params.by, project.tz)
    condition, where_values = where.sql("d")
    documents = (f"SELECT d.id AS doc_id, {start} AS start, {group} AS grp FROM documents d {join} "
                 f"WHERE {condition}")
    document_params = start_params + group_params + where_values
    pairs = [(label, term) for label, terms in series.items() for term in terms]
    wanted = pa.table({"series": pa.array([p[0] for p in pairs], pa.string()),
                       "term": pa.array([p[1] for p in pairs], pa.string())})
    with project.store.read() as con, term_occurrences_sql(project, con, where, options) as (sql, values, selection):
        con.register(_SERIES_VIEW, wanted)
        try:
            undated = con.execute(f"SELECT count(*) FROM ({documents}) g WHERE g.start IS NULL",
                                  document_params).fetchone()[0]
            if params.unit == "documents":
                totals = con.execute(
                    f"SELECT g.start, g.grp AS \"group\", count(*) AS total FROM ({documents}) g "
                    "WHERE g.start IS NOT NULL GROUP BY ALL",
                    document_params,
                ).df()
                hit = "count(DISTINCT o.doc_id)"
            else:
                # every dated document's period and group appear, with 0 when it has no counted term
                totals = con.execute(
                    f"""SELECT g.start, g.grp AS "group", count(o.doc_id) AS total FROM ({documents}) g
                        LEFT JOIN {sql} o ON o.doc_id = g.doc_id WHERE g.start IS NOT NULL GROUP BY ALL""",
                    document_params + values,
                ).df()
                hit = "count(*)"
            hits = con.execute(
                f"""SELECT s.series, g.start, g.grp AS "group", {hit} AS hits
                    FROM {sql} o JOIN {_SERIES_VIEW} s ON s.term = o.term
                    JOIN ({documents}) g ON g.doc_id = o.doc_id WHERE g.start IS NOT NULL GROUP BY ALL""",
                values + document_params,
            ).df()
        finally:
            con.unregister(_SERIES_VIEW)
    return totals, hits, int(undated), selection


def complete_periods(
    totals: pd.DataFrame, hits: pd.DataFrame, series: dict[str, list[str]], period: str
) -> pd.DataFrame:
    """Every series × group × period, with 0 hits (and 0 total) where nothing was counted.

    ``totals`` has ``start`` (a period's first day), ``group`` and ``total``; ``hits`` has ``series``,
    ``start``, ``group`` and ``hits``; ``series`` names the series in order. The result has those
    columns and ``period`` (its label), for :func:`shares_over_time`.
    """
    starts = period_starts(min(totals["start"]), max(totals["start"]), period)
    groups = sorted(totals["group"].astype(str).unique(), key=lambda g: (g == NO_VALUE, g))
    grid = pd.MultiIndex.from_product([list(series), groups, starts], names=["series", "group", "start"])
    frame = pd.DataFrame(index=grid).reset_index()
    frame["start"] = pd.to_datetime(frame["start"])
    for part in (totals, hits):
        part["start"] = pd.to_datetime(part["start"])
        part["group"] = part["group"].astype(str)
    frame = frame.merge(totals, on=["group", "start"], how="left")
    frame = frame.merge(hits, on=["series", "group", "start"], how="left")
    frame[["total", "hits"]] = frame[["total", "hits"]].fillna(0).astype("int64")
    frame["start"] = [s.date() for s in frame["start"]]  # a date, read back from Parquet as one (date32)
    frame["period"] = [period_label(s, period) for s in frame["start"]]
    return frame.astype({"series": "string", "group": "string", "period": "string"})
