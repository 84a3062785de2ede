"""Coordinated posting in the report: a timeline of the groups, and the account network.

``coordination``: each group is a line from its first to its last post (its time span), at the height of
its number, with a marker sized by its accounts; the hover gives the accounts, documents, channels and the
sample text. ``coordination_network``: the accounts that posted in the same groups, laid out with the term
network's layout (:func:`dauys.report.views.network.network_drawing`, seeded, each connected part on its
own), node size by groups shared, edge width by the number of shared groups.
"""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib
import pandas as pd
import plotly.graph_objects as go
from matplotlib.figure import Figure

from dauys.report.charts import PALETTE, register_chart, register_reader_title, require_columns, style_figure
from dauys.report.i18n import format_number, register_labels, t
from dauys.report.png import png_style, register_png, save_figure
from dauys.report.views.bot_scores import register_new_labels
from dauys.report.views.network import add_network_traces, draw_network_png, network_drawing

GROUP_COLUMNS = ("group_id", "accounts", "documents", "first_at", "last_at", "sample_text")
SHOWN_GROUPS = 60

register_new_labels({
    "en": {
        "analysis.coordination": "Coordinated posting: near-identical texts by several accounts within short windows",
        "analysis.coordination_network": "Coordination network: accounts posting in the same groups",
        "column.group_id": "Group",
        "column.accounts": "Accounts",
        "column.span_minutes": "Span, minutes",
        "column.platforms": "Platforms",
        "column.sample_text": "Sample text",
        "column.account_keys": "Accounts (pseudonyms)",
        "coordination.group": "group",
        "coordination.time": "time (UTC)",
        "coordination.groups": "groups shared",
    },
    "ru": {
        "analysis.coordination": "Скоординированные публикации: почти одинаковые тексты нескольких аккаунтов "
        "за короткое время",
        "analysis.coordination_network": "Сеть координации: аккаунты, публиковавшие в одних группах",
        "column.group_id": "Группа",
        "column.accounts": "Аккаунты",
        "column.span_minutes": "Длительность, минут",
        "column.platforms": "Платформы",
        "column.sample_text": "Пример текста",
        "column.account_keys": "Аккаунты (псевдонимы)",
        "coordination.group": "группа",
        "coordination.time": "время (UTC)",
        "coordination.groups": "общих групп",
    },
    "kk": {
        "analysis.coordination": "Үйлесімді жариялау: бірнеше аккаунттың қысқа уақытта жазған бірдей дерлік мәтіндері",
        "analysis.coordination_network": "Үйлестіру желісі: бір топтарда жазған аккаунттар",
        "column.group_id": "Топ",
        "column.accounts": "Аккаунттар",
        "column.span_minutes": "Ұзақтығы, минут",
        "column.platforms": "Платформалар",
        "column.sample_text": "Мәтін үлгісі",
        "column.account_keys": "Аккаунттар (бүркеншік аттар)",
        "coordination.group": "топ",
        "coordination.time": "уақыт (UTC)",
        "coordination.groups": "ортақ топтар",
    },
})


def _groups(table: pd.DataFrame) -> pd.DataFrame:
    require_columns(table, GROUP_COLUMNS, "coordination")
    shown = table.sort_values("group_id", kind="stable").head(SHOWN_GROUPS).copy()
    shown["first_at"] = pd.to_datetime(shown["first_at"], utc=True)
    shown["last_at"] = pd.to_datetime(shown["last_at"], utc=True)
    return shown


def _marker(accounts: int, largest: int) -> float:
    return 8 + 22 * math.sqrt(accounts / max(largest, 1))


@register_chart("coordination")
def coordination_chart(table: pd.DataFrame, lang: str) -> go.Figure:
    """Each group's time span as a line at its number, the marker sized by its accounts."""
    shown = _groups(table)
    largest = int(shown["accounts"].max()) if len(shown) else 1
    fig = go.Figure()
    xs: list = []
    ys: list = []
    for row in shown.itertuples():
        xs += [row.first_at, row.last_at, None]
        ys += [row.group_id, row.group_id, None]
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": "#b8c0c8", "width": 3}, hoverinfo="skip",
                             showlegend=False))
    hover = (f"<b>{t('coordination.group', lang)} %{{y}}</b><br>{t('column.accounts', lang)}: %{{customdata[0]}}<br>"
             f"{t('column.documents', lang)}: %{{customdata[1]}}<br>"
             f"{t('column.span_minutes', lang)}: %{{customdata[2]}}<br>%{{customdata[3]}}<extra></extra>")
    fig.add_trace(go.Scatter(
        x=shown["first_at"], y=shown["group_id"], mode="markers", showlegend=False,
        marker={"size": [_marker(a, largest) for a in shown["accounts"]], "color": PALETTE[1], "opacity": 0.8},
        customdata=list(zip(shown["accounts"].map(lambda v: format_number(v, lang)),
                            shown["documents"].map(lambda v: format_number(v, lang)),
                            shown.get("span_minutes", pd.Series([None] * len(shown))).map(
                                lambda v: "—" if pd.isna(v) else format_number(v, lang, 1)),
                            shown["sample_text"].astype(str).str.slice(0, 120), strict=True)),
        hovertemplate=hover,
    ))
    fig.update_yaxes(autorange="reversed", title_text=t("coordination.group", lang),
                     dtick=1 if len(shown) <= 20 else None)
    fig.update_xaxes(title_text=t("coordination.time", lang))
    style_figure(fig, height=max(280, 120 + 18 * len(shown)))
    return fig


