"""How the report shows ``codebook`` results: grouped bars of the percent of documents per code and group.

Each code is a row of bars, one bar per group, so the share of a code can be compared across channels,
years or outlets; the hover gives the counts behind the percentage (documents coded and documents in the
group, and sentences with sentence units). The PNG twin draws the same bars with matplotlib.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pandas as pd
import plotly.graph_objects as go
from matplotlib.figure import Figure

from dauys.report.charts import PALETTE, register_chart, register_reader_title, require_columns, style_figure
from dauys.report.i18n import format_number, register_labels, t
from dauys.report.png import png_style, register_png, save_figure

COLUMNS = ("group", "code", "documents_coded", "documents_in_group", "percent_documents")
BAR_HEIGHT = 22  # pixels per bar of the interactive chart


def codebook_groups(table: pd.DataFrame) -> tuple[list[str], list[tuple[str, pd.DataFrame]]]:
    """The codes in table order, and the table split by group (in table order), each part with one row per
    code in that order (a code missing from a group counts 0)."""
    require_columns(table, COLUMNS, "codebook")
    frame = table.astype({"group": str, "code": str})
    codes = list(pd.unique(frame["code"]))
    groups = []
    for name in pd.unique(frame["group"]):
        part = frame.loc[frame["group"] == name].drop_duplicates("code").set_index("code").reindex(codes)
        numbers = [c for c in part.columns if c != "group"]
        part[numbers] = part[numbers].fillna(0)
        groups.append((name, part.reset_index()))
    return codes, groups


@register_chart("codebook")
def codebook_chart(table: pd.DataFrame, lang: str) -> go.Figure:
    """Horizontal grouped bars: the percent of each group's documents coded with each code.

    The hover of a bar names the group and code and gives the documents coded and the documents in the
    group (the denominator), and with sentence units the sentences coded and in the group.
    """
    codes, groups = codebook_groups(table)
    sentences = "sentences_coded" in table.columns and "sentences_in_group" in table.columns
    hover = (
        f"<b>%{{y}}</b> · %{{fullData.name}}<br>{t('column.percent_documents', lang)}: %{{x:.1f}}<br>"
        f"{t('column.documents_coded', lang)}: %{{customdata[0]}}<br>"
        f"{t('column.documents_in_group', lang)}: %{{customdata[1]}}"
    )
    if sentences:
        hover += (f"<br>{t('column.sentences_coded', lang)}: %{{customdata[2]}}<br>"
                  f"{t('column.sentences_in_group', lang)}: %{{customdata[3]}}")
    fig = go.Figure()
    for i, (name, part) in enumerate(groups):
        counts = ["documents_coded", "documents_in_group"] + (
            ["sentences_coded", "sentences_in_group"] if sentences else [])
        customdata = [[format_number(value, lang) for value in row] for row in part[counts].itertuples(index=False)]
        fig.add_trace(go.Bar(
            x=part["percent_documents"], y=part["code"].astype(str), orientation="h", name=name,
            marker_color=PALETTE[i % len(PALETTE)], customdata=customdata, hovertemplate=hover + "<extra></extra>",
        ))
    fig.update_layout(barmode="group", legend_title_text=t("column.group", lang))
    style_figure(fig, height=max(260, BAR_HEIGHT * len(codes) * len(groups) + 120))
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=codes, autorange="reversed",
                     automargin=True)
    fig.update_xaxes(title_text=t("chart.percent_documents", lang), rangemode="tozero")
    return fig


@register_png("codebook")
def codebook_png(table: pd.DataFrame, path: Path, lang: str) -> Path:
    """The percent of each group's documents coded with each code, as horizontal grouped bars."""
    codes, groups = codebook_groups(table)
    height = 0.8 / max(len(groups), 1)
    with matplotlib.rc_context(png_style()):
        fig = Figure(figsize=(7.0, 0.16 * len(codes) * max(len(groups), 1) + 1.2), layout="constrained")
        ax = fig.subplots()
        for i, (name, part) in enumerate(groups):
            positions = [j - 0.4 + height * (i + 0.5) for j in range(len(codes))]
            ax.barh(positions, part["percent_documents"].to_numpy(dtype=float), height=height, label=name,
                    color=PALETTE[i % len(PALETTE)])
        ax.set_yticks(range(len(codes)), codes)
        ax.invert_yaxis()
        ax.set_xlabel(t("chart.percent_documents", lang))
        if len(groups) > 1:
            ax.legend(title=t("column.group", lang), fontsize=8, frameon=False, loc="upper left",
                      bbox_to_anchor=(1.01, 1.0))
        return save_figure(fig, path)


register_labels({
    "en": {
        "analysis.codebook": "Codebook coding: documents per code",
        "column.documents_coded": "Documents coded",
        "column.documents_in_group": "Documents in the group",
        "column.matches": "Matches",
        "column.sentences_coded": "Sentences coded",
        "column.sentences_in_group": "Sentences in the group",
        "column.percent_sentences": "% of sentences",
        "chart.percent_documents": "% of the group's documents coded",
    },
    "ru": {
        "analysis.codebook": "Кодирование по кодовой книге: документы по кодам",
        "column.documents_coded": "Документов с кодом",
        "column.documents_in_group": "Документов в группе",
        "column.matches": "Совпадений",
        "column.sentences_coded": "Предложений с кодом",
        "column.sentences_in_group": "Предложений в группе",
        "column.percent_sentences": "% предложений",
        "chart.percent_documents": "% документов группы с кодом",
    },
    "kk": {
        "analysis.codebook": "Кодтар кітабы бойынша кодтау: кодтар бойынша құжаттар",
        "column.documents_coded": "Кодталған құжаттар",
        "column.documents_in_group": "Топтағы құжаттар",
        "column.matches": "Сәйкестіктер",
        "column.sentences_coded": "Кодталған сөйлемдер",
        "column.sentences_in_group": "Топтағы сөйлемдер",
        "column.percent_sentences": "Сөйлемдердің %-ы",
        "chart.percent_documents": "топтың кодталған құжаттарының %-ы",
    },
})


register_labels({
    "en": {"title.codebook.title": "Codebook {name}: documents per code",
           "title.codebook.sentences": "sentences coded"},
    "ru": {"title.codebook.title": "Кодовая книга «{name}»: документы по кодам",
           "title.codebook.sentences": "кодировались предложения"},
    "kk": {"title.codebook.title": "«{name}» кодтар кітабы: кодтар бойынша құжаттар",
           "title.codebook.sentences": "сөйлемдер кодталды"},
})


@register_reader_title("codebook")
def codebook_title(params: dict, lang: str) -> str:
    """``Кодовая книга protest: документы по кодам (по каналам)`` (the name is the codebook file's stem)."""
    from pathlib import PurePath

    from dauys.report.views.top_terms import by_phrase, grouped

    title = t("title.codebook.title", lang, name=PurePath(str(params.get("codebook", ""))).stem)
    notes = [by_phrase(params["by"], lang)] if grouped(params) else []
    notes += [t("title.codebook.sentences", lang)] if params.get("unit") == "sentence" else []
    return title + (f" ({'; '.join(notes)})" if notes else "")
