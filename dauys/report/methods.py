"""The methods paragraph: what the ledger recorded, written as a researcher would write it in a paper.

It reads the ``runs``, ``sources``, ``documents`` and ``results`` tables and says, in Kazakh, Russian
or English: which software (dauys and package versions from the ledger), which sources (kind, file or
folder name — never the full local path —, corpus, platform, import date), the date range of each
source's documents in the project's time zone, the counts of each import (read, added, duplicates,
rejected), whether authors were pseudonymised, whether a source is synthetic sample data, and every
later step in order: analyses with their document selection, parameters, counts and saved results,
removals (``forget``), and any other step generically from its parameters and counts.

>>> from dauys.report.methods import methods_text
>>> print(methods_text(project, lang="ru"))            # doctest: +SKIP
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from dauys import __version__
from dauys.project import Project
from dauys.provenance import package_versions
from dauys.report.i18n import (
    check_lang,
    format_date,
    format_number,
    has_label,
    join_list,
    language_name,
    quote,
    t,
    tn,
)

SAMPLE_MARK = "synthetic"
SAMPLE_PROJECT_KEY = "sample_data"
_IMPORT_COUNTS = ("read", "imported", "duplicates", "rejected", "metric_snapshots")
# counts whose unit dauys can name in words; others are shown as ``name: value``
_COUNT_PHRASES = {
    name: f"count.{name}"
    for name in ("documents", "tokens", "tokens_read", "tokens_counted", "terms", "groups", "rows")
}
_FILE_PARAMS = frozenset({"export", "codebook", "codebook_file"})
_SOFTWARE = (("python", "Python"), ("duckdb", "DuckDB"), ("pandas", "pandas"))


@dataclass
class SourceFacts:
    """One row of ``sources`` with what its documents look like now."""

    id: int
    run_id: int
    kind: str
    corpus: str | None
    location: str | None
    params: dict[str, Any]
    collected_on: date
    documents: int
    dated: int
    first: date | None
    last: date | None
    platforms: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The file or folder name (a shared methods text must not carry the researcher's local paths)."""
        return source_name(self.location)

    @property
    def is_sample(self) -> bool:
        return self.params.get("sample") == SAMPLE_MARK


def source_name(location: str | None) -> str:
    """The last part of a file or folder path; a URL stays whole (the ledger has removed any keys)."""
    if not location:
        return "—"
    if "://" in location:
        return location
    return re.split(r"[\\/]", location.rstrip("\\/"))[-1] or location


def source_facts(project: Project) -> list[SourceFacts]:
    """Every source, oldest first, with the number, dates and platforms of its documents still held."""
    with project.store.read() as con:
        rows = con.execute(
            """SELECT s.id, s.run_id, s.kind, s.corpus, s.location, s.params,
                      CAST(timezone(?, s.collected_at) AS DATE),
                      count(d.id), count(d.created_at),
                      CAST(timezone(?, min(d.created_at)) AS DATE),
                      CAST(timezone(?, max(d.created_at)) AS DATE),
                      list(DISTINCT d.platform ORDER BY d.platform) FILTER (WHERE d.platform IS NOT NULL)
               FROM sources s LEFT JOIN documents d ON d.source_id = s.id
               GROUP BY ALL ORDER BY s.id""",
            [project.tz, project.tz, project.tz],
        ).fetchall()
    return [
        SourceFacts(sid, run_id, kind, corpus, location, json.loads(params), collected, int(n), int(dated),
                    first, last, list(platforms or []))
        for sid, run_id, kind, corpus, location, params, collected, n, dated, first, last, platforms in rows
    ]


def project_is_sample(project: Project) -> bool:
    """Whether ``dauys.toml`` marks the whole project as sample data (``sample_data = "synthetic"``)."""
    return project.config.get("project", {}).get(SAMPLE_PROJECT_KEY) == SAMPLE_MARK


