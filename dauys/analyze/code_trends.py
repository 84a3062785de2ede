"""Code trends: the share of documents coded with given codes, per week or month, with confidence intervals.

Codes come from the project's ``codes`` table, whoever assigned them: a codebook (``dauys code
apply-codebook``, coder ``codebook:NAME``), hand coders (``dauys code import-coded``, coder = the
person's name) or a model. Each *series* is a code or a union of codes (``land+courts``: documents with
either). The denominator of a period is its selected dated documents; for a hand coder, only the
documents that coder coded (the sheets say which), so a partly coded corpus gives honest shares.
Shares and Wilson 95 % intervals come from :func:`dauys.analyze.trends.shares_over_time`, periods from
the same helpers as term trends (ISO weeks, months, in the project's time zone), every period from
the first to the last dated document listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from dauys.analyze.base import Analysis, param
from dauys.analyze.hand_coding import CODED
from dauys.analyze.terms import GROUP_FIELDS, META_GROUP, group_expression
from dauys.analyze.trends import PERIODS, TRENDS_COLUMNS, complete_periods, period_sql, shares_over_time
from dauys.errors import InputError
from dauys.progress import SILENT, Progress
from dauys.store.filters import DocumentFilter

if TYPE_CHECKING:
    from dauys.project import Project


def code_series(text: str, known: list[str]) -> dict[str, list[str]]:
    """The series of a ``--codes`` text (``land,courts+justice``), or every known code when it is empty.

    A code the coder never assigned is refused with the codes that exist, so a typo does not pass for a
    series that is always zero.
    """
    if not text.strip():
        return {code: [code] for code in known}
    series: dict[str, list[str]] = {}
    for item in text.split(","):
        codes = [c.strip() for c in item.split("+") if c.strip()]
        if not codes:
            continue
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise InputError(f"--codes: {', '.join(map(repr, unknown))} was never assigned here; the codes are: "
                             f"{', '.join(known)}")
        series["+".join(codes)] = codes
    if not series:
        raise InputError("--codes: give code names, comma-separated ('+' joins codes into one series)")
    return series


@dataclass(frozen=True)
class CodeTrendsParams:
    codes: str = param("", "The codes to follow, comma-separated, each its own series; a+b makes one series of "
                           "either code; empty: every code the coder assigned.")
    coder: str = param("", "Whose codes: codebook:NAME (from apply-codebook), a hand coder's name, or model:NAME; "
                           "empty: the only coder there is.")
    period: str = param("month", "Weeks (ISO, Monday first) or months, in the project's time zone.",
                        choices=PERIODS)
    by: str = param("all", "Split each series by this field; each group's share has its own denominator.",
                    choices=GROUP_FIELDS, pattern=META_GROUP, pattern_label="meta.FIELD")


class CodeTrends(Analysis):
    """The share of documents coded with each series of codes, per week or month.

    Result columns are those of :class:`dauys.analyze.trends.Trends`: ``series`` (a code, or codes joined
    with ``+``), ``group``, ``period``, ``start``, ``hits`` (documents of the period coded with the
    series), ``total`` (the period's selected dated documents; for a hand coder, those the coder coded),
    ``share`` (0 to 1) and its Wilson 95 % interval ``ci_low``, ``ci_high``. ``attrs`` holds ``unit``
    (documents), ``period`` and ``coder``.
    """

    name = "code_trends"
    title = "Code trends"
    description = (
        "The share of documents coded with given codes (from a codebook, hand coders or a model) per week or month "
        "in the project's time zone, with counts, the denominator and Wilson 95% confidence intervals."
    )
    Params = CodeTrendsParams

    def result_title(self, params: CodeTrendsParams) -> str:
        title = f"Share of documents per {params.period} coded {params.codes.replace(',', ', ') or 'with each code'}"
        title += f" ({params.coder})" if params.coder else ""
        return title + ("" if params.by == "all" else f" by {params.by}")

    def run(
        self, project: Project, where: DocumentFilter, params: CodeTrendsParams, progress: Progress = SILENT
    ) -> pd.DataFrame:
        """The code trend table of the documents ``where`` selects (see the class for its columns)."""
        condition, where_values = where.sql("d")
        start, start_params = period_sql(params.period, project.tz)
        group, group_params, join = group_expression(params.by, project.tz)
        documents = (f"SELECT d.id AS doc_id, {start} AS start, {group} AS grp FROM documents d {join} "
                     f"WHERE {condition}")
        document_params = start_params + group_params + where_values
        with project.store.read() as con:
            coder = _coder(con, params.coder)
            known = [row[0] for row in con.execute(
                "SELECT DISTINCT code FROM codes WHERE coder = ? AND code <> ? ORDER BY code", [coder, CODED]
            ).fetchall()]
            series = code_series(params.codes, known)
            coded_only = con.execute("SELECT count(*) FROM codes WHERE coder = ? AND code = ?",
                                     [coder, CODED]).fetchall()[0][0] > 0
            scope = "AND g.doc_id IN (SELECT doc_id FROM codes WHERE coder = ? AND code = ?)" if coded_only else ""
            scope_params = [coder, CODED] if coded_only else []
            progress.stage(f"Counting {', '.join(series)} per {params.period}", None)
            selected, undated = con.execute(
                f"SELECT count(*), count(*) FILTER (WHERE g.start IS NULL) FROM ({documents}) g WHERE TRUE {scope}",
                document_params + scope_params,
            ).fetchall()[0]
            totals = con.execute(
                f"""SELECT g.start, g.grp AS "group", count(*) AS total FROM ({documents}) g
                    WHERE g.start IS NOT NULL {scope} GROUP BY ALL""",
                document_params + scope_params,
            ).df()
            pairs = [(label, code) for label, codes in series.items() for code in codes]
            values = ", ".join("(?, ?)" for _ in pairs)
            hits = con.execute(
                f"""SELECT s.series, g.start, g.grp AS "group", count(DISTINCT c.doc_id) AS hits
                    FROM codes c JOIN (VALUES {values}) s(series, code) ON s.code = c.code
                    JOIN ({documents}) g ON g.doc_id = c.doc_id
                    WHERE c.coder = ? AND g.start IS NOT NULL {scope} GROUP BY ALL""",
                [v for pair in pairs for v in pair] + document_params + [coder] + scope_params,
            ).df()
        if totals.empty:
            raise InputError(
                f"None of the {selected:,} selected documents coded by {coder} has a date, so there are no weeks or "
                "months to count; import the documents with their dates (--map created_at=COLUMN)."
            )
        table = complete_periods(totals, hits, series, params.period)
        found = set(hits["series"])
        self.resources_ = {"coder": coder}
        self.counts_ = {
            "documents": int(selected),
            "undated": int(undated),
            "periods": int(table["period"].nunique()),
            "series_without_hits": [s for s in series if s not in found],
        }
        table = shares_over_time(table)[list(TRENDS_COLUMNS)]
        table.attrs.update(unit="documents", period=params.period, coder=coder)
        return table


def _coder(con, wanted: str) -> str:
    """The coder asked for, or the only one there is; InputError listing the coders otherwise."""
    coders = [row[0] for row in con.execute("SELECT DISTINCT coder FROM codes ORDER BY coder").fetchall()]
    if not coders:
        raise InputError("The project holds no codes yet: code documents with `dauys code apply-codebook FILE` or "
                         "import coders' sheets with `dauys code import-coded`.")
    if wanted:
        if wanted not in coders:
            raise InputError(f"--coder {wanted!r}: no codes from that coder; the coders are: {', '.join(coders)}")
        return wanted
    if len(coders) > 1:
        raise InputError(f"Several coders coded these documents; say whose codes with --coder: {', '.join(coders)}")
    return coders[0]
