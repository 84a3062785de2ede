"""What a lead–lag result can and cannot show, in plain words, in English, Russian and Kazakh.

Every mobilization result carries these caveats: the keys go into the saved table's ``attrs``
(``caveats``), the English text into the run's warnings (printed by the CLI, kept in the ledger), and the
report's views print them under each chart in the report's language (:func:`caveat_text`).
"""

from __future__ import annotations

from dauys.errors import InputError

__all__ = ["CAVEATS", "KEYS", "caveat_lines", "caveat_text"]

KEYS = ("reporting_bias", "not_causation", "small_sample", "shutdowns")

CAVEATS: dict[str, dict[str, str]] = {
    "en": {
        "reporting_bias": "Event data undercount. ACLED and local monitors rely on the media and other reports, so "
        "small, rural and remote events, and periods when the press is restricted, are under-reported; a rise in "
        "counted events can be a rise in reporting.",
        "not_causation": "Correlation is not causation. A lead of online activity over events, or a significant "
        "Granger test, shows that one series helps predict the other, not that posts cause protests; both may "
        "follow a third cause, such as a price rise or an official decision.",
        "small_sample": "Small samples. With few periods or few events, estimates are unstable and tests have little "
        "power; when many lags are tested, some cross the band by chance (about 1 in 20 at the 5% level).",
        "shutdowns": "Shutdown days break online series. When the internet is cut or a platform blocked, online "
        "activity falls for reasons unrelated to mobilization; such days are marked and can be excluded "
        "(--shutdowns exclude).",
    },
    "ru": {
        "reporting_bias": "Данные о событиях неполны. ACLED и местные мониторинги опираются на сообщения СМИ и других "
        "источников, поэтому небольшие, сельские и отдалённые акции, а также периоды ограничений для прессы "
        "учитываются хуже; рост числа учтённых событий может означать рост числа сообщений о них.",
        "not_causation": "Корреляция не означает причинности. Опережение событий онлайн-активностью или значимый тест "
        "Грейнджера показывают лишь, что один ряд помогает предсказать другой, а не что публикации вызывают "
        "протесты; оба ряда могут следовать за третьей причиной, например ростом цен или решением властей.",
        "small_sample": "Малые выборки. При небольшом числе периодов или событий оценки неустойчивы, а тесты обладают "
        "малой мощностью; если проверять много лагов, некоторые выйдут за границы полосы случайно (примерно один "
        "из двадцати при уровне 5%).",
        "shutdowns": "Дни отключений искажают онлайн-ряды. Когда отключают интернет или блокируют платформу, "
        "онлайн-активность падает по причинам, не связанным с мобилизацией; такие дни отмечены, и их можно "
        "исключить (--shutdowns exclude).",
    },
    "kk": {
        "reporting_bias": "Оқиғалар туралы деректер толық емес. ACLED пен жергілікті мониторингтер БАҚ пен басқа "
        "дереккөздердің хабарларына сүйенеді, сондықтан шағын, ауылдық және шалғай жерлердегі акциялар, сондай-ақ "
        "баспасөзге шектеу қойылған кезеңдер аз ескеріледі; тіркелген оқиғалар санының өсуі олар туралы хабарлардың "
        "көбейгенін ғана білдіруі мүмкін.",
        "not_causation": "Корреляция себеп-салдар байланысын білдірмейді. Онлайн белсенділіктің оқиғалардан озуы "
        "немесе Грейнджер тестінің мәнді нәтижесі бір қатардың екіншісін болжауға көмектесетінін ғана көрсетеді, "
        "жарияланымдар наразылық тудырады дегенді емес; екі қатар да үшінші бір себепке, мысалы, бағаның өсуіне "
        "не биліктің шешіміне ілесуі мүмкін.",
        "small_sample": "Шағын іріктеме. Кезеңдер не оқиғалар аз болса, бағалаулар тұрақсыз, ал тесттердің қуаты "
        "төмен; көп лаг тексерілгенде кейбірі жолақтан кездейсоқ шығады (5% деңгейінде шамамен жиырмадан бірі).",
        "shutdowns": "Интернет өшірілген күндер онлайн қатарларды бұзады. Интернет өшірілгенде не платформа "
        "бұғатталғанда онлайн белсенділік мобилизацияға қатысы жоқ себептермен төмендейді; мұндай күндер "
        "белгіленген, оларды есептен шығаруға болады (--shutdowns exclude).",
    },
}


def caveat_lines(lang: str = "en", keys: tuple[str, ...] | list[str] | None = None) -> list[str]:
    """The caveats ``keys`` (all of :data:`KEYS` when None) in ``lang``, one text each."""
    if lang not in CAVEATS:
        raise InputError(f"--lang {lang!r}: the caveats are written in {', '.join(CAVEATS)}")
    keys = KEYS if keys is None else tuple(keys)
    unknown = [k for k in keys if k not in CAVEATS[lang]]
    if unknown:
        raise InputError(f"unknown caveat {', '.join(unknown)}; the caveats are {', '.join(KEYS)}")
    return [CAVEATS[lang][k] for k in keys]


def caveat_text(lang: str = "en", keys: tuple[str, ...] | list[str] | None = None) -> str:
    """The caveats as one paragraph in ``lang``."""
    return " ".join(caveat_lines(lang, keys))
