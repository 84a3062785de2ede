"""Labels of the report, the exports and the methods paragraph in Kazakh, Russian and English.

``t(key, lang)`` gives a label; ``tn(key, n, lang)`` gives a phrase with a count in the grammatical
form the count needs: English has one/other, Russian one/few/many (1 документ, 2 документа,
5 документов, 21 документ), and in Kazakh a noun after a numeral stays singular (5 құжат).
Numbers are written the way each language writes them (12,345 in English; 12 345 in Russian and
Kazakh, with a no-break space), and so are dates: ``3 January 2022``, ``3 января 2022 г.``,
``2022 жылғы 3 қаңтар`` — Kazakh dates also in the locative, ablative and dative cases that a
sentence needs (қаңтарда, қаңтардан, қаңтарға), spelled out per month because the ending follows the
month's last sound.

Every language holds the same keys (a test checks it).
"""

from __future__ import annotations

from datetime import date

from dauys.errors import InputError

LANGS = ("en", "ru", "kk")
NBSP = "\u00a0"

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "report.title": "Report",
        "report.generated": "Generated",
        "report.project": "Project",
        "report.version": "dauys version",
        "report.timezone": "Dates in",
        "report.contents": "Contents",
        "report.overview": "Data overview",
        "report.no_documents": "The project holds no documents yet. Import some with `dauys import`.",
        "report.total": "Total",
        "report.by_corpus": "Documents per corpus",
        "report.by_platform": "Documents per platform",
        "report.by_language": "Documents per language",
        "report.by_month": "Documents per month, by corpus",
        "report.language_chart": "Languages of the documents, by corpus",
        "report.undated": "Documents without a date (not in the monthly chart): {n}",
        "report.analyses": "Analyses",
        "report.no_results": "No saved analyses yet. Run an analysis (`dauys analyze ...`) and make the "
        "report again.",
        "report.analysis": "Analysis",
        "report.made": "Computed",
        "report.parameters": "Parameters",
        "report.selection": "Documents",
        "report.all_documents": "all documents of the project",
        "report.no_chart": "There is no chart for this kind of analysis; the table shows the result.",
        "report.rows_shown": "The first {shown} of {total} rows.",
        "report.download_csv": "Download the full table (CSV, {rows} rows)",
        "report.files": "Files for a paper",
        "report.files_note": "Written next to this report, in the project's exports/ folder:",
        "report.methods": "Methods",
        "report.methods_note": "Written from the project's ledger; paste it into a paper and edit it as "
        "needed.",
        "report.sample": "Illustrative sample data (synthetic), not real",
        "report.sample_short": "synthetic sample",
        "report.sample_project": "This whole project holds illustrative sample data (synthetic), not real "
        "data.",
        "report.result": "Result",
        "report.share": "% of documents",
        "report.first_date": "First document",
        "report.last_date": "Last document",
        "report.platforms": "Platforms",
        "report.languages": "Languages",
        "column.corpus": "Corpus",
        "column.platform": "Platform",
        "column.lang": "Language",
        "column.month": "Month",
        "column.group": "Group",
        "column.rank": "Rank",
        "column.term": "Term",
        "column.count": "Count",
        "column.per_1000": "Per 1,000 words",
        "column.documents": "Documents",
        "column.average": "Average",
        "column.code": "Code",
        "column.doc_id": "Document",
        "column.percent_documents": "% of documents",
        "column.sentence": "Sentence",
        "column.lemma": "Lemma",
        "column.channel": "Channel",
        "column.created_at": "Date",
        "column.period": "Period",
        "column.total": "Total",
        "column.share": "Share",
        "column.value": "Value",
        "column.weight": "Weight",
        "chart.per_1000": "per 1,000 words of the group",
        "chart.documents": "number of documents",
        "chart.month": "month",
        "chart.count": "count",
        "chart.term": "term",
        "chart.group": "group",
        "analysis.top_terms": "Most frequent terms per group",
        "lang.kk": "Kazakh",
        "lang.ru": "Russian",
        "lang.en": "English",
        "lang.none": "not identified",
        "value.yes": "yes",
        "value.no": "no",
        "value.none": "none",
        "kind.table": "table file",
        "kind.docs": "folder of documents",
        "kind.feed": "news feed",
        "kind.telegram": "Telegram Desktop export",
        "kind.youtube": "YouTube Data API collection",
        "kind.channel_stats": "channel statistics table",
        "kind.acled": "ACLED event export",
        "kind.events": "local monitors' event table",
        "kind.shutdowns": "shutdown and blocking log",
        "kind.populations": "population table",
        "kind.other": "{kind} source",
        "filter.corpus": "corpus {values}",
        "filter.corpora": "corpora {values}",
        "filter.platform": "platform {values}",
        "filter.platforms": "platforms {values}",
        "filter.lang": "language: {values}",
        "filter.range": "dates from {since} to {until}",
        "filter.since": "dates from {since} on",
        "filter.until": "dates up to {until}",
        "filter.meta": "meta field {field} = {value}",
        "m.software": "The data were prepared and analysed with dauys {version}, an open-source workbench "
        "for research on texts and social-media data ({packages}).",
        "m.holds": "The project “{name}” holds {documents} from {sources}; dates are given in {tz} local "
        "time.",
        "m.empty": "The project “{name}” holds no documents yet.",
        "m.pseudonymised_all": "Author names and account ids were replaced on import with pseudonyms (a "
        "keyed BLAKE2b hash; the key is kept on the researcher's computer, outside the project, and is not "
        "shared with it).",
        "m.pseudonymised_unless": "Unless stated otherwise below, author names and account ids were "
        "replaced on import with pseudonyms (a keyed BLAKE2b hash; the key is kept on the researcher's "
        "computer, outside the project, and is not shared with it).",
        "m.kept": "In this source author names were kept as given (pseudonymisation was switched off).",
        "m.source": "Source {i} is the {kind} “{name}”{details}, imported on {date}.",
        "m.source_corpus": "corpus “{corpus}”",
        "m.source_platform": "platform {platform}",
        "m.import_counts": "{read}; {added}, {duplicates} and {rejected}.",
        "m.rejected_note": " (the rejected rows and the reasons are listed in the project's imports/ folder)",
        "m.dates": "Its documents date from {first} to {last}.",
        "m.one_date": "All its documents are dated {first}.",
        "m.no_dates": "Its documents carry no dates.",
        "m.removed": "Its documents were later removed from the project.",
        "m.sample": "These are synthetic sample data made for illustration, not real data.",
        "m.sample_project": "All data in this project are synthetic sample data made for illustration, not "
        "real data.",
        "m.analysis": "On {date}, the analysis “{label}” ({step}) was run; {selection}.",
        "m.selection_all": "it covered all documents of the project",
        "m.selection": "it covered the documents selected by {filter}",
        "m.step": "On {date}, the step “{step}” was run.",
        "m.parameters": "Parameters: {params}.",
        "m.in_out": "Input: {n_in}; output: {n_out}.",
        "m.counted": "Counted: {counts}.",
        "m.saved_result": "The resulting table “{title}” is saved in the project (result {id}).",
        "m.forget": "On {date}, {removed} ({target}).",
        "m.forget_source": "source {id}, “{name}”",
        "m.forget_corpus": "corpus “{corpus}”",
        "m.ledger": "Every step, with its full parameters and the versions of the packages used, is "
        "recorded in the project's ledger (`dauys log`).",
    },
    "ru": {
        "report.title": "Отчёт",
        "report.generated": "Создан",
        "report.project": "Проект",
        "report.version": "Версия dauys",
        "report.timezone": "Даты по времени",
        "report.contents": "Содержание",
        "report.overview": "Обзор данных",
        "report.no_documents": "В проекте пока нет документов. Импортируйте их командой `dauys import`.",
        "report.total": "Всего",
        "report.by_corpus": "Документы по корпусам",
        "report.by_platform": "Документы по платформам",
        "report.by_language": "Документы по языкам",
        "report.by_month": "Документы по месяцам и корпусам",
        "report.language_chart": "Языки документов по корпусам",
        "report.undated": "Документы без даты (не показаны на графике по месяцам): {n}",
        "report.analyses": "Анализы",
        "report.no_results": "Сохранённых анализов пока нет. Выполните анализ (`dauys analyze ...`) и "
        "создайте отчёт заново.",
        "report.analysis": "Анализ",
        "report.made": "Выполнен",
        "report.parameters": "Параметры",
        "report.selection": "Документы",
        "report.all_documents": "все документы проекта",
        "report.no_chart": "Для этого вида анализа графика нет; результат показан в таблице.",
        "report.rows_shown": "Показаны первые строки: {shown} из {total}.",
        "report.download_csv": "Скачать полную таблицу (CSV, строк: {rows})",
        "report.files": "Файлы для публикации",
        "report.files_note": "Записаны рядом с отчётом, в папке exports/ проекта:",
        "report.methods": "Методы",
        "report.methods_note": "Составлено по журналу проекта; вставьте в статью и отредактируйте при "
        "необходимости.",
        "report.sample": "Иллюстративные синтетические данные, не реальные",
        "report.sample_short": "синтетические данные",
        "report.sample_project": "Весь проект содержит иллюстративные синтетические данные, а не реальные.",
        "report.result": "Результат",
        "report.share": "% документов",
        "report.first_date": "Первый документ",
        "report.last_date": "Последний документ",
        "report.platforms": "Платформы",
        "report.languages": "Языки",
        "column.corpus": "Корпус",
        "column.platform": "Платформа",
        "column.lang": "Язык",
        "column.month": "Месяц",
        "column.group": "Группа",
        "column.rank": "Ранг",
        "column.term": "Слово",
        "column.count": "Частота",
        "column.per_1000": "На 1000 слов",
        "column.documents": "Число документов",
        "column.average": "Среднее",
        "column.code": "Код",
        "column.doc_id": "Документ",
        "column.percent_documents": "% документов",
        "column.sentence": "Предложение",
        "column.lemma": "Лемма",
        "column.channel": "Канал",
        "column.created_at": "Дата",
        "column.period": "Период",
        "column.total": "Всего",
        "column.share": "Доля",
        "column.value": "Значение",
        "column.weight": "Вес",
        "chart.per_1000": "на 1000 слов группы",
        "chart.documents": "число документов",
        "chart.month": "месяц",
        "chart.count": "частота",
        "chart.term": "слово",
        "chart.group": "группа",
        "analysis.top_terms": "Наиболее частотные слова по группам",
        "lang.kk": "казахский",
        "lang.ru": "русский",
        "lang.en": "английский",
        "lang.none": "не определён",
        "value.yes": "да",
        "value.no": "нет",
        "value.none": "нет",
        "kind.table": "табличный файл",
        "kind.docs": "папка с документами",
        "kind.feed": "новостная лента",
        "kind.telegram": "экспорт Telegram Desktop",
        "kind.youtube": "сбор через YouTube Data API",
        "kind.channel_stats": "таблица статистики каналов",
        "kind.acled": "выгрузка событий ACLED",
        "kind.events": "таблица событий местных мониторингов",
        "kind.shutdowns": "журнал отключений и блокировок",
        "kind.populations": "таблица численности населения",
        "kind.other": "источник типа «{kind}»",
        "filter.corpus": "корпус {values}",
        "filter.corpora": "корпусы {values}",
        "filter.platform": "платформа {values}",
        "filter.platforms": "платформы {values}",
        "filter.lang": "язык — {values}",
        "filter.range": "период с {since} по {until}",
        "filter.since": "период начиная с {since}",
        "filter.until": "период по {until} включительно",
        "filter.meta": "поле meta {field} = {value}",
        "m.software": "Данные подготовлены и проанализированы с помощью dauys {version} — открытой "
        "программы для исследования текстов и данных социальных сетей ({packages}).",
        "m.holds": "Проект «{name}» содержит {documents} из {sources}; даты приведены по местному времени "
        "{tz}.",
        "m.empty": "Проект «{name}» пока не содержит документов.",
        "m.pseudonymised_all": "Имена и идентификаторы авторов при импорте заменены псевдонимами (хеш "
        "BLAKE2b с секретным ключом; ключ хранится на компьютере исследователя вне проекта и не передаётся "
        "вместе с ним).",
        "m.pseudonymised_unless": "Если ниже не указано иное, имена и идентификаторы авторов при импорте "
        "заменены псевдонимами (хеш BLAKE2b с секретным ключом; ключ хранится на компьютере исследователя "
        "вне проекта и не передаётся вместе с ним).",
        "m.kept": "В этом источнике имена авторов сохранены в исходном виде (псевдонимизация отключена).",
        "m.source": "Источник {i} — {kind} «{name}»{details}, дата импорта — {date}.",
        "m.source_corpus": "корпус «{corpus}»",
        "m.source_platform": "платформа {platform}",
        "m.import_counts": "{read}; {added}, {duplicates} и {rejected}.",
        "m.rejected_note": " (отклонённые строки и причины перечислены в папке imports/ проекта)",
        "m.dates": "Документы источника датированы периодом с {first} по {last}.",
        "m.one_date": "Все документы источника датированы {first}.",
        "m.no_dates": "Документы источника не содержат дат.",
        "m.removed": "Позднее документы этого источника удалены из проекта.",
        "m.sample": "Это синтетические демонстрационные данные, созданные для иллюстрации, а не реальные "
        "данные.",
        "m.sample_project": "Все данные этого проекта — синтетические демонстрационные данные, созданные "
        "для иллюстрации, а не реальные данные.",
        "m.analysis": "{date} выполнен анализ «{label}» ({step}); {selection}.",
        "m.selection_all": "охвачены все документы проекта",
        "m.selection": "отбор документов: {filter}",
        "m.step": "{date} выполнен шаг «{step}».",
        "m.parameters": "Параметры: {params}.",
        "m.in_out": "На входе: {n_in}; на выходе: {n_out}.",
        "m.counted": "Учтено: {counts}.",
        "m.saved_result": "Итоговая таблица «{title}» сохранена в проекте (результат {id}).",
        "m.forget": "{date} {removed} ({target}).",
        "m.forget_source": "источник {id}, «{name}»",
        "m.forget_corpus": "корпус «{corpus}»",
        "m.ledger": "Каждый шаг с полными параметрами и версиями использованных пакетов записан в журнал "
        "проекта (`dauys log`).",
    },
    "kk": {
        "report.title": "Есеп",
        "report.generated": "Жасалған уақыты",
        "report.project": "Жоба",
        "report.version": "dauys нұсқасы",
        "report.timezone": "Күндер уақыт белдеуі бойынша",
        "report.contents": "Мазмұны",
        "report.overview": "Деректерге шолу",
        "report.no_documents": "Жобада әзірге құжат жоқ. Оларды `dauys import` командасымен импорттаңыз.",
        "report.total": "Барлығы",
        "report.by_corpus": "Корпустар бойынша құжаттар",
        "report.by_platform": "Платформалар бойынша құжаттар",
        "report.by_language": "Тілдер бойынша құжаттар",
        "report.by_month": "Айлар мен корпустар бойынша құжаттар",
        "report.language_chart": "Корпустар бойынша құжаттардың тілдері",
        "report.undated": "Күні жоқ құжаттар (айлық диаграммада көрсетілмеген): {n}",
        "report.analyses": "Талдаулар",
        "report.no_results": "Сақталған талдаулар әзірге жоқ. Талдау жасап (`dauys analyze ...`), есепті "
        "қайта құрыңыз.",
        "report.analysis": "Талдау",
        "report.made": "Орындалған уақыты",
        "report.parameters": "Параметрлер",
        "report.selection": "Құжаттар",
        "report.all_documents": "жобаның барлық құжаты",
        "report.no_chart": "Талдаудың бұл түріне диаграмма жоқ; нәтиже кестеде көрсетілген.",
        "report.rows_shown": "Кестенің алғашқы {shown} жолы көрсетілген (барлығы {total} жол).",
        "report.download_csv": "Толық кестені жүктеп алу (CSV, {rows} жол)",
        "report.files": "Жарияланымға арналған файлдар",
        "report.files_note": "Осы есептің жанында, жобаның exports/ бумасында жазылған:",
        "report.methods": "Әдістер",
        "report.methods_note": "Жоба журналы негізінде жазылды; мақалаға қойып, қажетінше өңдеңіз.",
        "report.sample": "Көрсетуге арналған синтетикалық деректер, нақты емес",
        "report.sample_short": "синтетикалық деректер",
        "report.sample_project": "Бұл жобадағы барлық дерек көрсетуге арналған синтетикалық деректер, нақты "
        "емес.",
        "report.result": "Нәтиже",
        "report.share": "құжаттардың %-ы",
        "report.first_date": "Алғашқы құжат",
        "report.last_date": "Соңғы құжат",
        "report.platforms": "Платформалар",
        "report.languages": "Тілдер",
        "column.corpus": "Корпус",
        "column.platform": "Платформа",
        "column.lang": "Тіл",
        "column.month": "Ай",
        "column.group": "Топ",
        "column.rank": "Орны",
        "column.term": "Сөз",
        "column.count": "Жиілігі",
        "column.per_1000": "1000 сөзге шаққанда",
        "column.documents": "Құжаттар саны",
        "column.average": "Орташа",
        "column.code": "Код",
        "column.doc_id": "Құжат",
        "column.percent_documents": "Құжаттардың %",
        "column.sentence": "Сөйлем",
        "column.lemma": "Лемма",
        "column.channel": "Арна",
        "column.created_at": "Күні",
        "column.period": "Кезең",
        "column.total": "Барлығы",
        "column.share": "Үлесі",
        "column.value": "Мәні",
        "column.weight": "Салмағы",
        "chart.per_1000": "топтың 1000 сөзіне шаққанда",
        "chart.documents": "құжаттар саны",
        "chart.month": "ай",
        "chart.count": "жиілігі",
        "chart.term": "сөз",
        "chart.group": "топ",
        "analysis.top_terms": "Топтар бойынша ең жиі қолданылған сөздер",
        "lang.kk": "қазақ тілі",
        "lang.ru": "орыс тілі",
        "lang.en": "ағылшын тілі",
        "lang.none": "анықталмаған",
        "value.yes": "иә",
        "value.no": "жоқ",
        "value.none": "жоқ",
        "kind.table": "кесте файлы",
        "kind.docs": "құжаттар бумасы",
        "kind.feed": "жаңалықтар таспасы",
        "kind.telegram": "Telegram Desktop экспорты",
        "kind.youtube": "YouTube Data API арқылы жинау",
        "kind.channel_stats": "арналар статистикасының кестесі",
        "kind.acled": "ACLED оқиғалар экспорты",
        "kind.events": "жергілікті мониторинг оқиғалар кестесі",
        "kind.shutdowns": "өшіру мен бұғаттау журналы",
        "kind.populations": "халық саны кестесі",
        "kind.other": "{kind} дереккөзі",
        "filter.corpus": "{values} корпусы",
        "filter.corpora": "{values} корпустары",
        "filter.platform": "{values} платформасы",
        "filter.platforms": "{values} платформалары",
        "filter.lang": "тіл — {values}",
        "filter.range": "кезең — {since} {until} дейін",
        "filter.since": "кезең — {since} бастап",
        "filter.until": "кезең — {until} дейін",
        "filter.meta": "meta өрісі {field} = {value}",
        "m.software": "Деректер dauys {version} бағдарламасының көмегімен дайындалып, талданды; бұл — "
        "мәтіндер мен әлеуметтік желі деректерін зерттеуге арналған ашық бастапқы кодты құрал ({packages}).",
        "m.holds": "«{name}» жобасында {sources} алынған {documents} бар; күндер {tz} жергілікті уақытымен "
        "берілген.",
        "m.empty": "«{name}» жобасында әзірге құжат жоқ.",
        "m.pseudonymised_all": "Авторлардың аттары мен идентификаторлары импорт кезінде бүркеншік аттармен "
        "ауыстырылды (құпия кілтпен есептелген BLAKE2b хеші; кілт зерттеушінің компьютерінде, жобадан тыс "
        "сақталады және жобамен бірге берілмейді).",
        "m.pseudonymised_unless": "Төменде басқаша көрсетілмесе, авторлардың аттары мен идентификаторлары "
        "импорт кезінде бүркеншік аттармен ауыстырылды (құпия кілтпен есептелген BLAKE2b хеші; кілт "
        "зерттеушінің компьютерінде, жобадан тыс сақталады және жобамен бірге берілмейді).",
        "m.kept": "Бұл дереккөзде авторлардың аттары бастапқы күйінде сақталды (бүркеншік атпен ауыстыру "
        "өшірілген).",
        "m.source": "{i}-дереккөз — «{name}» {kind}{details}, {date} импортталды.",
        "m.source_corpus": "«{corpus}» корпусы",
        "m.source_platform": "{platform} платформасы",
        "m.import_counts": "{read}; {added}, {duplicates}, {rejected}.",
        "m.rejected_note": " (қабылданбаған жолдар мен олардың себептері жобаның imports/ бумасында "
        "көрсетілген)",
        "m.dates": "Дереккөз құжаттары {first} {last} дейінгі кезеңге жатады.",
        "m.one_date": "Дереккөздің барлық құжатының күні — {first}.",
        "m.no_dates": "Дереккөз құжаттарында күн көрсетілмеген.",
        "m.removed": "Кейін бұл дереккөздің құжаттары жобадан жойылды.",
        "m.sample": "Бұл — көрсету үшін жасалған синтетикалық үлгі деректер, нақты деректер емес.",
        "m.sample_project": "Бұл жобадағы барлық дерек — көрсету үшін жасалған синтетикалық үлгі деректер, "
        "нақты деректер емес.",
        "m.analysis": "{date} «{label}» талдауы орындалды ({step}); {selection}.",
        "m.selection_all": "жобаның барлық құжаты қамтылды",
        "m.selection": "құжаттарды іріктеу: {filter}",
        "m.step": "{date} «{step}» қадамы орындалды.",
        "m.parameters": "Параметрлері: {params}.",
        "m.in_out": "Кіріс: {n_in}; шығыс: {n_out}.",
        "m.counted": "Есепке алынғаны: {counts}.",
        "m.saved_result": "Нәтиже кестесі «{title}» жобада сақталды ({id}-нәтиже).",
        "m.forget": "{date} {removed} ({target}).",
        "m.forget_source": "{id}-дереккөз, «{name}»",
        "m.forget_corpus": "«{corpus}» корпусы",
        "m.ledger": "Әр қадам толық параметрлерімен және қолданылған пакеттердің нұсқаларымен жоба "
        "журналына жазылған (`dauys log`).",
    },
}

