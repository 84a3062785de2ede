"""Result headings in Kazakh and Russian for the text analyses: the same facts as the English title.

Each analysis runs once on a small Kazakh and Russian project (agreement, which needs coders' sheets, takes
its parameters the way a run saves them); the saved params then give the kk and ru headings, which must
hold the right words and no English words other than the names and values of the run.
"""

from __future__ import annotations

import re
from dataclasses import asdict

import pytest
from conftest import add_documents

from dauys.analyze import get_analysis, run_analysis
from dauys.analyze.codebook import apply_codebook, parse_codebook
from dauys.report.charts import reader_title
from dauys.store.filters import DocumentFilter

TEXTS = [
    ("dala_habar", "2024-01-05T06:00Z", "Газ бағасы тағы өсті. Тариф өсті, халық наразы. #тариф"),
    ("dala_habar", "2024-01-20T06:00Z", "Жол жөндеу басталды. Газ тарифі туралы жиын өтті. #газ"),
    ("dala_habar", "2024-02-03T06:00Z", "Сот шешімі шықты. Сот газ компаниясын жазалады."),
    ("dala_habar", "2024-02-18T06:00Z", "Газ бағасы мен тариф тағы өсті, жиын өтті. #тариф"),
    ("dala_habar", "2024-03-09T06:00Z", "Сот тариф туралы шешім шығарды. Жол жөндеу тоқтады."),
    ("vestnik", "2024-01-11T06:00Z", "Цены на газ выросли снова. Тариф на газ вырос. #тариф"),
    ("vestnik", "2024-01-25T06:00Z", "Суд рассмотрел жалобу на тариф. Суд отклонил жалобу."),
    ("vestnik", "2024-02-14T06:00Z", "Ремонт дорог начался. Цены на газ снова выросли. #газ"),
    ("vestnik", "2024-03-01T06:00Z", "Суд по делу о тарифе на газ отложен. Жалобу рассмотрят снова."),
    ("vestnik", "2024-03-20T06:00Z", "Ремонт дорог закончился, цены на газ выросли. #тариф"),
]
CODEBOOK = """
name: utilities
codes:
  - name: gas
    description: Gas and its price.
    patterns:
      kk: {lemma: [газ]}
      ru: {lemma: [газ]}
  - name: roads
    description: Roads and their repair.
    patterns:
      kk: {lemma: [жол]}
      ru: {lemma: [дорога]}
"""


