"""The keyness plot (quanteda's ``textplot_keyness``): horizontal bars of the signed statistic per term.

The target group's key terms point right, strongest on top; the reference group's point left, strongest
at the bottom, so the two ends of the chart are the two groups' most typical words. The hover gives the
rates per 1,000 words of each group, the log ratio and the corrected p-value.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from matplotlib.figure import Figure

from dauys.report.charts import PALETTE, register_chart, register_reader_title, require_columns, style_figure
from dauys.report.i18n import format_number, register_labels, t
from dauys.report.png import png_style, register_png, save_figure

COLUMNS = ("rank", "term", "direction", "statistic", "log_ratio", "p_adjusted", "per_1000_target",
           "per_1000_reference")
SIDES = ("target", "reference")

register_labels({
    "en": {
        "analysis.keyness": "Keyness: terms typical of one group against another",
        "column.count_target": "Count in the target group",
        "column.count_reference": "Count in the reference group",
        "column.per_1000_target": "Per 1,000 words, target",
        "column.per_1000_reference": "Per 1,000 words, reference",
        "column.statistic": "Statistic",
        "column.p": "p",
        "column.p_adjusted": "p (corrected)",
        "column.log_ratio": "Log ratio",
        "column.direction": "More frequent in",
        "keyness.chi2": "chi-square (right: target group, left: reference group)",
        "keyness.lr": "log-likelihood G² (right: target group, left: reference group)",
        "keyness.target": "target group",
        "keyness.reference": "reference group",
        "keyness.rest": "all other documents",
    },
    "ru": {
        "analysis.keyness": "Ключевые слова: характерные для одной группы по сравнению с другой",
        "column.count_target": "Частота в целевой группе",
        "column.count_reference": "Частота в группе сравнения",
        "column.per_1000_target": "На 1000 слов, целевая группа",
        "column.per_1000_reference": "На 1000 слов, группа сравнения",
        "column.statistic": "Статистика",
        "column.p": "p",
        "column.p_adjusted": "p (с поправкой)",
        "column.log_ratio": "Log ratio (двоичный логарифм отношения частот)",
        "column.direction": "Чаще встречается в группе",
        "keyness.chi2": "хи-квадрат (вправо — целевая группа, влево — группа сравнения)",
        "keyness.lr": "логарифм отношения правдоподобия G² (вправо — целевая группа, влево — группа сравнения)",
        "keyness.target": "целевая группа",
        "keyness.reference": "группа сравнения",
        "keyness.rest": "все остальные документы",
    },
    "kk": {
        "analysis.keyness": "Кілт сөздер: бір топқа екіншісімен салыстырғанда тән сөздер",
        "column.count_target": "Негізгі топтағы жиілігі",
        "column.count_reference": "Салыстыру тобындағы жиілігі",
        "column.per_1000_target": "1000 сөзге шаққанда, негізгі топ",
        "column.per_1000_reference": "1000 сөзге шаққанда, салыстыру тобы",
        "column.statistic": "Статистика",
        "column.p": "p",
        "column.p_adjusted": "p (түзетілген)",
        "column.log_ratio": "Log ratio (жиіліктер қатынасының екілік логарифмі)",
        "column.direction": "Жиірек кездесетін топ",
        "keyness.chi2": "хи-квадрат (оңға — негізгі топ, солға — салыстыру тобы)",
        "keyness.lr": "шындыққа ұқсастық қатынасының логарифмі G² (оңға — негізгі топ, солға — салыстыру тобы)",
        "keyness.target": "негізгі топ",
        "keyness.reference": "салыстыру тобы",
        "keyness.rest": "қалған барлық құжаттар",
    },
})


def _sides(table: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """Each side's rows in drawing order, top to bottom: target by rank, then reference by rank reversed."""
    require_columns(table, COLUMNS, "keyness")
    target = table.loc[table["direction"] == "target"].sort_values("rank", kind="stable")
    reference = table.loc[table["direction"] == "reference"].sort_values("rank", ascending=False, kind="stable")
    return [("target", target), ("reference", reference)]


def _names(table: pd.DataFrame, lang: str) -> dict[str, str]:
    """The legend names: the groups' labels as the table's attributes give them."""
    target = str(table.attrs.get("target") or t("keyness.target", lang))
    reference = table.attrs.get("reference")
    if reference is None:
        reference = t("keyness.reference", lang)
    return {"target": target, "reference": str(reference) or t("keyness.rest", lang)}


def _axis_label(table: pd.DataFrame, lang: str) -> str:
    return t("keyness.lr" if table.attrs.get("measure") == "lr" else "keyness.chi2", lang)


