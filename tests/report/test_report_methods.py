"""The methods paragraph: counts, date ranges, sources, pseudonymisation and steps, in en, ru and kk.

``make_study`` builds the small study the other report tests use, through the real import path.
"""

from __future__ import annotations

import pandas as pd
import pytest

import dauys
from dauys.ingest.writer import SourceInfo, write_documents
from dauys.provenance import Run
from dauys.report.methods import describe_filter, methods_paragraphs, methods_text

TOP_TERMS = pd.DataFrame(
    {
        "group": ["telegram"] * 3 + ["speeches"] * 3,
        "rank": [1, 2, 3, 1, 2, 3],
        "term": ["газ", "бағасы", "жастар", "қазақстан", "халық", "экономика"],
        "count": [3, 2, 1, 5, 4, 2],
        "per_1000": [150.0, 100.0, 50.0, 125.0, 100.0, 50.0],
        "documents": [2, 2, 1, 2, 2, 1],
    }
)


def make_study(project: dauys.Project, *, sample: bool = False) -> None:
    """Two imports (a Telegram table and a folder of addresses) and one saved top_terms result.

    Telegram: 6 rows staged (one repeats an id) and 1 rejected before staging, so 7 read, 5 imported,
    1 duplicate, 1 rejected. Addresses: 2 read, 2 imported, authors kept as given.
    """
    posts = pd.DataFrame(
        {
            "row": [1, 2, 3, 4, 5, 6],
            "external_id": ["tg1", "tg2", "tg3", "tg4", "tg5", "tg1"],
            "author": ["Айгерім", "Ерлан", "Айгерім", "Дана", "Ерлан", "Айгерім"],
            # 2022-01-02 19:30 UTC is 3 January in Almaty (UTC+6)
            "created_at": pd.to_datetime(
                ["2022-01-02T19:30:00Z", "2022-01-05T06:00:00Z", "2022-01-06T09:00:00Z",
                 "2022-02-10T10:00:00Z", "2022-03-14T17:00:00Z", "2022-01-02T19:30:00Z"], utc=True
            ),
            "lang": ["kk", "kk", "ru", "kk", "ru", "kk"],
            "text": [
                "Жаңаөзендегі газ бағасы екі есе қымбаттады",
                "Алматыда жастар алаңға шықты",
                "Цены на газ выросли вдвое",
                "Әкімдік тұрғындардың өтінішіне жауап бермеді",
                "Жители просят отремонтировать дорогу",
                "Жаңаөзендегі газ бағасы екі есе қымбаттады",
            ],
        }
    )
    location = "/home/aigerim/data/telegram_posts.csv"
    write_documents(
        project, Run("import.table", {"path": location, "corpus": "telegram", "platform": "telegram"}),
        SourceInfo("table", location, {"sample": "synthetic"} if sample else {}),
        posts, corpus="telegram", platform="telegram", rejected=1,
    )
    addresses = pd.DataFrame(
        {
            "row": [1, 2],
            "external_id": ["joldau-2019.txt", "joldau-2020.txt"],
            "author": ["Қ.-Ж. Тоқаев", "Қ.-Ж. Тоқаев"],
            "created_at": pd.to_datetime(["2019-09-02T04:00:00Z", "2020-09-01T04:00:00Z"], utc=True),
            "lang": ["kk", "kk"],
            "text": ["Қазақстан халқына Жолдау: экономика және халық",
                     "Жаңа жағдайдағы Қазақстан: экономика"],
        }
    )
    folder = "/home/aigerim/data/joldaular"
    write_documents(
        project, Run("import.docs", {"path": folder, "corpus": "speeches", "keep_authors": True}),
        SourceInfo("docs", folder, {}), addresses, corpus="speeches", platform="akorda", keep_authors=True,
    )
    run = Run("analyze.top_terms", {
        "by": "corpus", "n": 3,
        "filter": {"lang": ["kk", "ru"], "since": "2019-01-01", "until": "2022-12-31"},
    })
    run.counts = {"documents": 21, "groups": 2, "tokens": 1234}
    with project.store.write() as con:
        run.record(con, n_in=21, n_out=len(TOP_TERMS))
        project.save_result(con, run, "top_terms", "Жиі сөздер / Top terms", TOP_TERMS)


