"""Top terms in the report: its heading in Kazakh and Russian (the chart lives in :mod:`dauys.report.charts`).

The phrases every term-counting analysis's heading needs are here too, in the grammatical forms a
title asks for: what was counted (``лемм``, ``леммалардың``; a Kazakh noun after a numeral stays
singular: ``15 лемма``), the grouping (``по каналам``, ``арналар бойынша``) and the period.
"""

from __future__ import annotations

from collections.abc import Mapping

from dauys.report.charts import register_reader_title
from dauys.report.i18n import plural_form, register_labels, t

TERM_FORMS = ("nom", "gen", "one")
"""nom: plural (леммы, леммалар); gen: genitive plural (лемм, леммалардың); one: after a numeral (15 лемма)."""

_TERMS = {  # name: (en, (ru nom, ru gen), (kk nom, kk gen, kk after a numeral))
    "lemma": ("lemmas", ("леммы", "лемм"), ("леммалар", "леммалардың", "лемма")),
    "norm": ("words", ("слова", "слов"), ("сөздер", "сөздердің", "сөз")),
    "form": ("word forms", ("словоформы", "словоформ"), ("сөзформалар", "сөзформалардың", "сөзформа")),
    "hashtags": ("hashtags", ("хэштеги", "хэштегов"), ("хэштегтер", "хэштегтердің", "хэштег")),
    "mentions": ("mentions", ("упоминания", "упоминаний"), ("аталымдар", "аталымдардың", "аталым")),
    "emoji": ("emoji", ("эмодзи", "эмодзи"), ("эмодзилер", "эмодзилердің", "эмодзи")),
    "numbers": ("numbers", ("числа", "чисел"), ("сандар", "сандардың", "сан")),
}
_BY = {  # field: (en, ru, kk)
    "corpus": ("by corpus", "по корпусам", "корпустар бойынша"),
    "platform": ("by platform", "по платформам", "платформалар бойынша"),
    "lang": ("by language", "по языкам", "тілдер бойынша"),
    "channel": ("by channel", "по каналам", "арналар бойынша"),
    "year": ("by year", "по годам", "жылдар бойынша"),
    "month": ("by month", "по месяцам", "айлар бойынша"),
    "document": ("by document", "по документам", "құжаттар бойынша"),
}
_FIELD = {  # field: (en, ru, kk), one value of it: "год 2022"; the others reuse their column label ("канал")
    "year": ("year", "год", "жыл"),
}
_COLUMN_FIELDS = ("corpus", "platform", "lang", "channel", "month")

_labels: dict[str, dict[str, str]] = {"en": {}, "ru": {}, "kk": {}}
for _name, (_en, _ru, _kk) in _TERMS.items():
    for _i, _form in enumerate(TERM_FORMS):
        _key = f"title.top_terms.terms.{_name}.{_form}"
        _labels["en"][_key] = _en
        _labels["ru"][_key] = _ru[min(_i, 1)]
        _labels["kk"][_key] = _kk[_i]
for _field, (_en, _ru, _kk) in _BY.items():
    for _lang, _text in zip(("en", "ru", "kk"), (_en, _ru, _kk), strict=True):
        _labels[_lang][f"title.top_terms.by.{_field}"] = _text
for _field, (_en, _ru, _kk) in _FIELD.items():
    for _lang, _text in zip(("en", "ru", "kk"), (_en, _ru, _kk), strict=True):
        _labels[_lang][f"title.top_terms.field.{_field}"] = _text