@pytest.fixture(scope="module")
def titles(tmp_path_factory) -> dict[str, dict[str, str]]:
    """The en, ru and kk headings of one run of each analysis, keyed by a case name."""
    import dauys

    folder = tmp_path_factory.mktemp("titles")
    study = dauys.init_project(folder / "study")
    add_documents(study, [{"external_id": f"p{i}", "channel": channel, "created_at": when, "text": text,
                           "meta": None} for i, (channel, when, text) in enumerate(TEXTS, 1)])
    codebook = folder / "utilities.yaml"
    codebook.write_text(CODEBOOK, encoding="utf-8")
    apply_codebook(study, parse_codebook(CODEBOOK))
    runs = {
        "top_terms": ("top_terms", {"n": 15, "by": "channel", "keep_stopwords": True}),
        "top_hashtags": ("top_terms", {"n": 5, "kind": "hashtags"}),
        "term_matrix": ("term_matrix", {"n": 10, "by": "channel", "ngram": 2}),
        "dfm": ("dfm", {"by": "channel", "weight": "tfidf"}),
        "keyness": ("keyness", {"by": "channel", "target": "dala_habar", "min_count": 1}),
        "keyness_lr": ("keyness", {"by": "channel", "target": "vestnik", "reference": "dala_habar",
                                   "measure": "lr", "min_count": 1}),
        "kwic": ("kwic", {"pattern": "сот"}),
        "kwic_regex": ("kwic", {"pattern": "газ.*", "match": "regex", "regex_on": "text"}),
        "collocations": ("collocations", {"min_count": 1}),
        "collocates": ("collocations", {"node": "газ", "ordered": True, "measure": "pmi", "min_count": 1}),
        "network": ("network", {"min_weight": 1}),
        "network_window": ("network", {"level": "window", "window": 3, "min_weight": 1}),
        "topics": ("topics", {"n_topics": 2, "min_docfreq": 1}),
        "topic_count": ("topic_count", {"k": "2-3", "min_docfreq": 1}),
        "clusters": ("clusters", {"k": "2-3", "min_docfreq": 1}),
        "clusters_ward": ("clusters", {"k": "2", "method": "ward", "min_docfreq": 1}),
        "trends": ("trends", {"terms": "газ,тариф"}),
        "trends_terms": ("trends", {"terms": "газ", "unit": "terms", "period": "week", "by": "channel"}),
        "code_trends": ("code_trends", {}),
        "code_trends_one": ("code_trends", {"codes": "gas", "by": "channel"}),
        "codebook": ("codebook", {"codebook": str(codebook), "by": "channel", "unit": "sentence"}),
    }
    shown = {}
    for case, (name, params) in runs.items():
        saved = run_analysis(study, name, params)
        assert saved.params["filter"] is not None  # the params dict as the report reads it
        shown[case] = {lang: reader_title(name, saved.params, saved.title, lang) for lang in ("en", "ru", "kk")}
    agreement = get_analysis("agreement")
    for case, params in (("agreement", {}), ("agreement_of", {"coders": "Айгүл, Dana"})):
        checked = agreement.validate(params)
        saved_params = {**asdict(checked), "filter": DocumentFilter(tz=study.tz).describe()}
        title = agreement().result_title(checked)
        shown[case] = {lang: reader_title("agreement", saved_params, title, lang) for lang in ("en", "ru", "kk")}
    return shown


def latin_words(title: str) -> set[str]:
    """The words of ``title`` written in Latin letters (with their digits, dots, hyphens and underscores)."""
    return set(re.findall(r"[A-Za-z][A-Za-z0-9_.\-]*", title))


