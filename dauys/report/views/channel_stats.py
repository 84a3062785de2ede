"""Channel statistics in the report (engagement bars), and what the other social-media views share.

The social views (channel_stats, channel_growth, posting_rhythm, top_posts, spikes, compare_channels,
comment_threads, top_commenters, comment_timing, hashtag_campaign) each turn their table into a small
:class:`Plot` — bars, lines, markers or a heat map — that :func:`plotly_figure` draws for the HTML report and
:func:`png_figure` as the publication PNG, so the two always show the same numbers. The labels of every
column of those tables, in English, Russian and Kazakh, are registered here once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import matplotlib
import matplotlib.dates
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from matplotlib.figure import Figure

from dauys.report.charts import PALETTE, register_chart, register_reader_title, require_columns, style_figure
from dauys.report.i18n import has_label, register_labels, t
from dauys.report.png import png_style, register_png, save_figure

METRIC_LABELS = {
    "views": ("Views", "Просмотры", "Қаралым"),
    "likes": ("Likes", "Лайки", "Лайктар"),
    "comments": ("Comments", "Комментарии", "Пікірлер"),
    "shares": ("Shares", "Репосты", "Бөлісулер"),
    "reactions": ("Reactions", "Реакции", "Реакциялар"),
    "forwards": ("Forwards", "Пересылки", "Қайта жіберулер"),
    "replies": ("Replies", "Ответы", "Жауаптар"),
    "interactions": ("Interactions", "Взаимодействия", "Өзара әрекеттер"),
}
COLUMN_LABELS = {
    "posts": ("Posts", "Посты", "Жазбалар"),
    "interactions_per_post": ("Interactions per post", "Взаимодействий на пост", "Бір жазбаға өзара әрекет"),
    "er_view": ("ER by views, %", "ER по просмотрам, %", "Қаралым бойынша ER, %"),
    "er_view_median": ("Median ER by views, %", "Медианный ER по просмотрам, %", "Қаралым бойынша ER медианасы, %"),
    "followers": ("Followers", "Подписчики", "Жазылушылар"),
    "followers_date": ("Followers as of", "Подписчики на дату", "Жазылушылар күні"),
    "er_followers": ("ER by followers, %", "ER по подписчикам, %", "Жазылушылар бойынша ER, %"),
    "formula": ("Formula", "Формула", "Формула"),
    "metric": ("Metric", "Метрика", "Көрсеткіш"),
    "date": ("Date", "Дата", "Күні"),
    "change": ("Change", "Изменение", "Өзгеріс"),
    "days": ("Days", "Дней", "Күн"),
    "change_per_day": ("Change per day", "Изменение в день", "Күніне өзгеріс"),
    "percent_change": ("Change, %", "Изменение, %", "Өзгеріс, %"),
    "weekday": ("Weekday", "День недели", "Апта күні"),
    "day": ("Day", "День", "Күн"),
    "hour": ("Hour", "Час", "Сағат"),
    "mean_interactions": ("Mean interactions", "Среднее число взаимодействий", "Өзара әрекеттің орташасы"),
    "mean_er_view": ("Mean ER by views, %", "Средний ER по просмотрам, %", "Қаралым бойынша орташа ER, %"),
    "external_id": ("Post id", "Id поста", "Жазба id"),
    "url": ("Address", "Адрес", "Мекенжайы"),
    "title": ("Title or text", "Заголовок или текст", "Тақырып не мәтін"),
    "unit": ("Unit", "Единица", "Бірлік"),
    "baseline": ("Typical value", "Типичное значение", "Әдеттегі мән"),
    "z": ("Robust z", "Робастный z", "Робаст z"),
    "spike": ("Spike", "Всплеск", "Секіріс"),
    "spike_direction": ("High or low", "Вверх или вниз", "Жоғары не төмен"),
    "measure": ("Measure", "Показатель", "Көрсеткіш"),
    "per_post": ("Per post", "На пост", "Бір жазбаға"),
    "per_1000_followers": ("Per 1,000 followers", "На 1000 подписчиков", "1000 жазылушыға"),
    "index": ("Index (median channel = 1)", "Индекс (медианный канал = 1)", "Индекс (медиана арна = 1)"),
    "normalise": ("Normalisation", "Нормировка", "Нормалау"),
    "commenters": ("Commenters", "Комментаторы", "Пікір жазушылар"),
    "max_depth": ("Deepest reply", "Макс. глубина ответов", "Жауаптың ең терең деңгейі"),
    "reply_share": ("Share of replies", "Доля ответов", "Жауаптар үлесі"),
    "in_store": ("Post in the project", "Пост в проекте", "Жазба жобада"),
    "author_key": ("Author (pseudonym)", "Автор (псевдоним)", "Автор (бүркеншік)"),
    "first_at": ("First", "Первый", "Алғашқысы"),
    "last_at": ("Last", "Последний", "Соңғысы"),
    "channels": ("Channels", "Каналы", "Арналар"),
    "authors": ("Authors", "Авторы", "Авторлар"),
    "bin": ("Bin", "Интервал", "Аралық"),
    "hours_from": ("From, hours", "С, часов", "Басы, сағат"),
    "hours_to": ("To, hours", "До, часов", "Соңы, сағат"),
    "cumulative": ("Cumulative", "Накопленно", "Жинақталған"),
    "cumulative_share": ("Cumulative share", "Накопленная доля", "Жинақталған үлес"),
    "median_delay_hours": ("Median delay, hours", "Медианная задержка, ч", "Кідірістің медианасы, сағат"),
    "hashtag": ("Hashtag", "Хештег", "Хэштег"),
    "spreader_kind": ("Spreader type", "Тип распространителя", "Таратушы түрі"),
    "spreader": ("Spreader", "Распространитель", "Таратушы"),
    "co_hashtag": ("Co-hashtag", "Сопутствующий хештег", "Қатар жүретін хэштег"),
}
ANALYSIS_LABELS = {
    "channel_stats": ("Channel statistics: posts, reach and engagement rates", "Статистика каналов: посты, охват и ER",
                      "Арналар статистикасы: жазбалар, қамту және ER"),
    "channel_growth": ("Channel growth: subscribers and views between snapshots",
                       "Рост каналов: подписчики и просмотры между замерами",
                       "Арналардың өсуі: өлшемдер арасындағы жазылушылар мен қаралым"),
    "posting_rhythm": ("Posting rhythm: posts by weekday and hour (Almaty time)",
                       "Ритм публикаций: посты по дням недели и часам (время Алматы)",
                       "Жариялау ырғағы: апта күні мен сағат бойынша жазбалар (Алматы уақыты)"),
    "top_posts": ("Top posts", "Лучшие посты", "Үздік жазбалар"),
    "spikes": ("Spikes against the channel's own history", "Всплески относительно истории канала",
               "Арнаның өз тарихымен салыстырғандағы секірістер"),
    "compare_channels": ("Channels compared, normalised", "Сравнение каналов с нормировкой",
                         "Арналарды нормалап салыстыру"),
    "comment_threads": ("Comment threads", "Ветки комментариев", "Пікір тармақтары"),
    "top_commenters": ("Most active commenters", "Самые активные комментаторы", "Ең белсенді пікір жазушылар"),
    "comment_timing": ("Comment timing after publication", "Время комментариев после публикации",
                       "Жарияланғаннан кейінгі пікірлер уақыты"),
    "hashtag_campaign": ("Hashtag campaign", "Хештег-кампания", "Хэштег науқаны"),
}
CHART_LABELS = {
    "social.hours_after": ("hours after publication", "часов после публикации", "жарияланғаннан кейінгі сағат"),
    "social.share_of_comments": ("share of the comments", "доля комментариев", "пікірлер үлесі"),
    "social.er_view": ("engagement rate by views, %", "ER по просмотрам, %", "қаралым бойынша ER, %"),
    "social.value": ("value", "значение", "мәні"),
    "social.documents": ("documents with the hashtag", "документы с хештегом", "хэштегі бар құжаттар"),
    "social.spike": ("spike", "всплеск", "секіріс"),
    "social.other": ("other posts", "прочие посты", "басқа жазбалар"),
    **{f"social.weekday_{i + 1}": names for i, names in enumerate((
        ("Mon", "Пн", "Дс"), ("Tue", "Вт", "Сс"), ("Wed", "Ср", "Ср"), ("Thu", "Чт", "Бс"), ("Fri", "Пт", "Жм"),
        ("Sat", "Сб", "Сн"), ("Sun", "Вс", "Жс")))},
    "filter.kind_posts": ("posts only (no comments)", "только посты (без комментариев)",
                          "тек жазбалар (пікірсіз)"),
    "filter.kind_comments": ("comments and replies only", "только комментарии и ответы", "тек пікірлер мен жауаптар"),
    "filter.parent": ("the comments under {values}", "комментарии к {values}", "{values} астындағы пікірлер"),
}


def _labels() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {"en": {}, "ru": {}, "kk": {}}
    entries = [(f"column.{name}", texts) for name, texts in COLUMN_LABELS.items()]
    for metric, (en, ru, kk) in METRIC_LABELS.items():
        entries.append((f"column.{metric}", (en, ru, kk)))
        entries.append((f"column.{metric}_total", (f"{en}, total", f"{ru}, всего", f"{kk}, барлығы")))
        entries.append((f"column.{metric}_median", (f"{en}, median", f"{ru}, медиана", f"{kk}, медианасы")))
    entries += [(f"analysis.{name}", texts) for name, texts in ANALYSIS_LABELS.items()]
    entries += list(CHART_LABELS.items())
    for key, texts in entries:
        if has_label(key):  # a column another view named already (its label stands)
            continue
        for lang, text in zip(("en", "ru", "kk"), texts, strict=True):
            out[lang][key] = text
    return out


register_labels(_labels())


# --- plots shared by the social views ----------------------------------------------------------------
@dataclass
class Trace:
    name: str
    x: list
    y: list
    hover: list[str] | None = None
    size: list[float] | None = None
    color: str | None = None


@dataclass
class Plot:
    """What a social chart shows: ``kind`` bar, hbar, line or marker traces, or a heat map (``z`` rows × columns)."""

    kind: str
    title: str
    x_label: str
    y_label: str
    traces: list[Trace] = field(default_factory=list)
    z: np.ndarray | None = None
    x_ticks: list[str] | None = None
    y_ticks: list[str] | None = None
    stacked: bool = False
    percent_y: bool = False


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def plotly_figure(plot: Plot) -> go.Figure:
    fig = go.Figure()
    if plot.kind == "heat":
        fig.add_trace(go.Heatmap(z=plot.z, x=plot.x_ticks, y=plot.y_ticks, colorscale="Blues",
                                 hovertemplate="%{y} %{x}: %{z}<extra></extra>"))
        fig.update_yaxes(autorange="reversed", type="category")
        fig.update_xaxes(type="category")
    for i, trace in enumerate(plot.traces):
        color = trace.color or colour(i)
        hover = "%{text}<extra></extra>" if trace.hover else None
        if plot.kind in ("bar", "hbar"):
            horizontal = plot.kind == "hbar"
            fig.add_trace(go.Bar(x=trace.y if horizontal else trace.x, y=trace.x if horizontal else trace.y,
                                 orientation="h" if horizontal else "v", name=trace.name, marker_color=color,
                                 text=trace.hover, hovertemplate=hover, textposition="none"))
        else:
            mode = "lines+markers" if plot.kind == "line" else "markers"
            marker = {"color": color, "size": trace.size if trace.size is not None else 6}
            fig.add_trace(go.Scatter(x=trace.x, y=trace.y, mode=mode, name=trace.name, marker=marker,
                                     line={"color": color, "width": 2}, text=trace.hover, hovertemplate=hover))
    if plot.kind in ("bar", "hbar"):
        fig.update_layout(barmode="stack" if plot.stacked else "group")
    if plot.kind == "hbar":
        fig.update_yaxes(type="category", automargin=True, autorange="reversed")
    fig.update_xaxes(title_text=plot.x_label)
    fig.update_yaxes(title_text=plot.y_label)
    if plot.percent_y:
        fig.update_yaxes(tickformat=".0%", rangemode="tozero")
    fig.update_layout(title_text=plot.title, legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0})
    rows = max((len(tr.x) for tr in plot.traces), default=10)
    height = max(320, 26 * rows + 140) if plot.kind == "hbar" else 440 if plot.kind == "heat" else 420
    style_figure(fig, height=min(height, 1400))
    return fig


def png_figure(plot: Plot, path: Path) -> Path:
    with matplotlib.rc_context(png_style()):
        rows = max((len(tr.x) for tr in plot.traces), default=10)
        height = min(0.24 * rows + 1.2, 14) if plot.kind == "hbar" else 4.0
        fig = Figure(figsize=(7.5, max(height, 2.5)), layout="constrained")
        ax = fig.subplots()
        if plot.kind == "heat":
            image = ax.imshow(plot.z, cmap="Blues", aspect="auto")
            ax.set_xticks(range(len(plot.x_ticks)), plot.x_ticks, fontsize=7)
            ax.set_yticks(range(len(plot.y_ticks)), plot.y_ticks)
            fig.colorbar(image, ax=ax)
        n = max(len(plot.traces), 1)
        dated = False
        for i, trace in enumerate(plot.traces):
            color = trace.color or colour(i)
            y = np.asarray(pd.to_numeric(pd.Series(trace.y), errors="coerce"), dtype=float)
            if plot.kind in ("bar", "hbar"):
                positions = np.arange(len(trace.x))
                width = 0.8 if plot.stacked else 0.8 / n
                offset = 0 if plot.stacked else (i - (n - 1) / 2) * width
                bottom = None
                if plot.stacked and i:
                    bottom = np.nansum([np.asarray(pd.to_numeric(pd.Series(tr.y), errors="coerce"), dtype=float)
                                        for tr in plot.traces[:i]], axis=0)
                if plot.kind == "hbar":
                    ax.barh(positions + offset, np.nan_to_num(y), height=width, left=bottom, color=color,
                            label=trace.name)
                    ax.set_yticks(positions, [str(v)[:50] for v in trace.x])
                    ax.invert_yaxis() if i == 0 else None
                else:
                    ax.bar(positions + offset, np.nan_to_num(y), width=width, bottom=bottom, color=color,
                           label=trace.name)
                    step = max(1, len(trace.x) // 12)
                    ax.set_xticks(positions[::step], [str(v) for v in trace.x][::step],
                                  rotation=45 if len(trace.x) > 6 else 0, ha="right" if len(trace.x) > 6 else "center")
            else:
                x = pd.to_datetime(pd.Series(trace.x), errors="coerce") if _dates(trace.x) else trace.x
                dated = dated or _dates(trace.x)
                sizes = None if trace.size is None else np.asarray(trace.size, dtype=float) ** 2 / 4
                if plot.kind == "line":
                    ax.plot(x, y, color=color, marker="o", markersize=3, label=trace.name)
                else:
                    ax.scatter(x, y, color=color, s=sizes if sizes is not None else 12, label=trace.name)
        if dated:
            # concise date ticks (2022, Jan, 08, ...): full ISO dates every few days overlapped on a 7.5-inch axis
            locator = matplotlib.dates.AutoDateLocator(maxticks=8)
            ax.xaxis.set_major_locator(locator)
            ax.xaxis.set_major_formatter(matplotlib.dates.ConciseDateFormatter(locator, **NUMERIC_DATES))
        if plot.percent_y:
            ax.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
        ax.set_xlabel(plot.x_label)
        ax.set_ylabel(plot.y_label)
        if plot.kind != "heat" and len(plot.traces) > 1:
            ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        ax.set_title(plot.title, fontsize=11)
        return save_figure(fig, path)


# numbers only, no English month abbreviations in a Kazakh or Russian PNG
NUMERIC_DATES = {
    "formats": ["%Y", "%Y-%m", "%m-%d", "%H:%M", "%H:%M", "%S.%f"],
    "zero_formats": ["", "%Y", "%Y-%m", "%m-%d", "%H:%M", "%H:%M"],
    "offset_formats": ["", "%Y", "%Y-%m", "%Y-%m-%d", "%Y-%m-%d", "%Y-%m-%d %H:%M"],
}


def _dates(values: list) -> bool:
    return bool(values) and all(hasattr(v, "year") for v in values[:5])


def label(key: str, lang: str) -> str:
    return t(key, lang) if has_label(key) else key


def number(value, decimals: int = 0) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "—"
    return f"{value:,.{decimals}f}"


def register_plot(name: str, build):
    """Register ``build(table, lang) -> Plot`` as both the interactive chart and the PNG of analysis ``name``."""

    @register_chart(name)
    def chart(table: pd.DataFrame, lang: str) -> go.Figure:
        return plotly_figure(build(table, lang))

    @register_png(name)
    def png(table: pd.DataFrame, path: Path, lang: str) -> Path:
        return png_figure(build(table, lang), path)

    return build


# --- channel_stats: engagement bars -----------------------------------------------------------------
STATS_COLUMNS = ("channel", "period", "start", "posts", "er_view", "er_followers")


def channel_stats_plot(table: pd.DataFrame, lang: str) -> Plot:
    """Engagement rate by views per channel and period (grouped bars); the hover adds ER by followers."""
    require_columns(table, STATS_COLUMNS, "channel_stats")
    periods = table[["start", "period"]].drop_duplicates().sort_values("start", kind="stable")["period"].tolist()
    traces = []
    for channel, part in table.groupby("channel", sort=True):
        part = part.set_index("period").reindex(periods)
        hover = [f"{channel} · {p}<br>{label('column.er_view', lang)}: {number(v, 2)}<br>"
                 f"{label('column.er_followers', lang)}: {number(f, 3)}<br>{label('column.posts', lang)}: {number(n)}"
                 for p, v, f, n in zip(periods, part["er_view"], part["er_followers"], part["posts"], strict=True)]
        traces.append(Trace(str(channel), periods, part["er_view"].tolist(), hover))
    return Plot("bar", label("analysis.channel_stats", lang), label("column.period", lang),
                label("social.er_view", lang), traces)


register_plot("channel_stats", channel_stats_plot)


# --- reader titles: the English result titles of the social analyses in Kazakh and Russian ---------------
# "by X" groupings: Russian по + dative plural, Kazakh plural + бойынша ("по месяцам", "айлар бойынша")
TITLE_GROUPS = {
    "channel": ("channel", "каналам", "арналар"),
    "post": ("post", "постам", "жазбалар"),
    "posts": ("posts", "постам", "жазбалар"),
    "days": ("days", "дням", "күндер"),
    "year": ("year", "годам", "жылдар"),
    "quarter": ("quarter", "кварталам", "тоқсандар"),
    "month": ("month", "месяцам", "айлар"),
    "week": ("week", "неделям", "апталар"),
    "day": ("day", "дням", "күндер"),
}
# a metric after "by" (top posts by views) and as what spikes (spikes in views)
TITLE_METRICS = {
    "views": (("views", "по просмотрам", "қаралым бойынша"), ("views", "просмотров", "қаралым")),
    "likes": (("likes", "по лайкам", "лайк саны бойынша"), ("likes", "лайков", "лайк")),
    "comments": (("comments", "по комментариям", "пікір саны бойынша"), ("comments", "комментариев", "пікір")),
    "shares": (("shares", "по репостам", "бөлісу саны бойынша"), ("shares", "репостов", "бөлісу")),
    "reactions": (("reactions", "по реакциям", "реакция саны бойынша"), ("reactions", "реакций", "реакция")),
    "forwards": (("forwards", "по пересылкам", "қайта жіберу саны бойынша"),
                 ("forwards", "пересылок", "қайта жіберу")),
    "replies": (("replies", "по ответам", "жауап саны бойынша"), ("replies", "ответов", "жауап")),
    "reposts": (("reposts", "по репостам", "репост саны бойынша"), ("reposts", "репостов", "репост")),
    "interactions": (("interactions", "по взаимодействиям", "өзара әрекет саны бойынша"),
                     ("interactions", "взаимодействий", "өзара әрекет")),
    "er_view": (("ER by views", "по ER от просмотров", "қаралымға шаққандағы ER бойынша"),
                ("ER by views", "ER от просмотров", "қаралымға шаққандағы ER")),
    "posts": (("posts", "по числу постов", "жазба саны бойынша"), ("posts", "числа постов", "жазба санының")),
}


def _title_labels() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {"en": {}, "ru": {}, "kk": {}}
    entries = [
        ("title.social.by", ("by {group}", "по {group}", "{group} бойынша")),
        ("title.social.by_two", ("by {first} and {second}", "по {first} и {second}", "{first} мен {second} бойынша")),
        ("title.social.by_metric", ("by {metric}", "по метрике {metric}", "{metric} көрсеткіші бойынша")),
        ("title.social.of_metric", ("{metric}", "метрики {metric}", "{metric} көрсеткішінің")),
    ]
    entries += [(f"title.social.group.{name}", texts) for name, texts in TITLE_GROUPS.items()]
    for metric, (by, of) in TITLE_METRICS.items():
        entries.append((f"title.social.by_metric.{metric}", (f"by {by[0]}", *by[1:])))
        entries.append((f"title.social.of_metric.{metric}", of))
    for key, texts in entries:
        for lang, text in zip(("en", "ru", "kk"), texts, strict=True):
            out[lang][key] = text
    return out


register_labels(_title_labels())


def sentence(text: str) -> str:
    """``text`` with its first letter a capital (a Kazakh title may start with a lower-case phrase); a title
    that starts with a name or value (a metric without a label, a hashtag) keeps it as it is."""
    return text[:1].upper() + text[1:] if "\u0400" <= text[:1] <= "\u04ff" else text


def by_group(lang: str, *groups: str) -> str:
    """"по каналам", "арналар мен айлар бойынша": the grouping by one or two of :data:`TITLE_GROUPS`."""
    names = [t(f"title.social.group.{g}", lang) if has_label(f"title.social.group.{g}") else g for g in groups]
    if len(names) == 1:
        return t("title.social.by", lang, group=names[0])
    return t("title.social.by_two", lang, first=names[0], second=names[1])


def by_metric(metric: str, lang: str) -> str:
    """"по просмотрам", "қаралым бойынша"; a metric without a label keeps its name ("по метрике reposts")."""
    key = f"title.social.by_metric.{metric}"
    return t(key, lang) if has_label(key) else t("title.social.by_metric", lang, metric=metric)


def of_metric(metric: str, lang: str) -> str:
    """"просмотров" (всплески просмотров), "қаралым" (қаралым секірістері); unknown metrics keep their name."""
    key = f"title.social.of_metric.{metric}"
    return t(key, lang) if has_label(key) else t("title.social.of_metric", lang, metric=metric)


def period_title(params: dict, lang: str, base: str, whole: str = "all") -> str:
    """The title ``title.<base>`` of an analysis, or ``title.<base>.by`` with its grouping by ``params["period"]``
    unless the period is the ``whole`` one (the reader-language form of ``metrics.title_by_period``)."""
    period = str(params.get("period", whole))
    if period == whole:
        return t(f"title.{base}", lang)
    return sentence(t(f"title.{base}.by", lang, by=by_group(lang, period)))


def register_titles(labels: dict[str, tuple[str, str, str]]) -> None:
    """Register an analysis's title labels, given as ``{key: (en, ru, kk)}``."""
    langs = ("en", "ru", "kk")
    register_labels({lang: {key: texts[i] for key, texts in labels.items()} for i, lang in enumerate(langs)})


register_titles({
    "title.channel_stats": ("Channel statistics", "Статистика каналов", "Арналар статистикасы"),
    "title.channel_stats.by": ("Channel statistics {by}", "Статистика каналов {by}", "{by} арналар статистикасы"),
})


@register_reader_title("channel_stats")
def channel_stats_title(params: dict, lang: str) -> str:
    """"Статистика каналов по месяцам", "Айлар бойынша арналар статистикасы"."""
    return period_title(params, lang, "channel_stats")
