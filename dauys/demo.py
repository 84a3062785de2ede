"""The demo project: the sample data shipped in the package, run through the same code a user runs.

``build_demo(path)`` creates a project and imports the illustrative data the way a study would: posts
and comments with the table importer (and comments with account fields, some of them planted bots), a
Telegram Desktop export, daily channel statistics, official-style documents, ACLED-format and
local-monitor protest events and a shutdown log. It builds the token table (languages and lemmas), runs
content, social-media, event and mobilization analyses and writes the report. Every step is an ordinary,
recorded step: the demo's methods paragraph and ledger are what a real study's would be.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path

from dauys.errors import InputError
from dauys.ingest.acled import import_acled
from dauys.ingest.channel_stats import import_channel_stats
from dauys.ingest.docs import import_docs
from dauys.ingest.local_events import import_local_events
from dauys.ingest.mapping import load_mapping_file
from dauys.ingest.shutdowns import import_shutdowns
from dauys.ingest.table import import_table
from dauys.ingest.telegram import import_telegram
from dauys.ingest.writer import ImportResult
from dauys.progress import SILENT, Progress
from dauys.project import CONFIG_FILE, Project, init_project, open_project
from dauys.report.html import build_report
from dauys.store.filters import DocumentFilter
from dauys.text.pipeline import ProcessResult, build_token_table

DEMO_NAME = "dauys demo (illustrative sample data)"
SAMPLE_MARK = "synthetic"


@dataclass
class DemoOutcome:
    """What the demo built: the project, its import counts and its report files."""

    project: Project
    imports: dict[str, ImportResult] = field(default_factory=dict)
    records: dict[str, dict[str, int]] = field(default_factory=dict)
    """Imports that write channel snapshots, events or shutdowns rather than documents: their counts."""
    results: list[str] = field(default_factory=list)
    processed: ProcessResult | None = None
    reports: dict[str, Path] = field(default_factory=dict)


def demo_data() -> Path:
    """The folder of the shipped sample data."""
    return Path(str(resources.files("dauys.data") / "demo"))


def codebook_file(name: str) -> Path:
    """A codebook shipped as an example (``dauys/data/codebooks/``)."""
    return Path(str(resources.files("dauys.data") / "codebooks" / name))


def _fresh_project(path: Path) -> Project:
    """A new project at ``path``; an earlier demo project there is replaced, anything else is refused."""
    if path.exists():
        config = path / CONFIG_FILE
        if config.exists() and f'sample_data = "{SAMPLE_MARK}"' in config.read_text(encoding="utf-8"):
            shutil.rmtree(path)
        elif any(path.iterdir()):
            raise InputError(
                f"{path} exists and is not an earlier demo project; choose an empty or new folder for the demo."
            )
    project = init_project(path, name=DEMO_NAME)
    with open(project.path / CONFIG_FILE, "a", encoding="utf-8") as fh:
        fh.write("# Everything in this project is illustrative sample data shipped with dauys.\n")
        fh.write(f'sample_data = "{SAMPLE_MARK}"\n')
    return open_project(path)


def build_demo(path: str | Path = "dauys-demo", languages: tuple[str, ...] = ("en", "kk", "ru"),
               progress: Progress = SILENT) -> DemoOutcome:
    """Build the demo project at ``path`` and write its reports (one per language)."""
    from dauys.analyze.base import run_analysis  # the analysis registry imports every analysis module

    data = demo_data()
    project = _fresh_project(Path(path))
    outcome = DemoOutcome(project)
    outcome.imports["posts"] = import_table(
        project, data / "posts.csv", corpus="posts", platform="telegram",
        mapping=load_mapping_file(data / "mapping.yaml"), progress=progress,
    )
    outcome.imports["comments_bots"] = import_table(
        project, data / "bots" / "comments_bots.csv", corpus="comments_bots", platform="telegram",
        mapping=load_mapping_file(data / "bots" / "mapping.yaml"), progress=progress,
    )
    outcome.imports["telegram"] = import_telegram(
        project, data / "telegram" / "result.json", corpus="telegram", scrub=True, progress=progress,
    )
    stats = import_channel_stats(project, data / "channel_stats.csv", platform="telegram", progress=progress)
    outcome.records["channel_stats"] = {"rows": stats.rows, "snapshots": stats.added, "rejected": stats.rejected}
    outcome.imports["addresses"] = import_docs(
        project, data / "docs", corpus="addresses", date_from_name="%Y", progress=progress,
    )
    events = data / "events"
    for name, importer in (("acled", import_acled), ("local_events", import_local_events),
                           ("shutdowns", import_shutdowns)):
        done = importer(project, events / f"{'acled_kz' if name == 'acled' else name}.csv", sample=SAMPLE_MARK,
                        progress=progress)
        outcome.records[name] = {"read": done.read, "imported": done.imported, "rejected": done.rejected}
    progress.stage("Text processing", None)
    outcome.processed = build_token_table(project, progress=progress)
    posts = DocumentFilter(corpus=("posts",), tz=project.tz)
    addresses = DocumentFilter(corpus=("addresses",), tz=project.tz)
    comments = DocumentFilter(platform=("telegram",), kind="comments", tz=project.tz)
    channel_posts = DocumentFilter(corpus=("posts", "telegram"), tz=project.tz)
    telegram = DocumentFilter(corpus=("telegram",), tz=project.tz)
    qantar = DocumentFilter(corpus=("posts", "telegram"), since=date(2021, 12, 1), until=date(2022, 2, 28),
                            tz=project.tz)
    post_comments = DocumentFilter(corpus=("posts",), kind="comments", tz=project.tz)
    one_thread = DocumentFilter(corpus=("posts",), parent=("erlan_ashyq/1138",), tz=project.tz)
    everything = DocumentFilter(tz=project.tz)
    years = DocumentFilter(corpus=("posts",), since=date(2019, 1, 1), until=date(2023, 12, 31), tz=project.tz)
    january = DocumentFilter(corpus=("posts",), since=date(2021, 12, 15), until=date(2022, 1, 31), tz=project.tz)
    analyses = (
        ("top_terms", posts, {"by": "channel", "n": 15}),
        ("top_terms", posts, {"by": "year", "n": 15}),
        ("top_terms", posts, {"by": "all", "n": 20, "kind": "hashtags"}),
        ("top_terms", addresses, {"by": "year", "n": 30}),
        ("term_matrix", addresses, {"by": "year", "n": 8}),
        ("codebook", posts, {"codebook": str(codebook_file("grievances.yaml")), "unit": "sentence", "by": "channel"}),
        ("kwic", posts, {"pattern": "тариф", "window": 6, "n": 200}),
        ("collocations", posts, {"window": 5, "min_count": 3, "n": 30}),
        ("network", posts, {"kind": "hashtags", "min_weight": 2, "top_nodes": 60}),
        ("keyness", posts, {"by": "channel", "target": "erlan_ashyq", "n": 15}),
        ("topics", posts, {"method": "nmf", "n_topics": 6, "seed": 1, "period": "month"}),
        ("clusters", posts, {"method": "kmeans", "k": "4", "seed": 1}),
        ("trends", posts, {"terms": "тариф,газ,сайлау+выборы", "period": "month"}),
        ("channel_stats", posts, {"period": "year"}),
        ("channel_stats", telegram, {"period": "month"}),
        ("channel_growth", channel_posts, {"period": "week"}),
        ("posting_rhythm", channel_posts, {}),
        ("top_posts", channel_posts, {"metric": "views", "n": 10}),
        ("spikes", channel_posts, {"metric": "views"}),
        ("compare_channels", posts, {"period": "all", "normalise": "index"}),
        ("comment_threads", posts, {"n": 20}),
        ("top_commenters", posts, {"n": 20}),
        ("comment_timing", posts, {"hours": 48, "by": "channel"}),
        ("hashtag_campaign", qantar, {"hashtags": "#qantar,#газ,#Қаңтар", "period": "week"}),
        ("top_terms", post_comments, {"by": "channel", "n": 10}),
        ("top_terms", one_thread, {"n": 15}),
        ("region_mentions", channel_posts, {"by": "channel"}),
        ("bot_scores", comments, {"min_posts": 2}),
        ("bot_scores", comments, {"min_posts": 2, "rule": "n-of-k", "n": 3}),
        ("coordination", comments, {}),
        ("coordination_network", comments, {}),
        ("flagged_engagement", comments, {"min_posts": 2, "unit": "accounts"}),
        ("event_counts", everything, {"by": "year,event_type"}),
        ("event_counts", everything, {"by": "month", "date_from": "2021-10-01", "date_to": "2022-03-31"}),
        ("event_counts", everything, {"by": "region,event_type", "types": "Protests,Riots"}),
        ("chronology", everything, {"date_from": "2022-01-02", "date_to": "2022-01-12"}),
        ("event_map", everything, {"date_from": "2022-01-01", "date_to": "2022-01-31"}),
        ("activity_series", years, {"freq": "week"}),
        ("activity_series", january, {"freq": "day"}),
        ("cross_correlation", years, {"freq": "week", "max_lag": 8}),
        ("granger", years, {"freq": "week", "max_lags": 4}),
        ("event_study", years, {"freq": "day", "window": 7, "min_events": 2, "types": "Protests"}),
    )
    for name, where, params in analyses:
        progress.stage(f"Analysis {name}" + (f" by {params['by']}" if "by" in params else ""), None)
        outcome.results.append(run_analysis(project, name, params, where).title)
    for lang in languages:
        progress.stage(f"Report ({lang})", None)
        outcome.reports[lang] = build_report(project, lang=lang)
    return outcome