@register_png("coordination")
def coordination_png(table: pd.DataFrame, path: Path, lang: str) -> Path:
    """The timeline of the groups as a publication figure."""
    shown = _groups(table)
    largest = int(shown["accounts"].max()) if len(shown) else 1
    with matplotlib.rc_context(png_style()):
        fig = Figure(figsize=(7.0, 1.6 + 0.2 * len(shown)), layout="constrained")
        ax = fig.subplots()
        first = shown["first_at"].dt.tz_convert(None).to_numpy()
        last = shown["last_at"].dt.tz_convert(None).to_numpy()
        ax.hlines(shown["group_id"], first, last, color="#b8c0c8", linewidth=3)
        ax.scatter(first, shown["group_id"], s=[_marker(a, largest) ** 2 / 3 for a in shown["accounts"]],
                   color=PALETTE[1], alpha=0.8, zorder=3)
        ax.invert_yaxis()
        ax.set_ylabel(t("coordination.group", lang))
        ax.set_xlabel(t("coordination.time", lang))
        ax.set_title(t("analysis.coordination", lang), fontsize=10, wrap=True)
        fig.autofmt_xdate()
        return save_figure(fig, path)


@register_chart("coordination_network")
def coordination_network_chart(table: pd.DataFrame, lang: str) -> go.Figure:
    """The account network: edges in width bands by shared groups, nodes by connected part."""
    require_columns(table, ("source", "target", "weight"), "coordination_network")
    drawing = network_drawing(table)
    graph = drawing.graph
    hover = (f"<b>%{{customdata[0]}}</b><br>{t('coordination.groups', lang)}: %{{customdata[1]}}<br>"
             f"{t('column.documents', lang)}: %{{customdata[2]}}<extra></extra>")
    fig = add_network_traces(go.Figure(), drawing, text_size=9, node_trace=lambda community, members: {
        "showlegend": False, "hovertemplate": hover,
        "customdata": [[n, graph.nodes[n].get("groups", "—"), graph.nodes[n].get("documents", "—")]
                       for n in members],
    })
    style_figure(fig, height=600)
    fig.update_layout(margin={"t": 30, "b": 10})
    return fig


@register_png("coordination_network")
def coordination_network_png(table: pd.DataFrame, path: Path, lang: str) -> Path:
    """The account network as a publication figure, with the chart's layout."""
    require_columns(table, ("source", "target", "weight"), "coordination_network")
    drawing = network_drawing(table)
    with matplotlib.rc_context({**png_style(), "font.size": 8}):
        fig = Figure(figsize=(7.0, 6.0), layout="constrained")
        ax = fig.subplots()
        draw_network_png(ax, drawing, label_size=6)
        ax.set_title(t("analysis.coordination_network", lang), fontsize=10)
        return save_figure(fig, path)


register_labels({
    "en": {
        "title.coordination": "Coordinated posting: {n}+ accounts, similarity ≥ {similarity}, {window}-minute windows",
        "title.coordination.accounts_one": "accounts",
        "title.coordination.accounts_many": "accounts",
    },
    "ru": {
        "title.coordination": "Скоординированные публикации: от {n} {accounts}, сходство ≥ {similarity}, "
        "окна по {window} мин",
        "title.coordination.accounts_one": "аккаунта",
        "title.coordination.accounts_many": "аккаунтов",
    },
    "kk": {
        "title.coordination": "Үйлесімді жариялау: кемінде {n} аккаунт, ұқсастық ≥ {similarity}, "
        "{window} минуттық терезелер",
        "title.coordination.accounts_one": "аккаунт",
        "title.coordination.accounts_many": "аккаунт",
    },
})


@register_reader_title("coordination")
def coordination_title(params: dict, lang: str) -> str:
    """"Скоординированные публикации: от 3 аккаунтов, сходство ≥ 0.8, окна по 60 мин"."""
    from dauys.report.views.bot_scores import genitive_after

    n = int(params.get("min_accounts", 3))
    return t("title.coordination", lang, n=n, accounts=t(f"title.coordination.accounts_{genitive_after(n)}", lang),
             similarity=f"{float(params.get('similarity', 0.8)):g}",
             window=f"{float(params.get('window_minutes', 60)):g}")