# Phrases with a count: English (one, other); Russian (one, few, many); Kazakh (one form).
PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "documents": {
        "en": ("{n} document", "{n} documents"),
        "ru": ("{n} документ", "{n} документа", "{n} документов"),
        "kk": ("{n} құжат",),
    },
    "from_sources": {
        "en": ("{n} source", "{n} sources"),
        "ru": ("{n} источника", "{n} источников", "{n} источников"),
        "kk": ("{n} дереккөзден",),
    },
    "read": {
        "en": ("From it, {n} record was read", "From it, {n} records were read"),
        "ru": (
            "Из него прочитана {n} запись",
            "Из него прочитаны {n} записи",
            "Из него прочитано {n} записей",
        ),
        "kk": ("Одан {n} жазба оқылды",),
    },
    "added": {
        "en": ("{n} new document was added to the project", "{n} new documents were added to the project"),
        "ru": (
            "в проект добавлен {n} новый документ",
            "в проект добавлены {n} новых документа",
            "в проект добавлено {n} новых документов",
        ),
        "kk": ("жобаға {n} жаңа құжат қосылды",),
    },
    "duplicates": {
        "en": ("{n} duplicate was skipped", "{n} duplicates were skipped"),
        "ru": ("пропущен {n} дубликат", "пропущены {n} дубликата", "пропущено {n} дубликатов"),
        "kk": ("қайталанған {n} жазба қосылмады",),
    },
    "rejected": {
        "en": ("{n} row was rejected", "{n} rows were rejected"),
        "ru": ("отклонена {n} строка", "отклонены {n} строки", "отклонено {n} строк"),
        "kk": ("{n} жол қабылданбады",),
    },
    "metric_snapshots": {
        "en": (
            "Metrics (views, likes and the like) were recorded for {n} document.",
            "Metrics (views, likes and the like) were recorded for {n} documents.",
        ),
        "ru": (
            "Метрики (просмотры, отметки «нравится» и т. п.) записаны для {n} документа.",
            "Метрики (просмотры, отметки «нравится» и т. п.) записаны для {n} документов.",
            "Метрики (просмотры, отметки «нравится» и т. п.) записаны для {n} документов.",
        ),
        "kk": ("{n} құжаттың көрсеткіштері (қаралым, ұнату т.б.) жазылды.",),
    },
    "undated": {
        "en": ("{n} document has no date.", "{n} documents have no date."),
        "ru": (
            "{n} документ не имеет даты.",
            "{n} документа не имеют даты.",
            "{n} документов не имеют даты.",
        ),
        "kk": ("{n} құжатта күн көрсетілмеген.",),
    },
    "removed": {
        "en": ("{n} document was removed from the project", "{n} documents were removed from the project"),
        "ru": (
            "из проекта удалён {n} документ",
            "из проекта удалены {n} документа",
            "из проекта удалено {n} документов",
        ),
        "kk": ("жобадан {n} құжат жойылды",),
    },
    "count.documents": {
        "en": ("{n} document", "{n} documents"),
        "ru": ("{n} документ", "{n} документа", "{n} документов"),
        "kk": ("{n} құжат",),
    },
    "count.warnings": {
        "en": ("{n} warning (listed by `dauys log`)", "{n} warnings (listed by `dauys log`)"),
        "ru": ("{n} предупреждение (список — в `dauys log`)", "{n} предупреждения (список — в `dauys log`)",
               "{n} предупреждений (список — в `dauys log`)"),
        "kk": ("{n} ескерту (тізімі — `dauys log` ішінде)",),
    },
    "count.tokens": {
        "en": ("{n} word token", "{n} word tokens"),
        "ru": ("{n} словоупотребление", "{n} словоупотребления", "{n} словоупотреблений"),
        "kk": ("{n} сөзқолданыс",),
    },
    "count.tokens_read": {
        "en": ("{n} word token in the texts", "{n} word tokens in the texts"),
        "ru": (
            "{n} словоупотребление в текстах",
            "{n} словоупотребления в текстах",
            "{n} словоупотреблений в текстах",
        ),
        "kk": ("мәтіндердегі {n} сөзқолданыс",),
    },
    "count.tokens_counted": {
        "en": (
            "{n} word token counted (stopwords and short words left out)",
            "{n} word tokens counted (stopwords and short words left out)",
        ),
        "ru": (
            "{n} словоупотребление без стоп-слов и коротких слов",
            "{n} словоупотребления без стоп-слов и коротких слов",
            "{n} словоупотреблений без стоп-слов и коротких слов",
        ),
        "kk": ("стоп-сөздер мен қысқа сөздерсіз {n} сөзқолданыс",),
    },
    "count.terms": {
        "en": ("{n} distinct term", "{n} distinct terms"),
        "ru": ("{n} уникальное слово", "{n} уникальных слова", "{n} уникальных слов"),
        "kk": ("{n} бірегей сөз",),
    },
    "count.groups": {
        "en": ("{n} group", "{n} groups"),
        "ru": ("{n} группа", "{n} группы", "{n} групп"),
        "kk": ("{n} топ",),
    },
    "count.rows": {
        "en": ("{n} table row", "{n} table rows"),
        "ru": ("{n} строка таблицы", "{n} строки таблицы", "{n} строк таблицы"),
        "kk": ("кестенің {n} жолы",),
    },
}

MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
    # genitive: "3 января"
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
           "октября", "ноября", "декабря"),
}
# Kazakh month names by grammatical case; the ending follows the month's last sound.
KK_MONTHS = {
    "nom": ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек",
            "қазан", "қараша", "желтоқсан"),
    "loc": ("қаңтарда", "ақпанда", "наурызда", "сәуірде", "мамырда", "маусымда", "шілдеде", "тамызда",
            "қыркүйекте", "қазанда", "қарашада", "желтоқсанда"),
    "abl": ("қаңтардан", "ақпаннан", "наурыздан", "сәуірден", "мамырдан", "маусымнан", "шілдеден",
            "тамыздан", "қыркүйектен", "қазаннан", "қарашадан", "желтоқсаннан"),
    "dat": ("қаңтарға", "ақпанға", "наурызға", "сәуірге", "мамырға", "маусымға", "шілдеге", "тамызға",
            "қыркүйекке", "қазанға", "қарашаға", "желтоқсанға"),
}


def register_labels(labels: dict[str, dict[str, str]]) -> None:
    """Add labels in every report language (``{"en": {...}, "ru": {...}, "kk": {...}}``).

    View modules (:mod:`dauys.report.views`) register the labels of their analysis this way. A set
    that lacks a language, whose languages hold different keys, or that gives an existing key another
    text is refused, so no label is ever missing in one language or silently replaced.
    """
    if set(labels) != set(LANGS):
        raise ValueError(f"labels need exactly the languages {', '.join(LANGS)}; got {', '.join(sorted(labels))}")
    keys = set(labels["en"])
    for lang in LANGS:
        if set(labels[lang]) != keys:
            raise ValueError(f"the {lang} labels differ in keys from the en ones: {sorted(set(labels[lang]) ^ keys)}")
        for key, text in labels[lang].items():
            if LABELS[lang].get(key, text) != text:
                raise ValueError(f"label {key!r} ({lang}) is already {LABELS[lang][key]!r}")
    for lang in LANGS:
        LABELS[lang].update(labels[lang])