@register_chart("keyness")
def keyness_chart(table: pd.DataFrame, lang: str) -> go.Figure:
    """Bars of the signed statistic: the target's key terms to the right, the reference's to the left."""
    sides = _sides(table)
    names = _names(table, lang)
    order = [str(term) for _, part in sides for term in part["term"]]
    hover = (
        "<b>%{y}</b><br>%{fullData.name}<br>" + f"{t('column.statistic', lang)}: %{{x:.2f}}<br>"
        f"{t('column.log_ratio', lang)}: %{{customdata[0]}}<br>"
        f"{t('column.per_1000_target', lang)}: %{{customdata[1]}}<br>"
        f"{t('column.per_1000_reference', lang)}: %{{customdata[2]}}<br>"
        f"{t('column.p_adjusted', lang)}: %{{customdata[3]}}<extra></extra>"
    )
    fig = go.Figure()
    for i, (side, part) in enumerate(sides):
        custom = list(zip(
            part["log_ratio"].map(lambda v: format_number(v, lang, 2)),
            part["per_1000_target"].map(lambda v: format_number(v, lang, 2)),
            part["per_1000_reference"].map(lambda v: format_number(v, lang, 2)),
            part["p_adjusted"].map(lambda v: "—" if pd.isna(v) else f"{v:.2g}"),
            strict=True,
        ))
        fig.add_trace(go.Bar(
            x=part["statistic"].astype(float), y=part["term"].astype(str), orientation="h", name=names[side],
            marker_color=PALETTE[i], customdata=custom, hovertemplate=hover,
        ))
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=order, autorange="reversed",
                     automargin=True)
    fig.update_xaxes(title_text=_axis_label(table, lang), zeroline=True, zerolinecolor="#999999")
    fig.update_layout(barmode="overlay", legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0})
    style_figure(fig, height=max(300, 20 * len(order) + 150))
    return fig


@register_png("keyness")
def keyness_png(table: pd.DataFrame, path: Path, lang: str) -> Path:
    """The keyness plot as a publication figure."""
    sides = _sides(table)
    names = _names(table, lang)
    rows = sum(len(part) for _, part in sides)
    with matplotlib.rc_context(png_style()):
        fig = Figure(figsize=(6.4, 0.24 * rows + 1.4), layout="constrained")
        ax = fig.subplots()
        position = 0
        for i, (side, part) in enumerate(sides):
            positions = np.arange(position, position + len(part))
            ax.barh(positions, part["statistic"].to_numpy(dtype=float), color=PALETTE[i], label=names[side])
            position += len(part)
        terms = [str(term) for _, part in sides for term in part["term"]]
        ax.set_yticks(range(len(terms)), terms)
        ax.invert_yaxis()
        ax.axvline(0, color="#999999", linewidth=0.8)
        ax.set_xlabel(_axis_label(table, lang))
        ax.legend(fontsize=8, frameon=False, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2)
        ax.set_title(t("analysis.keyness", lang), fontsize=11, pad=20)
        return save_figure(fig, path)


register_labels({
    "en": {"title.keyness.title": "Keyness of {terms} ({measure}): {field} {target} against {against}",
           "title.keyness.measure.chi2": "chi-square", "title.keyness.measure.lr": "log-likelihood",
           "title.keyness.reference": "{reference}", "title.keyness.rest": "the rest"},
    "ru": {"title.keyness.title": "Ключевость {terms} ({measure}): {field} {target} в сравнении с {against}",
           "title.keyness.measure.chi2": "хи-квадрат", "title.keyness.measure.lr": "логарифмическое правдоподобие",
           "title.keyness.reference": "группой «{reference}»", "title.keyness.rest": "остальными документами"},
    "kk": {"title.keyness.title": "{terms} кілттілігі ({measure}): {field} {target}, салыстыру тобы — {against}",
           "title.keyness.measure.chi2": "хи-квадрат",
           "title.keyness.measure.lr": "логарифмдік шындыққа ұқсастық",
           "title.keyness.reference": "«{reference}»", "title.keyness.rest": "қалған құжаттар"},
})


@register_reader_title("keyness")
def keyness_title(params: dict, lang: str) -> str:
    """``Ключевость лемм (хи-квадрат): канал dala_habar в сравнении с остальными документами``."""
    from dauys.report.views.top_terms import capital, field_name, terms_phrase

    reference = params.get("reference") or ""
    against = (t("title.keyness.reference", lang, reference=reference) if reference
               else t("title.keyness.rest", lang))
    return capital(t("title.keyness.title", lang, terms=terms_phrase(params, lang, "gen"),
                     measure=t(f"title.keyness.measure.{params.get('measure', 'chi2')}", lang),
                     field=field_name(params.get("by", "channel"), lang), target=params.get("target", ""),
                     against=against))
