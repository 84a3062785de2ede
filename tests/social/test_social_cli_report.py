"""The social commands and the shared --kind/--parent options from the command line; the social charts and labels."""

from __future__ import annotations

import pandas as pd
import pytest
import social_data
import typer

from dauys.analyze import analyses, run_analysis
from dauys.cli import analysis_cli
from dauys.project import open_project
from dauys.report.charts import chart_for
from dauys.report.i18n import LANGS, has_label, t
from dauys.report.png import save_chart_png
from dauys.report.views import load_views
from dauys.store.filters import DocumentFilter

SOCIAL = ("channel_stats", "channel_growth", "posting_rhythm", "top_posts", "spikes", "compare_channels",
          "comment_threads", "top_commenters", "comment_timing", "hashtag_campaign")


@pytest.fixture
def social(project):
    return social_data.build(project)


def test_every_analysis_command_takes_kind_and_parent():
    app = typer.Typer()
    for name, analysis in analyses().items():
        app.command(name=name)(analysis_cli.analysis_command(analysis))
    commands = typer.main.get_command(app).commands
    for name, analysis in analyses().items():
        options = {opt for p in commands[name].params for opt in p.opts}
        assert "--parent" in options, name
        assert "--doc-kind" in options, name
        own_kind = any(p.option == "--kind" for p in analysis.parameters())
        assert ("--kind" in options) or own_kind, name


def test_social_command_prints_and_saves(social, cli):
    result = cli("social", "channel-stats", "-p", social.path, "--period", "month")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith("Channel statistics by month") and "Saved as result" in result.stdout
    assert "er_view = (likes + comments + shares) / views × 100" in result.stdout
    saved = open_project(social.path).results()[-1]
    assert saved.analysis == "channel_stats" and saved.frame()["posts"].sum() == 5


def test_hashtag_campaign_command_prints_each_part(social, cli):
    result = cli("social", "hashtag-campaign", "-p", social.path, "--hashtags", "#Жаңаөзен")
    assert result.exit_code == 0, result.stdout
    for part in ("volume", "first", "spreaders", "co_hashtags"):
        assert f"— {part}" in result.stdout


def test_content_analysis_on_comments_from_the_command_line(social, cli):
    # top-terms has its own --kind (which tokens), so the filter is --doc-kind there
    result = cli("analyze", "top-terms", "-p", social.path, "--kind", "hashtags", "--doc-kind", "comments")
    assert result.exit_code == 0, result.stdout
    table = open_project(social.path).results()[-1].frame()
    assert dict(zip(table["term"], table["count"], strict=True)) == {"#жаңаөзен": 2, "#шерзатүшін": 1}
    # kwic has no --kind of its own: the filter is --kind
    for kind, expected in (("comments", {"jo/1/c2"}), ("posts", {"an/1"})):
        result = cli("analyze", "kwic", "-p", social.path, "--pattern", "Алматыда", "--match", "regex",
                     "--regex-on", "text", "--kind", kind)
        assert result.exit_code == 0, result.stdout
        saved = open_project(social.path).results()[-1]
        with social.store.read() as con:
            found = {r[0] for r in con.execute(
                "SELECT external_id FROM documents WHERE id IN (SELECT unnest(?::BIGINT[]))",
                [saved.frame()["doc_id"].tolist()]).fetchall()}
        assert found == expected and saved.params["filter"] == {"kind": kind}
    result = cli("analyze", "kwic", "-p", social.path, "--pattern", "Келісемін", "--match", "regex",
                 "--regex-on", "text", "--parent", "jo/1")
    assert result.exit_code == 0 and open_project(social.path).results()[-1].frame()["doc_id"].size == 1
    result = cli("analyze", "kwic", "-p", social.path, "--pattern", "Келісемін", "--match", "regex",
                 "--regex-on", "text", "--parent", "jo/2")
    assert result.exit_code == 0 and open_project(social.path).results()[-1].frame().empty


def test_bad_kind_is_refused(social, cli):
    result = cli("social", "top-posts", "-p", social.path, "--kind", "replies")
    assert result.exit_code != 0
    assert "replies" in result.stdout + result.stderr


def test_social_charts_pngs_and_labels(social, tmp_path):
    load_views()
    params = {"spikes": {"rows": "all", "min_history": 2, "z": 0.5}, "comment_timing": {"hours": 6}}
    for name in SOCIAL:
        table = run_analysis(social, name, params.get(name, {})).frame()
        assert has_label(f"analysis.{name}"), name
        for column in table.columns:
            assert has_label(f"column.{column}"), f"{name}: column {column} has no label"
        for lang in LANGS:
            figure = chart_for(name, table, lang)
            assert figure is not None and len(figure.data) > 0, (name, lang)
            path = save_chart_png(name, table, tmp_path / f"{name}-{lang}.png", lang)
            assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert t("column.er_followers", "kk") == "Жазылушылар бойынша ER, %"
    assert t("analysis.posting_rhythm", "ru").startswith("Ритм публикаций")


def test_chart_numbers_match_the_tables(social):
    load_views()
    stats = run_analysis(social, "channel_stats", {"period": "month"}).frame()
    figure = chart_for("channel_stats", stats, "en")
    bars = {trace.name: dict(zip(trace.x, trace.y, strict=True)) for trace in figure.data}
    assert bars["jana_ozen"]["2022-01"] == pytest.approx(6.0) and bars["jana_ozen"]["2022-02"] == pytest.approx(2.0)
    assert pd.isna(bars["almaty_news"]["2022-02"])
    rhythm = run_analysis(social, "posting_rhythm").frame()
    heat = chart_for("posting_rhythm", rhythm, "kk").data[0]
    assert heat.z[2][2] == 1 and sum(map(sum, heat.z)) == 5  # Wednesday 02:00: jo/2
    assert list(heat.y) == ["Дс", "Сс", "Ср", "Бс", "Жм", "Сн", "Жс"]
    growth = run_analysis(social, "channel_growth").frame()
    lines = {trace.name: list(trace.y) for trace in chart_for("channel_growth", growth, "ru").data}
    assert lines["jana_ozen"] == [10_000, 10_500, 11_000]
    campaign = run_analysis(social, "hashtag_campaign", {"hashtags": "#жаңаөзен"},
                            DocumentFilter(kind="posts")).frame()
    line = chart_for("hashtag_campaign", campaign, "en").data[0]
    assert line.name == "#жаңаөзен" and list(line.y) == [1, 0, 1]