def describe_filter(selection: dict[str, Any] | None, lang: str) -> str:
    """A document filter (``DocumentFilter.describe()``) in words; empty when nothing was filtered."""
    if not selection:
        return ""
    from dauys.report.views import load_views

    load_views()  # the labels of the posts/comments filters come with the social views
    parts = []
    for name, one, many in (("corpus", "filter.corpus", "filter.corpora"),
                            ("platform", "filter.platform", "filter.platforms")):
        values = _as_list(selection.get(name))
        if values:
            shown = [quote(v, lang) for v in values] if name == "corpus" else values
            parts.append(t(one if len(values) == 1 else many, lang, values=join_list(shown, lang)))
    languages = _as_list(selection.get("lang"))
    if languages:
        parts.append(t("filter.lang", lang, values=", ".join(language_name(c, lang) for c in languages)))
    since, until = _iso_date(selection.get("since")), _iso_date(selection.get("until"))
    if since and until:
        parts.append(t("filter.range", lang, since=format_date(since, lang, "abl"),
                       until=format_date(until, lang, "dat")))
    elif since:
        parts.append(t("filter.since", lang, since=format_date(since, lang, "abl")))
    elif until:
        parts.append(t("filter.until", lang, until=format_date(until, lang, "dat")))
    for key, value in (selection.get("meta") or {}).items():
        parts.append(t("filter.meta", lang, field=key, value=value))
    kind = selection.get("kind")
    if kind in ("posts", "comments"):
        parts.append(t(f"filter.kind_{kind}", lang))
    parents = _as_list(selection.get("parent"))
    if parents:
        parts.append(t("filter.parent", lang, values=join_list(parents, lang)))
    return "; ".join(parts)