@pytest.fixture
def study(project) -> dauys.Project:
    make_study(project)
    return project


def test_english_methods_name_sources_counts_dates_and_steps(study):
    text = methods_text(study, "en")
    assert f"dauys {dauys.__version__}" in text
    assert "The project “study” holds 7 documents from 2 sources" in text
    assert "Source 1 is the table file “telegram_posts.csv” (corpus “telegram”, platform telegram)" in text
    assert "From it, 7 records were read; 5 new documents were added to the project, 1 duplicate was " \
           "skipped and 1 row was rejected (the rejected rows and the reasons are listed in the project's " \
           "imports/ folder)." in text
    # min and max created_at in Asia/Almaty: 2022-01-02 19:30 UTC is already 3 January there
    assert "Its documents date from 3 January 2022 to 14 March 2022." in text
    assert "Source 2 is the folder of documents “joldaular” (corpus “speeches”, platform akorda)" in text
    assert "From it, 2 records were read; 2 new documents were added to the project, 0 duplicates were " \
           "skipped and 0 rows were rejected." in text
    assert "from 2 September 2019 to 1 September 2020" in text
    assert "Unless stated otherwise below, author names and account ids were replaced" in text
    assert "In this source author names were kept as given" in text
    assert "the analysis “Most frequent terms per group” (analyze.top_terms) was run; it covered the " \
           "documents selected by language: Kazakh, Russian; dates from 1 January 2019 to 31 December 2022." \
           in text
    assert "Parameters: by = corpus; n = 3." in text
    assert "Counted: 21 documents, 1,234 word tokens, 2 groups." in text
    assert "The resulting table “Жиі сөздер / Top terms” is saved in the project (result 1)." in text
    assert "/home/aigerim" not in text, "a shared methods text must not carry the researcher's local paths"


def test_russian_methods_use_the_right_plural_forms(study):
    text = methods_text(study, "ru")
    assert "Проект «study» содержит 7 документов из 2 источников" in text
    assert "Источник 1 — табличный файл «telegram_posts.csv» (корпус «telegram», платформа telegram)" in text
    assert "Из него прочитано 7 записей; в проект добавлено 5 новых документов, пропущен 1 дубликат и " \
           "отклонена 1 строка (отклонённые строки и причины перечислены в папке imports/ проекта)." in text
    assert "Из него прочитаны 2 записи; в проект добавлены 2 новых документа, пропущено 0 дубликатов и " \
           "отклонено 0 строк." in text
    assert "Документы источника датированы периодом с 3 января 2022 г. по 14 марта 2022 г." in text
    assert "Учтено: 21 документ, 1234 словоупотребления, 2 группы." in text
    assert "язык — казахский, русский; период с 1 января 2019 г. по 31 декабря 2022 г." in text
    assert "г.." not in text


def test_kazakh_methods_keep_nouns_singular_after_numerals(study):
    text = methods_text(study, "kk")
    assert "«study» жобасында 2 дереккөзден алынған 7 құжат бар" in text
    assert "1-дереккөз — «telegram_posts.csv» кесте файлы («telegram» корпусы, telegram платформасы)" in text
    assert "Одан 7 жазба оқылды; жобаға 5 жаңа құжат қосылды, қайталанған 1 жазба қосылмады, " \
           "1 жол қабылданбады (" in text
    assert "Дереккөз құжаттары 2022 жылғы 3 қаңтардан 2022 жылғы 14 наурызға дейінгі кезеңге жатады." in text
    assert "2019 жылғы 2 қыркүйектен 2020 жылғы 1 қыркүйекке дейінгі" in text
    assert "Есепке алынғаны: 21 құжат, 1234 сөзқолданыс, 2 топ." in text
    assert "«Топтар бойынша ең жиі қолданылған сөздер» талдауы орындалды" in text


