"""The HTML report: one self-contained file with the data overview, every saved analysis and the methods.

The file opens with the network off: plotly.js is embedded once, inline, from the installed plotly
package; the styles are inline; fonts are named, never fetched; each result's full table is a CSV
download embedded in the page as a ``data:`` link. Next to it, in the project's ``exports/`` folder,
the report writes each result's table as CSV and its chart as PNG, and the monthly document counts,
so the researcher has the files a paper needs.

Illustrative sample data is labelled as such on the page. What counts as sample data:

- a source imported with ``"sample": "synthetic"`` in its parameters marks its corpus (and every
  result drawn on that corpus) as synthetic;
- ``sample_data = "synthetic"`` under ``[project]`` in ``dauys.toml`` marks the whole project (the
  demo project is made so);
- a saved result whose parameters hold ``"sample": "synthetic"`` is marked itself.

Making the report writes nothing to the store and no ledger entry: it changes no data.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from plotly.offline import get_plotlyjs

from dauys import __version__
from dauys.errors import InputError
from dauys.events.store import load_shutdowns
from dauys.project import Project, SavedResult
from dauys.report.charts import (
    chart_for,
    documents_by_language_chart,
    documents_per_month_chart,
    reader_table,
    reader_title,
)
from dauys.report.exports import (
    author_safe_table,
    csv_bytes,
    export_result_files,
    export_table,
    result_file_stem,
    result_table,
)
from dauys.report.i18n import LABELS, check_lang, format_number, has_label, language_name, t
from dauys.report.maps import OFFLINE_GEO_SCRIPT
from dauys.report.methods import (
    SAMPLE_MARK,
    analysis_label,
    describe_filter,
    format_value,
    methods_paragraphs,
    project_is_sample,
)
from dauys.report.png import monthly_bars_png
from dauys.report.shutdowns import shade_report_figure
from dauys.report.views import load_views

REPORT_ROWS = 20
TEMPLATES = Path(__file__).with_name("templates")
MONTHLY_STEM = "documents-per-month"


@dataclass(frozen=True)
class ReportFiles:
    """What :func:`write_report` wrote: the HTML file and the CSV/PNG files in ``exports/``."""

    html: Path
    exports: list[Path]


def build_report(project: Project, lang: str = "en", out: Path | None = None) -> Path:
    """Write the project's HTML report (default ``reports/report-<lang>.html``) and return its path.

    Also writes, in the project's ``exports/`` folder, ``<id>-<analysis>.csv`` and ``.png`` for every
    saved result and ``documents-per-month.csv``/``.png`` for the overview.
    """
    return write_report(project, lang, out).html


def write_report(project: Project, lang: str = "en", out: Path | None = None) -> ReportFiles:
    """Like :func:`build_report`, and also says which export files were written."""
    check_lang(lang)
    load_views()  # the charts and labels of every analysis
    out = Path(out) if out is not None else project.folder("reports") / f"report-{lang}.html"
    if out.suffix.lower() not in (".html", ".htm"):
        raise InputError(f"--out {out}: the report is an HTML file; give a name ending in .html.")
    sample = SampleMarks.of(project)
    exports: list[Path] = []
    overview = _overview(project, lang, sample, exports)
    shutdowns = load_shutdowns(project)  # shaded on every time chart, read once for the whole report
    results = [_result_section(project, result, lang, sample, exports, shutdowns) for result in project.results()]
    html = _environment().get_template("report.html.j2").render(
        lang=lang,
        L=LABELS[lang],
        project=project,
        generated=datetime.now(ZoneInfo(project.tz)).strftime("%Y-%m-%d %H:%M"),
        version=__version__,
        plotly_js=Markup(get_plotlyjs()),
        geo_assets=Markup(OFFLINE_GEO_SCRIPT),
        overview=overview,
        results=results,
        methods=methods_paragraphs(project, lang),
        sample_project=sample.project,
        exports=[p.name for p in exports],
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return ReportFiles(out, exports)


@dataclass(frozen=True)
class SampleMarks:
    """Which parts of a project are illustrative sample data (see the module's description)."""

    project: bool
    corpora: frozenset[str]

    @classmethod
    def of(cls, project: Project) -> SampleMarks:
        with project.store.read() as con:
            rows = con.execute("SELECT corpus, params FROM sources").fetchall()
        marked = {c for c, params in rows if c and json.loads(params).get("sample") == SAMPLE_MARK}
        return cls(project_is_sample(project), frozenset(marked))

    def corpus(self, name: str) -> bool:
        return self.project or name in self.corpora

    def result(self, result: SavedResult) -> bool:
        """Marked itself, or drawn on a sample corpus (every corpus, when its filter names none)."""
        if self.project or result.params.get("sample") == SAMPLE_MARK:
            return True
        selected = (result.params.get("filter") or {}).get("corpus")
        if not selected:
            return bool(self.corpora)
        return bool(set(selected if isinstance(selected, list) else [selected]) & self.corpora)


# --- overview --------------------------------------------------------------------------------------
def _overview(project: Project, lang: str, sample: SampleMarks, exports: list[Path]) -> dict[str, Any]:
    counts = pd.DataFrame(project.status()["documents"],
                          columns=["corpus", "platform", "lang", "month", "count"])
    total = int(counts["count"].sum())
    if not total:
        return {"total": 0}
    counts["language"] = [language_name(_code(c), lang) for c in counts["lang"]]
    dated = counts.dropna(subset=["month"])
    undated = total - int(dated["count"].sum())
    overview = {
        "total": total,
        "total_text": format_number(total, lang),
        "by_corpus": _corpus_rows(project, counts, total, lang, sample),
        "by_platform": _shares(counts.groupby("platform")["count"].sum(), total, lang),
        "by_language": _shares(counts.groupby("language")["count"].sum(), total, lang),
        "monthly_chart": None,
        "undated": format_number(undated, lang) if undated else None,
        "language_chart": _figure_html(documents_by_language_chart(
            counts.groupby(["corpus", "language"], as_index=False)["count"].sum(), lang)),
    }
    if not dated.empty:
        monthly = dated.groupby(["month", "corpus"], as_index=False)["count"].sum()
        pivot = monthly.pivot(index="month", columns="corpus", values="count").fillna(0).astype(int)
        folder = project.folder("exports")
        exports.append(export_table(pivot.reset_index(), folder / f"{MONTHLY_STEM}.csv"))
        title = t("report.by_month", lang)
        exports.append(monthly_bars_png(pivot, folder / f"{MONTHLY_STEM}.png", lang, title))
        overview["monthly_chart"] = _figure_html(documents_per_month_chart(monthly, lang))
        overview["monthly_table"] = _table(pivot.reset_index(), lang)
    return overview


def _corpus_rows(project: Project, counts: pd.DataFrame, total: int, lang: str,
                 sample: SampleMarks) -> list[dict[str, Any]]:
    with project.store.read() as con:
        spans = con.execute(
            """SELECT corpus, CAST(timezone(?, min(created_at)) AS DATE),
                      CAST(timezone(?, max(created_at)) AS DATE)
               FROM documents GROUP BY corpus""",
            [project.tz, project.tz],
        ).fetchall()
    dates = {corpus: (first, last) for corpus, first, last in spans}
    rows = []
    for corpus, part in counts.groupby("corpus", sort=True):
        n = int(part["count"].sum())
        first, last = dates.get(corpus, (None, None))
        rows.append({
            "corpus": corpus, "count": format_number(n, lang), "share": _share(n, total, lang),
            "platforms": ", ".join(sorted(part["platform"].unique())),
            "languages": ", ".join(language_name(c, lang) for c in _codes(part)),
            "first": _date_text(first), "last": _date_text(last), "sample": sample.corpus(corpus),
        })
    return rows


def _code(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _codes(part: pd.DataFrame) -> list[str | None]:
    codes = {_code(c) for c in part["lang"]}
    return sorted(codes, key=lambda c: (c is None, c or ""))


def _shares(series: pd.Series, total: int, lang: str) -> list[dict[str, str]]:
    series = series.sort_values(ascending=False, kind="stable")
    return [{"name": str(k), "count": format_number(int(v), lang), "share": _share(int(v), total, lang)}
            for k, v in series.items()]


def _share(n: int, total: int, lang: str) -> str:
    return format_number(100 * n / total, lang, 1)


def _date_text(value: Any) -> str:
    return value.isoformat() if value is not None else "—"


# --- results ---------------------------------------------------------------------------------------
def _result_section(project: Project, result: SavedResult, lang: str, sample: SampleMarks,
                    exports: list[Path], shutdowns: pd.DataFrame) -> dict[str, Any]:
    table = author_safe_table(project, result_table(result))  # a --keep-authors project shows pseudonyms
    table = reader_table(result.analysis, table, lang)
    written = export_result_files(project, result, table, lang, shutdowns=shutdowns)
    exports.extend(written)
    figure = shade_report_figure(chart_for(result.analysis, table, lang), shutdowns, lang)
    with project.store.read() as con:
        made = con.execute("SELECT started_at FROM runs WHERE id = ?", [result.run_id]).fetchone()
    params = [(k, format_value(v, lang)) for k, v in result.params.items() if k != "filter"]
    stem = result_file_stem(result)
    return {
        "id": result.id,
        "anchor": f"result-{result.id}",
        "title": reader_title(result.analysis, result.params, result.title, lang),
        "analysis": result.analysis,
        "label": analysis_label(result.analysis, lang),
        "made": made[0].astimezone(ZoneInfo(project.tz)).strftime("%Y-%m-%d %H:%M") if made else "—",
        "selection": describe_filter(result.params.get("filter"), lang) or t("report.all_documents", lang),
        "params": params,
        "sample": sample.result(result),
        "chart": _figure_html(figure) if figure is not None else None,
        "table": _table(table.head(REPORT_ROWS), lang),
        "rows_shown": t("report.rows_shown", lang, shown=format_number(min(REPORT_ROWS, len(table)), lang),
                        total=format_number(len(table), lang)) if len(table) > REPORT_ROWS else None,
        "csv_name": f"{stem}.csv",
        "csv_href": "data:text/csv;charset=utf-8;base64," + base64.b64encode(csv_bytes(table)).decode(),
        "rows": format_number(len(table), lang),
        "files": [p.name for p in written],
    }


# Keyword-in-context rows read as concordance lines: the left context flush right against the keyword.
_CONCORDANCE_CLASSES = {"left": "ctx-left", "keyword": "ctx-key", "right": "ctx-right"}


def _table(frame: pd.DataFrame, lang: str) -> dict[str, Any]:
    """Header labels (in ``lang`` where dauys knows the column) and cell texts, numbers right-aligned.

    A column of decimals shows two decimals in every row, so the digits line up.
    """
    columns, decimals = [], []
    for name in frame.columns:
        key = f"column.{name}"
        dtype = frame[name].dtype
        numeric = pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)
        columns.append({"name": str(name), "label": t(key, lang) if has_label(key) else str(name),
                        "numeric": numeric, "css": _CONCORDANCE_CLASSES.get(str(name), "")})
        decimals.append(2 if pd.api.types.is_float_dtype(dtype) else None)
    rows = [[_cell(value, lang, places) for value, places in zip(row, decimals, strict=True)]
            for row in frame.itertuples(index=False, name=None)]
    return {"columns": columns, "rows": rows}


def _cell(value: Any, lang: str, decimals: int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool | np.bool_):
        return format_value(bool(value), lang)
    if isinstance(value, np.ndarray):
        return format_value(value.tolist(), lang)
    if isinstance(value, list | dict | tuple):
        return format_value(value, lang)
    if pd.api.types.is_number(value):
        if pd.isna(value):
            return ""
        if decimals is not None:
            return format_number(value, lang, decimals)
        if float(value).is_integer():
            # four-digit integers (years, ranks, counts) are written without a group separator
            return str(int(value)) if abs(value) < 10_000 else format_number(value, lang)
        return format_number(value, lang, 2)
    if pd.isna(value):
        return ""
    return str(value)


def _figure_html(figure: go.Figure) -> Markup:
    return Markup(figure.to_html(
        full_html=False, include_plotlyjs=False, default_width="100%",
        default_height=f"{int(figure.layout.height or 420)}px",
        config={"displaylogo": False, "responsive": True,
                "toImageButtonOptions": {"format": "png", "scale": 2}},
    ))


def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                       trim_blocks=True, lstrip_blocks=True)