def check_lang(lang: str) -> str:
    """``lang`` if dauys writes that language, else an :class:`InputError` listing the choices."""
    if lang not in LANGS:
        raise InputError(
            f"--lang {lang!r}: the report languages are {', '.join(LANGS)} (kk = Kazakh, ru = Russian)"
        )
    return lang


def t(key: str, lang: str, **values: object) -> str:
    """The label ``key`` in ``lang``, with ``{name}`` placeholders filled from ``values``."""
    text = LABELS[check_lang(lang)][key]
    return text.format(**values) if values else text


def has_label(key: str) -> bool:
    """Whether ``key`` is a known label (every language holds the same keys)."""
    return key in LABELS["en"]


def plural_form(n: int, lang: str) -> int:
    """Which of a phrase's forms goes with the count ``n`` (CLDR cardinal rules for integers)."""
    n = abs(int(n))
    if lang == "en":
        return 0 if n == 1 else 1
    if lang == "ru":
        if n % 10 == 1 and n % 100 != 11:
            return 0
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return 1
        return 2
    return 0


def tn(key: str, n: int, lang: str) -> str:
    """The phrase ``key`` with the count ``n`` in the form the count needs: "5 документов"."""
    forms = PHRASES[key][check_lang(lang)]
    return forms[plural_form(n, lang)].format(n=format_number(n, lang))