register_labels({
    "en": {
        **_labels["en"],
        "title.top_terms.ngram.nom": "{n}-word phrases ({terms})",
        "title.top_terms.ngram.gen": "{n}-word phrases ({terms})",
        "title.top_terms.ngram.one": "{n}-word phrases ({terms})",
        "title.top_terms.by.meta": "by {field}",
        "title.top_terms.field.meta": "{field}",
        "title.top_terms.per.week": "per week",
        "title.top_terms.per.month": "per month",
        "title.top_terms.top": "Top {n} {terms}",
        "title.top_terms.top_by": "Top {n} {terms} {by}",
        "title.top_terms.stopwords_kept": "stopwords kept",
    },
    "ru": {
        **_labels["ru"],
        "title.top_terms.ngram.nom": "сочетания из {n} слов ({terms})",
        "title.top_terms.ngram.gen": "сочетаний из {n} слов ({terms})",
        "title.top_terms.ngram.one": "сочетаний из {n} слов ({terms})",
        "title.top_terms.by.meta": "по полю {field}",
        "title.top_terms.field.meta": "поле {field}",
        "title.top_terms.per.week": "по неделям",
        "title.top_terms.per.month": "по месяцам",
        "title.top_terms.top": "Топ-{n} {terms}",
        "title.top_terms.top_by": "Топ-{n} {terms} {by}",
        "title.top_terms.stopwords_kept": "стоп-слова учтены",
    },
    "kk": {
        **_labels["kk"],
        "title.top_terms.ngram.nom": "{n} сөздік тіркестер ({terms})",
        "title.top_terms.ngram.gen": "{n} сөздік тіркестердің ({terms})",
        "title.top_terms.ngram.one": "тіркес ({n} сөздік, {terms})",
        "title.top_terms.by.meta": "{field} өрісі бойынша",
        "title.top_terms.field.meta": "{field} өрісі",
        "title.top_terms.per.week": "апталар бойынша",
        "title.top_terms.per.month": "айлар бойынша",
        "title.top_terms.top": "Ең жиі {n} {terms}",
        "title.top_terms.top_by": "{by} ең жиі {n} {terms}",
        "title.top_terms.stopwords_kept": "стоп-сөздер есептелген",
    },
})


def terms_phrase(params: Mapping, lang: str, form: str = "nom") -> str:
    """What a term analysis counted (its saved ``kind``, ``feature`` and ``ngram``) in ``form``."""
    kind = params.get("kind", "words")
    if kind != "words":
        return t(f"title.top_terms.terms.{kind}.{form}", lang)
    feature = params.get("feature", "lemma")
    ngram = int(params.get("ngram", 1) or 1)
    if ngram == 1:
        return t(f"title.top_terms.terms.{feature}.{form}", lang)
    return t(f"title.top_terms.ngram.{form}", lang, n=ngram, terms=t(f"title.top_terms.terms.{feature}.nom", lang))


def by_phrase(by: str, lang: str) -> str:
    """``по каналам`` / ``арналар бойынша`` for a grouping field (``meta.FIELD`` keeps its name)."""
    if by in _BY:
        return t(f"title.top_terms.by.{by}", lang)
    return t("title.top_terms.by.meta", lang, field=by)


def field_name(by: str, lang: str) -> str:
    """The name of one value's field, before the value: ``канал``, ``арна``, ``поле meta.region``."""
    if by in _COLUMN_FIELDS:
        return t(f"column.{by}", lang).lower()
    if by in _FIELD:
        return t(f"title.top_terms.field.{by}", lang)
    return t("title.top_terms.field.meta", lang, field=by)


def period_phrase(period: str, lang: str) -> str:
    """``по неделям`` / ``айлар бойынша``."""
    return t(f"title.top_terms.per.{period}", lang)


def counted(n: int, forms: tuple[str, str, str], lang: str) -> str:
    """``n`` with a Russian noun in the form the count needs (``forms``: 1, 2-4, 5+); Kazakh keeps one form."""
    return f"{n} {forms[plural_form(n, lang)] if lang == 'ru' else forms[0]}"


def capital(text: str) -> str:
    """``text`` with a capital first letter, unless it starts with a field name such as ``meta.region``."""
    return text if not text or text.startswith("meta.") else text[0].upper() + text[1:]


def grouped(params: Mapping) -> bool:
    """Whether the result is split by a field (``by`` other than ``all``)."""
    return params.get("by", "all") not in ("all", "", None)


@register_reader_title("top_terms")
def top_terms_title(params: dict, lang: str) -> str:
    """``Топ-15 лемм по каналам`` / ``Арналар бойынша ең жиі 15 лемма``."""
    terms = terms_phrase(params, lang, "one" if lang == "kk" else "gen")
    n = params.get("n")
    if grouped(params):
        title = t("title.top_terms.top_by", lang, n=n, terms=terms, by=by_phrase(params["by"], lang))
    else:
        title = t("title.top_terms.top", lang, n=n, terms=terms)
    title = capital(title)
    return title + (f" ({t('title.top_terms.stopwords_kept', lang)})" if params.get("keep_stopwords") else "")