# case: (words the ru title holds, words the kk title holds, the Latin words either may hold: names and values)
EXPECTED = {
    "top_terms": (["Топ-15 лемм", "по каналам", "стоп-слова учтены"],
                  ["Арналар бойынша", "ең жиі 15 лемма", "стоп-сөздер есептелген"], set()),
    "top_hashtags": (["Топ-5 хэштегов"], ["Ең жиі 5 хэштег"], set()),
    "term_matrix": (["Топ-10 сочетаний из 2 слов", "по каналам", "матрица со средним"],
                    ["Арналар бойынша", "ең жиі 10 тіркес (2 сөздік", "орташа мәні бар матрица"], set()),
    "dfm": (["Матрица «документ — признак» для лемм", "по каналам", "tf-idf (idf: обратная)"],
            ["Леммалар үшін «құжат — белгі» матрицасы", "арналар бойынша", "tf-idf (idf: кері)"], {"tf-idf", "idf"}),
    "keyness": (["Ключевость лемм", "хи-квадрат", "канал dala_habar", "с остальными документами"],
                ["Леммалардың кілттілігі", "хи-квадрат", "арна dala_habar", "қалған құжаттар"], {"dala_habar"}),
    "keyness_lr": (["логарифмическое правдоподобие", "канал vestnik", "с группой «dala_habar»"],
                   ["логарифмдік шындыққа ұқсастық", "арна vestnik", "«dala_habar»"], {"dala_habar", "vestnik"}),
    "kwic": (["Ключевое слово в контексте: сот (лемма)"], ["Контекстегі кілт сөз: сот (лемма)"], set()),
    "kwic_regex": (["газ.* (регулярное выражение по тексту)"], ["газ.* (мәтін бойынша тұрақты өрнек)"], set()),
    "collocations": (["Коллокации лемм", "окно 5", "мера: логарифмическое правдоподобие"],
                     ["Леммалардың коллокациялары", "терезе 5", "өлшем: логарифмдік шындыққа ұқсастық"], set()),
    "collocates": (["Коллокаты «газ»", "с учётом порядка", "мера: PMI"],
                   ["«газ» коллокаттары", "реті ескеріледі", "өлшем: PMI"], {"PMI"}),
    "network": (["Сеть совместной встречаемости лемм", "топ-100", "в документах"],
                ["Леммалардың бірге кездесу желісі", "ең жиі 100", "құжаттар ішінде"], set()),
    "network_window": (["в окнах по 3 токена"], ["3 токендік терезелер ішінде"], set()),
    "topics": (["2 темы NMF на основе лемм"], ["Леммалар негізіндегі 2 NMF тақырыбы"], {"NMF"}),
    "topic_count": (["Согласованность тематических моделей NMF на основе лемм", "от числа тем (2-3)"],
                    ["Леммалар негізіндегі NMF тақырыптық модельдерінің", "үйлесімділігі (2-3)"], {"NMF"}),
    "clusters": (["Кластеры документов на основе лемм", "метод k-средних", "k из 2-3 по силуэту"],
                 ["Леммалар негізіндегі құжаттар кластерлері", "k-орташа әдісі", "силуэт бойынша 2-3 аралығынан"],
                 {"k", "k-"}),
    "clusters_ward": (["метод Уорда, k = 2"], ["Уорд әдісі, k = 2"], {"k"}),
    "trends": (["Доля документов по месяцам: газ, тариф"], ["Айлар бойынша құжаттардың үлесі: газ, тариф"], set()),
    "trends_terms": (["Доля лемм по неделям: газ (по каналам)"],
                     ["Апталар бойынша леммалардың үлесі: газ (арналар бойынша)"], set()),
    # the saved params name the coder the run used (the codebook's codes), so the heading does too
    "code_trends": (["Доля документов по месяцам с каждым из кодов (кодовая книга «utilities»)"],
                    ["Айлар бойынша әр кодпен белгіленген құжаттар үлесі («utilities» кодтар кітабы)"],
                    {"utilities"}),
    "code_trends_one": (["Доля документов по месяцам с кодом gas (кодовая книга «utilities»; по каналам)"],
                        ["Айлар бойынша gas кодымен белгіленген құжаттар үлесі («utilities» кодтар кітабы; "
                         "арналар бойынша)"], {"gas", "utilities"}),
    "codebook": (["Кодовая книга «utilities»: документы по кодам", "по каналам", "кодировались предложения"],
                 ["«utilities» кодтар кітабы: кодтар бойынша құжаттар", "арналар бойынша", "сөйлемдер кодталды"],
                 {"utilities"}),
    "agreement": (["Согласие между кодировщиками"], ["Кодтаушылар арасындағы келісім"], set()),
    "agreement_of": (["Согласие между кодировщиками: Айгүл, Dana"],
                     ["Кодтаушылар арасындағы келісім: Айгүл, Dana"], {"Dana"}),
}


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_the_kazakh_and_russian_titles_say_what_the_english_one_says(titles, case):
    ru_words, kk_words, names = EXPECTED[case]
    shown = titles[case]
    for lang, words in (("ru", ru_words), ("kk", kk_words)):
        for word in words:
            assert word in shown[lang], (lang, word, shown[lang])
        assert latin_words(shown[lang]) <= names, (lang, shown[lang], shown["en"])
        assert shown[lang] != shown["en"]
        assert shown[lang][0].isupper() or shown[lang][0] in "«0123456789", (lang, shown[lang])


def test_every_analysis_of_the_list_has_its_own_reader_title():
    from dauys.report.charts import READER_TITLES
    from dauys.report.views import load_views

    load_views()
    listed = {"agreement", "clusters", "code_trends", "codebook", "collocations", "dfm", "top_terms", "term_matrix",
              "keyness", "kwic", "network", "topics", "topic_count", "trends"}
    assert listed <= set(READER_TITLES)