def test_removal_unknown_steps_and_sample_data_are_described(project):
    make_study(project, sample=True)
    step = Run("text.process", {"lemmas": True, "filter": {"corpus": ["telegram"]}})
    step.counts = {"documents": 5, "skipped_empty": 0}
    with project.store.write() as con:
        step.record(con, n_in=5, n_out=5)
    project.forget(corpus="speeches")

    text = methods_text(project, "en")
    assert "These are synthetic sample data made for illustration, not real data." in text
    assert "the step “text.process” was run. It covered the documents selected by corpus “telegram”. " \
           "Parameters: lemmas = yes. Counted: 5 documents, skipped_empty: 0." in text
    assert "2 documents were removed from the project (corpus “speeches”)." in text
    assert "Its documents were later removed from the project." in text
    assert "holds 5 documents from 1 source;" in text
    ru = methods_text(project, "ru")
    assert "из проекта удалены 2 документа (корпус «speeches»)" in ru
    assert "Это синтетические демонстрационные данные" in ru


def test_removal_by_source_names_the_source(study):
    study.forget(source_id=1)
    text = methods_text(study, "kk")
    assert "жобадан 5 құжат жойылды (1-дереккөз, «telegram_posts.csv»)" in text


def test_an_empty_project_still_says_which_software(project):
    paragraphs = methods_paragraphs(project, "ru")
    opening = f"Данные подготовлены и проанализированы с помощью dauys {dauys.__version__} — "
    assert paragraphs[0].startswith(opening)
    assert "Проект «study» пока не содержит документов." in paragraphs[0]
    assert paragraphs[-1].startswith("Каждый шаг")


def test_documents_without_dates_are_counted(project):
    staged = pd.DataFrame({"row": [1, 2], "external_id": ["a", "b"], "text": ["Сәлем, әлем", "Ещё текст"],
                           "created_at": pd.to_datetime(["2023-05-01T10:00:00Z", None], utc=True)})
    write_documents(project, Run("import.table", {}), SourceInfo("table", "posts.xlsx", {}), staged,
                    corpus="c", platform="web")
    text = methods_text(project, "en")
    assert "All its documents are dated 1 May 2023. 1 document has no date." in text
    assert "1 документ не имеет даты." in methods_text(project, "ru")


def test_filters_read_as_words_in_each_language():
    selection = {"corpus": ["azattyq", "tengrinews"], "platform": ["web"], "since": "2022-01-04",
                 "meta": {"outlet": "Azattyq"}}
    assert describe_filter(selection, "en") == (
        "corpora “azattyq” and “tengrinews”; platform web; dates from 4 January 2022 on; "
        "meta field outlet = Azattyq"
    )
    assert describe_filter(selection, "ru") == (
        "корпусы «azattyq» и «tengrinews»; платформа web; период начиная с 4 января 2022 г.; "
        "поле meta outlet = Azattyq"
    )
    assert describe_filter({"until": "2022-01-31"}, "kk") == "кезең — 2022 жылғы 31 қаңтарға дейін"
    assert describe_filter({}, "kk") == ""


def test_a_project_marked_as_sample_data_says_so(project):
    config = project.path / "dauys.toml"
    config.write_text(config.read_text(encoding="utf-8") + 'sample_data = "synthetic"\n', encoding="utf-8")
    marked = dauys.open_project(project.path)
    assert "All data in this project are synthetic sample data" in methods_text(marked, "en")
    assert "Все данные этого проекта — синтетические демонстрационные данные" in methods_text(marked, "ru")
    assert "synthetic" not in methods_text(project, "en")


def test_counts_of_an_unknown_step_come_after_the_known_ones_and_empty_ones_are_left_out(project):
    step = Run("analyze.sentence_shapes", {"window": 5})
    step.counts = {"pairs": 40, "skipped": {}, "tokens_read": 12000, "documents": 3, "share": 0.25}
    with project.store.write() as con:
        step.record(con, n_in=3, n_out=40)
    text = methods_text(project, "ru")
    assert "Учтено: 3 документа, 12\u00a0000 словоупотреблений в текстах, pairs: 40, share: 0,25." in text
    assert "анализ «sentence shapes» (analyze.sentence_shapes); охвачены все документы проекта." in text
