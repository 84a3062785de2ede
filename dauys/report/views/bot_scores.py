"""Bot scores in the report: the accounts with the highest scores against the criteria, cell by cell.

Each row is an account (its pseudonym), each column a criterion: a filled cell is a criterion met, a pale
one a criterion assessed and not met, a blank one with "?" a criterion that could not be assessed (no
creation date, no profile information, too few posts). The score and the flag stand at the row's label,
so the chart shows *why* an account scores high, not only that it does.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from dauys.report.charts import register_chart, register_reader_title, require_columns, style_figure
from dauys.report.i18n import LANGS, format_number, has_label, register_labels, t
from dauys.report.png import png_style, register_png, save_figure

CRITERIA = ("age", "rate", "replies", "name", "default_profile", "duplicates", "bursts")
SHOWN_ACCOUNTS = 40
MET, NOT_MET = "#c0392b", "#e9edf1"

_LABELS = {
    "en": {
        "analysis.bot_scores": "Bot scores: criteria met per account",
        "column.age_days": "Account age at posting, days (median)",
        "column.age_met": "Young account",
        "column.posts_per_day": "Posts per active day",
        "column.max_per_hour": "Most posts in an hour",
        "column.rate_met": "High posting rate",
        "column.replies_met": "Mostly replies",
        "column.name_pattern": "Name pattern",
        "column.name_met": "Bot-like name",
        "column.default_profile": "Default profile",
        "column.default_profile_met": "Default profile (criterion)",
        "column.duplicate_share": "Share of near-duplicate texts",
        "column.duplicates_met": "Copied texts",
        "column.burst_share": "Share of posts in bursts",
        "column.bursts_met": "Bursts",
        "column.criteria_met": "Criteria met",
        "column.criteria_assessed": "Criteria assessed",
        "column.score": "Score",
        "column.flagged": "Flagged",
        "column.first_post": "First post",
        "column.last_post": "Last post",
        "bots.criterion.age": "young account",
        "bots.criterion.rate": "posting rate",
        "bots.criterion.replies": "replies",
        "bots.criterion.name": "name pattern",
        "bots.criterion.default_profile": "default profile",
        "bots.criterion.duplicates": "copied texts",
        "bots.criterion.bursts": "bursts",
        "bots.met": "met",
        "bots.not_met": "not met",
        "bots.not_assessed": "not assessed",
        "bots.flagged": "flagged",
        "bots.account": "account (pseudonym)",
    },
    "ru": {
        "analysis.bot_scores": "Оценки ботов: выполненные критерии по аккаунтам",
        "column.age_days": "Возраст аккаунта при публикации, дней (медиана)",
        "column.age_met": "Молодой аккаунт",
        "column.posts_per_day": "Публикаций в активный день",
        "column.max_per_hour": "Максимум публикаций за час",
        "column.rate_met": "Высокая частота публикаций",
        "column.replies_met": "В основном ответы",
        "column.name_pattern": "Шаблон имени",
        "column.name_met": "Имя как у бота",
        "column.default_profile": "Профиль по умолчанию",
        "column.default_profile_met": "Профиль по умолчанию (критерий)",
        "column.duplicate_share": "Доля почти одинаковых текстов",
        "column.duplicates_met": "Скопированные тексты",
        "column.burst_share": "Доля публикаций во всплесках",
        "column.bursts_met": "Всплески",
        "column.criteria_met": "Выполнено критериев",
        "column.criteria_assessed": "Оценено критериев",
        "column.score": "Оценка",
        "column.flagged": "Отмечен",
        "column.first_post": "Первая публикация",
        "column.last_post": "Последняя публикация",
        "bots.criterion.age": "молодой аккаунт",
        "bots.criterion.rate": "частота публикаций",
        "bots.criterion.replies": "ответы",
        "bots.criterion.name": "шаблон имени",
        "bots.criterion.default_profile": "профиль по умолчанию",
        "bots.criterion.duplicates": "скопированные тексты",
        "bots.criterion.bursts": "всплески",
        "bots.met": "выполнен",
        "bots.not_met": "не выполнен",
        "bots.not_assessed": "не оценён",
        "bots.flagged": "отмечен",
        "bots.account": "аккаунт (псевдоним)",
    },
    "kk": {
        "analysis.bot_scores": "Бот бағалары: аккаунттар бойынша орындалған өлшемдер",
        "column.age_days": "Жариялау кезіндегі аккаунт жасы, күн (медиана)",
        "column.age_met": "Жаңа аккаунт",
        "column.posts_per_day": "Белсенді күндегі жазбалар",
        "column.max_per_hour": "Бір сағаттағы ең көп жазба",
        "column.rate_met": "Жиі жариялау",
        "column.replies_met": "Көбіне жауаптар",
        "column.name_pattern": "Атау үлгісі",
        "column.name_met": "Ботқа ұқсас атау",
        "column.default_profile": "Әдепкі профиль",
        "column.default_profile_met": "Әдепкі профиль (өлшем)",
        "column.duplicate_share": "Бір-біріне ұқсас мәтіндер үлесі",
        "column.duplicates_met": "Көшірілген мәтіндер",
        "column.burst_share": "Екпінді жазбалар үлесі",
        "column.bursts_met": "Екпіндер",
        "column.criteria_met": "Орындалған өлшемдер",
        "column.criteria_assessed": "Бағаланған өлшемдер",
        "column.score": "Баға",
        "column.flagged": "Белгіленген",
        "column.first_post": "Алғашқы жазба",
        "column.last_post": "Соңғы жазба",
        "bots.criterion.age": "жаңа аккаунт",
        "bots.criterion.rate": "жариялау жиілігі",
        "bots.criterion.replies": "жауаптар",
        "bots.criterion.name": "атау үлгісі",
        "bots.criterion.default_profile": "әдепкі профиль",
        "bots.criterion.duplicates": "көшірілген мәтіндер",
        "bots.criterion.bursts": "екпіндер",
        "bots.met": "орындалды",
        "bots.not_met": "орындалмады",
        "bots.not_assessed": "бағаланбады",
        "bots.flagged": "белгіленді",
        "bots.account": "аккаунт (бүркеншік)",
    },
}


def register_new_labels(labels: dict[str, dict[str, str]]) -> None:
    """Register the labels another view has not registered already (shared column names keep their text)."""
    fresh = {key for key in labels["en"] if not has_label(key)}
    register_labels({lang: {k: v for k, v in labels[lang].items() if k in fresh} for lang in LANGS})


register_new_labels(_LABELS)


def criteria_matrix(table: pd.DataFrame, limit: int = SHOWN_ACCOUNTS) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The top ``limit`` accounts by score: a matrix of 1 (met), 0 (not met), NaN (not assessed), and the rows."""
    require_columns(table, ("author_key", "score", "flagged", *(f"{c}_met" for c in CRITERIA)), "bot_scores")
    top = table.sort_values(["score", "criteria_met"], ascending=False, na_position="last", kind="stable").head(limit)
    matrix = pd.DataFrame({c: top[f"{c}_met"].astype("float64") for c in CRITERIA})
    return matrix.reset_index(drop=True), top.reset_index(drop=True)