def format_value(value: Any, lang: str) -> str:
    """A parameter value as a reader sees it: yes/no, lists with commas, decimal commas in ru and kk."""
    if isinstance(value, bool):
        return t("value.yes" if value else "value.no", lang)
    if value is None:
        return t("value.none", lang)
    if isinstance(value, float):
        text = f"{value:g}"
        return text if lang == "en" else text.replace(".", ",")
    if isinstance(value, list | tuple):
        return ", ".join(format_value(v, lang) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {format_value(v, lang)}" for k, v in value.items())
    return str(value)


def format_params(params: dict[str, Any], lang: str, skip: tuple[str, ...] = ("filter",)) -> str:
    """``name = value; ...`` for the parameters of a step (the filter is described on its own; a file a
    step wrote or read, ``export`` or ``codebook``, by its name only: the folders are the researcher's)."""
    return "; ".join(
        f"{k} = {Path(v).name if k in _FILE_PARAMS and isinstance(v, str) and v else format_value(v, lang)}"
        for k, v in params.items() if k not in skip
    )


def format_counts(counts: dict[str, Any], lang: str) -> str:
    """Counts in words where dauys knows the unit ("12 345 словоупотреблений"), else ``name: value``.

    Known counts come first, in a fixed order (documents, tokens, ...); empty ones are left out.
    """
    known = [k for k in _COUNT_PHRASES if k in counts]
    parts = []
    for key in known + [k for k in counts if k not in _COUNT_PHRASES]:
        value = counts[key]
        if value is None or (isinstance(value, list | dict | str) and not value):
            continue
        if key == "warnings" and isinstance(value, list):
            parts.append(tn("count.warnings", len(value), lang))  # the list itself is in the ledger
        elif key in _COUNT_PHRASES and isinstance(value, int) and not isinstance(value, bool):
            parts.append(tn(_COUNT_PHRASES[key], value, lang))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            parts.append(f"{key}: {format_number(value, lang, 0 if isinstance(value, int) else 2)}")
        else:
            parts.append(f"{key}: {format_value(value, lang)}")
    return ", ".join(parts)


def analysis_label(analysis: str, lang: str) -> str:
    """The reader's name of an analysis ("Most frequent terms per group"), or its own name if unknown."""
    from dauys.report.views import load_views

    load_views()
    key = f"analysis.{analysis}"
    return t(key, lang) if has_label(key) else analysis.replace("_", " ")


def methods_paragraphs(project: Project, lang: str = "en") -> list[str]:
    """The methods text as paragraphs: software and data, one per source, one per later step, the ledger."""
    check_lang(lang)
    runs = project.log()
    sources = source_facts(project)
    with project.store.read() as con:
        total, held_sources = con.execute(
            "SELECT count(*), count(DISTINCT source_id) FROM documents"
        ).fetchone()
        saved = con.execute("SELECT id, run_id, title, analysis, params FROM results ORDER BY id").fetchall()
    from dauys.report.charts import reader_title

    results_of: dict[int, list[tuple[int, str]]] = {}
    for rid, run_id, title, analysis, params in saved:
        shown = reader_title(analysis, json.loads(params), title, lang)
        results_of.setdefault(run_id, []).append((rid, shown))
    runs_by_id = {run["id"]: run for run in runs}

    paragraphs = [_overview(project, runs, sources, int(total), int(held_sources), lang)]
    numbers = {s.id: i for i, s in enumerate(sources, start=1)}
    counted_runs: set[int] = set()
    for source in sources:
        run = runs_by_id.get(source.run_id, {"params": {}, "counts": {}})
        counts = {} if source.run_id in counted_runs else run["counts"]
        counted_runs.add(source.run_id)
        paragraphs.append(_source_paragraph(source, numbers[source.id], run["params"], counts, lang))
    source_runs = {s.run_id for s in sources}
    for run in runs:
        if run["id"] in source_runs:
            continue
        saved_here = results_of.get(run["id"], [])
        paragraphs.append(_step_paragraph(run, project.tz, sources, numbers, saved_here, lang))
    paragraphs.append(t("m.ledger", lang))
    # a Russian date ends in "г." and a sentence must not add a second full stop after it
    return [paragraph.replace(" г..", " г.") for paragraph in paragraphs]


def methods_text(project: Project, lang: str = "en") -> str:
    """A plain-language methods section written from the project's ledger, ready to paste into a paper.

    Paragraphs are separated by blank lines. ``lang`` is ``en``, ``ru`` or ``kk``.
    """
    return "\n\n".join(methods_paragraphs(project, lang))


# --- paragraphs -------------------------------------------------------------------------------------
def _overview(project: Project, runs: list[dict[str, Any]], sources: list[SourceFacts], total: int,
              held_sources: int, lang: str) -> str:
    recorded = _distinct_versions(runs)
    versions = recorded.get("dauys") or [__version__]
    current = package_versions()
    packages = ", ".join(
        f"{label} {'/'.join(recorded.get(name) or [current.get(name, '?')])}" for name, label in _SOFTWARE
    )
    sentences = [t("m.software", lang, version=join_list(versions, lang), packages=packages)]
    if project_is_sample(project):
        sentences.append(t("m.sample_project", lang))
    if total:
        sentences.append(t("m.holds", lang, name=project.name, documents=tn("documents", total, lang),
                           sources=tn("from_sources", held_sources, lang), tz=project.tz))
    else:
        sentences.append(t("m.empty", lang, name=project.name))
    kept = [_keeps_authors(s, runs) for s in sources]
    if kept and not any(kept):
        sentences.append(t("m.pseudonymised_all", lang))
    elif kept and not all(kept):
        sentences.append(t("m.pseudonymised_unless", lang))
    return " ".join(sentences)


def _source_paragraph(source: SourceFacts, number: int, run_params: dict[str, Any], counts: dict[str, Any],
                      lang: str) -> str:
    corpus = source.corpus or run_params.get("corpus")
    platforms = source.platforms or _as_list(run_params.get("platform"))
    details = []
    if corpus:
        details.append(t("m.source_corpus", lang, corpus=corpus))
    if platforms:
        details.append(t("m.source_platform", lang, platform=", ".join(platforms)))
    kind = t(f"kind.{source.kind}", lang) if has_label(f"kind.{source.kind}") else t("kind.other", lang,
                                                                                       kind=source.kind)
    sentences = [t("m.source", lang, i=number, kind=kind, name=source.name,
                   details=f" ({', '.join(details)})" if details else "",
                   date=format_date(source.collected_on, lang, "loc"))]
    if "imported" in counts:
        rejected = int(counts.get("rejected", 0))
        sentence = t("m.import_counts", lang, read=tn("read", int(counts.get("read", 0)), lang),
                     added=tn("added", int(counts["imported"]), lang),
                     duplicates=tn("duplicates", int(counts.get("duplicates", 0)), lang),
                     rejected=tn("rejected", rejected, lang))
        if rejected:
            sentence = sentence[:-1] + t("m.rejected_note", lang) + "."
        sentences.append(sentence)
        if counts.get("metric_snapshots"):
            sentences.append(tn("metric_snapshots", int(counts["metric_snapshots"]), lang))
    other_counts = {k: v for k, v in counts.items() if k not in _IMPORT_COUNTS}
    if other_counts:
        sentences.append(t("m.counted", lang, counts=format_counts(other_counts, lang)))
    sentences.extend(_date_sentences(source, counts, lang))
    if source.kind == "youtube":
        from dauys.ingest.youtube import YOUTUBE_LIMITS  # what the API's figures can and cannot show

        sentences.append(YOUTUBE_LIMITS[lang])
    if _keeps_authors_of(source, run_params):
        sentences.append(t("m.kept", lang))
    if source.is_sample:
        sentences.append(t("m.sample", lang))
    return " ".join(sentences)


RECORD_KINDS = frozenset({"channel_stats", "acled", "events", "shutdowns", "populations"})
"""Source kinds that write channel snapshots, events or figures, never documents."""


def _date_sentences(source: SourceFacts, counts: dict[str, Any], lang: str) -> list[str]:
    if source.kind in RECORD_KINDS:
        return []
    if not source.documents:
        added = counts.get("imported")
        return [t("m.removed", lang)] if added is None or added > 0 else []
    if not source.dated:
        return [t("m.no_dates", lang)]
    if source.first == source.last:
        sentences = [t("m.one_date", lang, first=format_date(source.first, lang, "nom"))]
    else:
        sentences = [t("m.dates", lang, first=format_date(source.first, lang, "abl"),
                       last=format_date(source.last, lang, "dat"))]
    if source.dated < source.documents:
        sentences.append(tn("undated", source.documents - source.dated, lang))
    return sentences


def _step_paragraph(run: dict[str, Any], tz: str, sources: list[SourceFacts], numbers: dict[int, int],
                    results: list[tuple[int, str]], lang: str) -> str:
    day = format_date(_local_date(run["started_at"], tz), lang, "loc")
    params, counts = run["params"], run["counts"]
    if run["step"] == "forget":
        return _forget_sentence(day, params, counts, sources, numbers, lang)
    if run["step"].startswith("analyze."):
        analysis = run["step"].removeprefix("analyze.")
        selection = describe_filter(params.get("filter"), lang)
        sentences = [t("m.analysis", lang, date=day, label=analysis_label(analysis, lang), step=run["step"],
                       selection=t("m.selection", lang, filter=selection) if selection
                       else t("m.selection_all", lang))]
    else:
        sentences = [t("m.step", lang, date=day, step=run["step"])]
        selection = describe_filter(params.get("filter"), lang)
        if selection:
            sentences.append(_capitalise(t("m.selection", lang, filter=selection)) + ".")
    shown = format_params(params, lang)
    if shown:
        sentences.append(t("m.parameters", lang, params=shown))
    if counts:
        sentences.append(t("m.counted", lang, counts=format_counts(counts, lang)))
    elif run["n_in"] is not None or run["n_out"] is not None:
        sentences.append(t("m.in_out", lang, n_in=_number_or_dash(run["n_in"], lang),
                           n_out=_number_or_dash(run["n_out"], lang)))
    for rid, title in results:
        sentences.append(t("m.saved_result", lang, title=title, id=rid))
    return _capitalise(" ".join(sentences))


def _forget_sentence(day: str, params: dict[str, Any], counts: dict[str, Any], sources: list[SourceFacts],
                     numbers: dict[int, int], lang: str) -> str:
    if params.get("source") is not None:
        sid = int(params["source"])
        name = next((s.name for s in sources if s.id == sid), "—")
        target = t("m.forget_source", lang, id=numbers.get(sid, sid), name=name)
    else:
        target = t("m.forget_corpus", lang, corpus=params.get("corpus"))
    removed = tn("removed", int(counts.get("documents", 0)), lang)
    return _capitalise(t("m.forget", lang, date=day, removed=removed, target=target))


# --- helpers ------------------------------------------------------------------------------------------
def _keeps_authors_of(source: SourceFacts, run_params: dict[str, Any]) -> bool:
    return bool(source.params.get("keep_authors", run_params.get("keep_authors", False)))


def _keeps_authors(source: SourceFacts, runs: list[dict[str, Any]]) -> bool:
    run_params = next((r["params"] for r in runs if r["id"] == source.run_id), {})
    return _keeps_authors_of(source, run_params)


def _distinct_versions(runs: list[dict[str, Any]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for run in runs:
        for name, version in run["versions"].items():
            if version not in found.setdefault(name, []):
                found[name].append(version)
    return found


def _local_date(moment: datetime, tz: str) -> date:
    return moment.astimezone(ZoneInfo(tz)).date()


def _iso_date(value: Any) -> date | None:
    if not value:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _as_list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]


def _number_or_dash(value: int | None, lang: str) -> str:
    return "—" if value is None else format_number(value, lang)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]