def format_number(value: float, lang: str, decimals: int = 0) -> str:
    """``12,345.5`` in English; ``12 345,5`` (no-break space) in Russian and Kazakh.

    Russian and Kazakh typography writes four-digit numbers without a separator (``5000``).
    """
    if lang == "en":
        return f"{value:,.{decimals}f}"
    grouping = "," if abs(value) >= 10_000 else ""
    return f"{value:{grouping}.{decimals}f}".replace(",", NBSP).replace(".", ",")


def format_date(day: date, lang: str, case: str = "nom") -> str:
    """A date as a sentence writes it. ``case`` (Kazakh only): nom, loc ("...-да"), abl ("...-дан"), dat."""
    if lang == "en":
        return f"{day.day} {MONTHS['en'][day.month - 1]} {day.year}"
    if lang == "ru":
        return f"{day.day} {MONTHS['ru'][day.month - 1]} {day.year} г."
    return f"{day.year} жылғы {day.day} {KK_MONTHS[case][day.month - 1]}"


def language_name(code: str | None, lang: str) -> str:
    """The name of a language code (kk, ru, en) in ``lang``; other codes stay as they are."""
    if code is None:
        return t("lang.none", lang)
    key = f"lang.{code}"
    return t(key, lang) if has_label(key) else code


def quote(text: str, lang: str) -> str:
    """``text`` in the quotation marks of ``lang``: “…” in English, «…» in Russian and Kazakh."""
    return f"“{text}”" if lang == "en" else f"«{text}»"


def join_list(items: list[str], lang: str) -> str:
    """Items joined for a sentence: "a, b and c" / "a, b и c" / "a, b және c"."""
    if len(items) <= 1:
        return "".join(items)
    last = {"en": " and ", "ru": " и ", "kk": " және "}[check_lang(lang)]
    return ", ".join(items[:-1]) + last + items[-1]