def _row_labels(top: pd.DataFrame, lang: str) -> list[str]:
    return [f"{key} · {format_number(score, lang, 2) if pd.notna(score) else '—'}{' ⚑' if flagged else ''}"
            for key, score, flagged in zip(top["author_key"], top["score"], top["flagged"], strict=True)]


@register_chart("bot_scores")
def bot_scores_chart(table: pd.DataFrame, lang: str) -> go.Figure:
    """A grid: accounts (top scores first) × criteria, met / not met / not assessed."""
    matrix, top = criteria_matrix(table)
    names = [t(f"bots.criterion.{c}", lang) for c in CRITERIA]
    rows = _row_labels(top, lang)
    state = matrix.to_numpy()
    words = np.where(np.isnan(state), t("bots.not_assessed", lang),
                     np.where(state == 1, t("bots.met", lang), t("bots.not_met", lang)))
    fig = go.Figure(go.Heatmap(
        z=np.where(np.isnan(state), np.nan, state), x=names, y=rows, zmin=0, zmax=1, showscale=False,
        colorscale=[[0, NOT_MET], [1, MET]], xgap=2, ygap=2, customdata=words,
        text=np.where(np.isnan(state), "?", ""), texttemplate="%{text}",
        hovertemplate="<b>%{y}</b><br>%{x}: %{customdata}<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed", title_text=t("bots.account", lang), tickfont={"size": 10})
    fig.update_xaxes(side="top")
    style_figure(fig, height=max(260, 120 + 20 * len(rows)))
    return fig


@register_png("bot_scores")
def bot_scores_png(table: pd.DataFrame, path: Path, lang: str) -> Path:
    """The same grid as a publication figure."""
    matrix, top = criteria_matrix(table)
    state = matrix.to_numpy()
    with matplotlib.rc_context(png_style()):
        fig = Figure(figsize=(7.0, 1.4 + 0.22 * len(top)), layout="constrained")
        ax = fig.subplots()
        ax.imshow(np.ma.masked_invalid(state), cmap=ListedColormap([NOT_MET, MET]), vmin=0, vmax=1, aspect="auto")
        for (i, j) in zip(*np.nonzero(np.isnan(state)), strict=True):
            ax.text(j, i, "?", ha="center", va="center", fontsize=7, color="#7f8c8d")
        ax.set_xticks(range(len(CRITERIA)), [t(f"bots.criterion.{c}", lang) for c in CRITERIA], rotation=30,
                      ha="left", fontsize=8)
        ax.xaxis.tick_top()
        ax.set_yticks(range(len(top)), _row_labels(top, lang), fontsize=7)
        ax.set_ylabel(t("bots.account", lang))
        ax.set_title(t("analysis.bot_scores", lang), fontsize=11)
        return save_figure(fig, path)


register_labels({
    "en": {
        "title.bot_scores.n_of_k": "Bot scores (flagged: {n} or more criteria met)",
        "title.bot_scores.score": "Bot scores (flagged: score ≥ {threshold})",
        "title.bot_scores.criteria_one": "criterion",
        "title.bot_scores.criteria_many": "criteria",
    },
    "ru": {
        "title.bot_scores.n_of_k": "Оценки ботов (отмечены: выполнено не менее {n} {criteria})",
        "title.bot_scores.score": "Оценки ботов (отмечены: оценка ≥ {threshold})",
        "title.bot_scores.criteria_one": "критерия",
        "title.bot_scores.criteria_many": "критериев",
    },
    "kk": {
        "title.bot_scores.n_of_k": "Бот бағалары (белгіленгені: кемінде {n} өлшем орындалған)",
        "title.bot_scores.score": "Бот бағалары (белгіленгені: баға ≥ {threshold})",
        "title.bot_scores.criteria_one": "өлшем",
        "title.bot_scores.criteria_many": "өлшем",
    },
})


def genitive_after(n: int) -> str:
    """Which Russian genitive follows "не менее N" / "от N": ``one`` (1, 21: критерия) or ``many`` (критериев)."""
    return "one" if n % 10 == 1 and n % 100 != 11 else "many"


@register_reader_title("bot_scores")
def bot_scores_title(params: dict, lang: str) -> str:
    """"Оценки ботов (отмечены: оценка ≥ 0.5)", "Бот бағалары (белгіленгені: кемінде 3 өлшем орындалған)"."""
    if params.get("rule", "score") == "n-of-k":
        n = int(params.get("n", 3))
        criteria = t(f"title.bot_scores.criteria_{genitive_after(n)}", lang)
        return t("title.bot_scores.n_of_k", lang, n=n, criteria=criteria)
    return t("title.bot_scores.score", lang, threshold=f"{float(params.get('threshold', 0.5)):g}")
