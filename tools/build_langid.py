"""Build ``dauys/text/langid_data/`` (the language-identification model) from word lists that may be shipped.

Usage (from the repository root)::

    apt-get download hunspell-kk hunspell-tools
    dpkg-deb -x hunspell-kk_*.deb /tmp/hunspell-kk
    dpkg-deb -x hunspell-tools_*.deb /tmp/hunspell-tools
    .venv/bin/python tools/build_langid.py /tmp/hunspell-kk /tmp/hunspell-tools

It writes ``weights.npy`` and ``model.json`` into ``dauys/text/langid_data/`` (``--out`` to change) in
about twenty minutes on one core (``--cache DIR`` keeps the extracted word lists for the next run). The
build is deterministic for a given ``--seed`` and versions of the sources.

Sources (each word list is a set of word types; no sentences of any evaluation file are read):

- Kazakh: the forms of Debian's ``hunspell-kk`` (``kk_KZ.dic`` expanded with ``kk_KZ.aff`` by hunspell's
  ``unmunch``; GPL-2+/LGPL-2.1+/MPL-1.1+), verb paradigms generated here from its 6,700 verbs, the word
  forms of ``kk_ktb-train.conllu`` (UD Kazakh-KTB, CC BY-SA 4.0), and a hand-written list of frequent
  words; and variants of all of these generated here as people type Kazakh: with Russian letters in
  place of Kazakh ones (``ә``→``а``, ``қ``→``к``, ``і``→``и`` or ``ы``, ...), in the 2021 and 2018 official
  Latin alphabets and in informal Latin typing (``sh``/``w`` for ``ш``, ``zh``/``j`` for ``ж``, ...).
- Russian: the forms of the OpenCorpora dictionary in pymorphy3-dicts-ru (CC BY-SA 3.0) and a
  hand-written list of frequent and colloquial words.
- English: the forms of simplemma's English dictionary (simplemma, MIT; see its licences) and a
  hand-written list of frequent words.
- Other: forms of 30 other languages of simplemma written with Latin or Cyrillic letters (60,000 of each
  of German, French, Spanish, Italian, Portuguese, Dutch, Turkish, Polish, Ukrainian and Bulgarian,
  15,000 of each of the rest; Russian and Kazakh forms left out), and a hand-written list of their
  frequent words.

The model is a multinomial logistic regression over the hashed features of
:func:`dauys.text.langid.word_features`, trained here with Adagrad on word types (frequent words
weighted up). The weights are stored as int8 (``weights.npy``) with the settings in ``model.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dauys.text.langid import LANGUAGES, normalize_word, word_features  # noqa: E402

KK, RU, EN, OTHER = range(4)

KK_LETTERS = set("аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя-")
RU_LETTERS = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюя-")

# Frequent words, written for this model (lowercase; standard spelling: the typed variants are generated).
KK_FREQUENT = """
және бұл мен да де бір ол үшін деп не бар осы та те жоқ емес еді болып сол бен пен ғана өз өте көп екен олар
біз сіз болды кейін дейін қазір жылы тек бойынша арқылы туралы сияқты бірақ керек мүмкін болса болады әр
ең енді тағы барлық ма ме ба бе па пе ғой қой сен маған оның менің біздің сіздің оған оны жақсы рахмет
керемет ұнады өзі деген дейді деді жаңа үлкен қандай қалай неге кім қашан қайда қанша мынау мына сондықтан
себебі егер немесе әрі әрине яғни алайда дегенмен сонымен сондай осындай бәрі бәрін әлі тіпті соң бері
қарай секілді сайын ретінде кезде кезінде уақыт жыл күн адам адамдар халық ел елі жер қала үй бала
балалар ана әке аға апа қыз жігіт дос достар бауырым жан ақша жұмыс іс сөз тіл тілі қазақ қазақша
қазақстан мемлекет үкімет әкімдік әкім президент заң қоғам өмір дүние сенің олардың саған бізге сізге
оларға мені сені бізді сізді оларды менде сенде онда бізде сізде одан бізден сізден өзім өзің өзіміз
өзіңіз өзін өздері нені неден қайдан ешкім ештеңе ешқашан ешбір бәрібір әрбір кейбір мұнда сонда осында
ше шы ау иә ия жарайды жарайсың рақмет сәлем сәлеметсіз салем кешіріңіз өтініш құрметті қымбатты жаман
тамаша күшті нашар әдемі қатты жеңіл ауыр ескі кішкентай ұзақ тез оңай қиын дұрыс пайдалы ыңғайлы
ыңғайсыз қымбат арзан таза ұнайды ұнамады ұнамайды ұнаған болған болатын болмайды болмады болсын болар
келді келеді келмеді кетті кетеді берді береді беріңіз алды алады алмады алмайды айтты айтады көрді
көреді білді біледі білмеймін білемін жасады жасайды істеді істейді істемейді жазды жазады оқыды оқиды
ойнады ойнайды ойын ойындар ойынды ойыны қосымша бағдарлама қолданба телефон жүйе жаңарту жаңартыңыз
ашылмайды ашылады ашылмады ашылмай ашылды кірмейді шықпайды шығады тұр тұрады отыр отырмын жатыр
жатырмын жүр шығар ойлаймын сұраймын тілеймін алғыс алғысым алла аллаға аллаһ разы құдай иншаллаһ машалла
ассалаумағалейкум баға бағасы сапа сапасы тауар тапсырыс жеткізу жеткізді дүкен сатушы уақытында көмек
көмектесті мәселе сұрақ жауап хабарлама пікір ақпарат жаңалық жаңалықтар сурет ән әндер музыка кітап
екі үш төрт бес алты жеті сегіз тоғыз он жиырма отыз жүз мың
""".split()

RU_FREQUENT = """
и в не на я что с он а как это по но они к у же вы за бы из то от так о мы для его все всё она было был
мне да меня еще ещё нет уже или ты ну до если когда даже вот только там ни чтобы при их тут была были
быть есть этот эта этого этом этой эти это который которые которая которых которого может очень её ее
ему им нас вас вам нам себя себе свой своей своих где после через без над под со во об про между также
тоже потому чем тем том того всего всех весь вся один одна одно два три год года году лет время человек
люди можно нужно надо будет будут хорошо плохо спасибо просто сейчас теперь здесь больше более сам сама
самый сказал говорит сделать работает работать приложение цены цена деньги новый ли кто какой какая
какое какие почему зачем ничего никто нибудь либо раз много мало город страна россии россия казахстан
казахстана республики президент является лишь однако поэтому конечно вообще например пожалуйста
привет здравствуйте спс пасиба пжл пж ок окей норм нормально супер класс отлично ужас круто отстой
блин короче кароч щас чё че ваще оч типа реально кстати ладно давай давайте хочу хочется можете могу
мой моя мое моё мои твой твоя наш наша ваш ваша всегда никогда иногда опять снова ещё уже очень
слишком почти совсем именно просто тогда потом сначала вдруг здесь туда сюда оттуда отсюда тоже
""".split()

EN_FREQUENT = """
the be to of and a in that have i it for not on with he as you do at this but his by from they we say her
she or an will my one all would there their what so up out if about who get which go me when make can like
time no just him know take people into year your good some could them see other than then now look only
come its over think also back after use two how our work first well way even new want because any these
give day most us is are was were been has had did does am don t s ll ve re m d doesn didn isn wasn aren
won can couldn shouldn wouldn thanks thank please ok okay lol omg u ur im dont cant wont yes yeah hi hello
great very really much more many should here where why while through before very still same another
again never always something nothing everything anything someone everyone
""".split()

# Frequent words of other languages written with Latin or Cyrillic letters (those that are also frequent
# Russian or English words, or frequent Kazakh words in Cyrillic, are left out when the model is built).
OTHER_FREQUENT = """
der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an werden aus er hat
dass sie nach wird bei de la que el en y los del se las por un para con no una su al lo como más pero sus le ya
este sí porque esta entre cuando muy sin sobre les et des est pas pour qui dans une sur au avec il ce ne plus par
je mais nous vous sont être aux cette di che è per non sono della dei delle gli nel alla anche come più ma questo
não uma os com mais das dos mas foi ao ele são seu sua ou quando muito também ve bir bu için ile çok daha gibi
olarak olan ama kadar değil var yok ben sen biz siz onlar şey mi mı w nie na się z do że jest jak po ale co tak
za od już jego jej tylko przez może są і та що з у як це від його але вони було бути або також цей коли які
и да се е от с че са като това която който но към ще има бъде het een van is dat op te voor met zijn niet aan er
ook als bij door maar om
""".split()

# Languages of simplemma whose forms make up ``other``: the first ten with more forms.
OTHER_LANGUAGES = ("de", "fr", "es", "it", "pt", "nl", "tr", "pl", "uk", "bg", "cs", "sv", "da", "nb", "fi", "hu",
                   "ro", "id", "sq", "lt", "lv", "et", "sk", "sl", "ca", "mk", "sw", "tl", "ms", "hbs")

# Kazakh typed with Russian letters: the Kazakh letters replaced (і by и, by ы, or by Latin i).
_TYPED_BASE = {"ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х"}

LATIN_2021 = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e", "ё": "io", "ж": "j",
    "з": "z", "и": "ı", "й": "ı", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n", "ң": "ñ", "о": "o",
    "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "ū", "ү": "ü", "ф": "f", "х": "h",
    "һ": "h", "ц": "ts", "ч": "ç", "ш": "ş", "щ": "şş", "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e",
    "ю": "ıu", "я": "ıa",
}
LATIN_2018 = {
    **LATIN_2021, "ә": "á", "ғ": "ǵ", "ң": "ń", "ө": "ó", "у": "ý", "ұ": "u", "ү": "ú", "ч": "ch", "ш": "sh",
    "щ": "shch", "ю": "ıý", "ё": "ıo",
}
# Informal Latin typing: each style picks one spelling per letter.
_INFORMAL = {
    "а": ["a"], "ә": ["a", "a", "ä", "á", "ae"], "б": ["b"], "в": ["v", "v", "w"], "г": ["g"],
    "ғ": ["g", "g", "gh", "ğ", "ǵ"], "д": ["d"], "е": ["e"], "ё": ["yo", "e", "io"], "ж": ["zh", "j", "j", "zh"],
    "з": ["z"], "и": ["i", "i", "y", "ı"], "й": ["i", "y", "j", "y"], "к": ["k"], "қ": ["k", "q", "q", "k"],
    "л": ["l"], "м": ["m"], "н": ["n"], "ң": ["n", "ng", "n", "ñ", "ń"], "о": ["o"],
    "ө": ["o", "o", "ö", "ó", "oe", "õ"], "п": ["p"], "р": ["r"], "с": ["s"], "т": ["t"],
    "у": ["u", "u", "w", "y", "ý"], "ұ": ["u", "u", "ū"], "ү": ["u", "u", "ü", "ú", "y"], "ф": ["f"],
    "х": ["h", "kh", "x"], "һ": ["h"], "ц": ["ts", "c", "tc"], "ч": ["ch", "ch", "ç", "c"],
    "ш": ["sh", "sh", "w", "ş", "s"], "щ": ["sh", "sch", "shch"], "ъ": [""], "ы": ["y", "i", "y", "ı", "i"],
    "і": ["i", "i", "i", "ı"], "ь": [""], "э": ["e"], "ю": ["yu", "iu", "ju", "u"], "я": ["ya", "ia", "ja", "a"],
}

# ---------------------------------------------------------------------------------------------------
# Kazakh verb paradigms (a generator for word types, not a morphological analyser)

_VOWELS = set("аәеиоөуұүыіэюя")
_VOICELESS = set("пткқсшщчфхцһ")
_NASAL_Z = set("мнңзж")


def _front(stem: str) -> bool:
    for ch in reversed(stem):
        if ch in "аоұыя":
            return False
        if ch in "әеөүіэ":
            return True
    return "и" in stem


def _attach(stem: str, suffix: str) -> str:
    """Attach a suffix written with archiphonemes: A (а/е), Y (ы/і), E (nothing after a vowel, else а/е),
    I (nothing after a vowel, else ы/і), J (й after a vowel, else а/е), G (ғ/г, қ/к after a voiceless
    consonant), K (қ/к), D (д/т), M (м; б after м н ң з ж; п after a voiceless consonant), P (п after a
    vowel, else ып/іп); ый and ій are spelled и, йу ю."""
    front = _front(stem)
    out = stem
    for ch in suffix:
        last = out[-1] if out else "а"
        voiceless = last in _VOICELESS
        vowel = last in _VOWELS
        if ch == "A":
            out += "е" if front else "а"
        elif ch == "Y":
            out += "і" if front else "ы"
        elif ch == "E":
            out += "" if vowel else ("е" if front else "а")
        elif ch == "I":
            out += "" if vowel else ("і" if front else "ы")
        elif ch == "J":
            out += "й" if vowel else ("е" if front else "а")
        elif ch == "G":
            out += ("к" if front else "қ") if voiceless else ("г" if front else "ғ")
        elif ch == "K":
            out += "к" if front else "қ"
        elif ch == "D":
            out += "т" if voiceless else "д"
        elif ch == "M":
            out += "п" if voiceless else ("б" if last in _NASAL_Z else "м")
        elif ch == "P":
            out += "п" if vowel else ("іп" if front else "ып")
        else:
            out += ch
    return out.replace("ый", "и").replace("ій", "и").replace("йу", "ю").replace("иу", "ию")


_PERSON_PAST = ["", "м", "ң", "K", "ңYз", "ңдAр", "ңYздAр"]
_PERSON_PRED = ["", "мYн", "сYң", "сYз", "мYз", "сYңдAр"]
_VERB_ENDINGS = (
    [f"DY{p}" for p in _PERSON_PAST]
    + [f"GAн{p}" for p in _PERSON_PRED + ["Y", "Yм", "Yң", "YмYз", "дA", "GA", "Yн", "нAн", "дAй", "дYң", "мAн"]]
    + [f"J{p}" for p in ["мYн", "сYң", "сYз", "мYз", "сYңдAр", "дY", "тYн", "тYндAй"]]
    + ["Eр", "EрмYн", "EрмYз", "PтY", "PпYн", "PсYң", "PпYз", "PсYз", "P"]
    + [f"сA{p}" for p in ["", "м", "ң", "K", "ңYз", "ңдAр"]]
    + ["у", "уGA", "уDY", "уY", "уDYң", "уDA", "уDAн", "умAн", "уYм", "уYмYз", "уYңYз", "ушY", "ушYлAр"]
    + ["", "IңYз", "IңдAр", "сYн", "EйYн", "EйYK", "шY", "GYсY", "GAлY", "MAK", "MAKшY"]
)


def _verb_stem(infinitive: str) -> str:
    if infinitive.endswith("ию"):
        return infinitive[:-1]
    if infinitive.endswith("ю"):
        return infinitive[:-1] + "й"
    return infinitive[:-1]


def _derived_stems(stem: str) -> list[str]:
    """The stem and its passive, reflexive, reciprocal and causative stems."""
    if stem[-1] in _VOWELS:
        return [stem, stem + "л", stem + "н", stem + "с", stem + "т"]
    passive = "Yн" if stem[-1] == "л" else "Yл"
    return [stem] + [_attach(stem, d) for d in (passive, "Yн", "Yс", "DYр", "GYз")]


def kazakh_verb_forms(infinitives: Iterable[str]) -> set[str]:
    """Inflected forms (past, participles, present, gerunds, conditional, imperative, infinitive cases) of
    each verb, affirmative and negative, of the bare stem and of its derived stems."""
    forms: set[str] = set()
    for infinitive in infinitives:
        stem = _verb_stem(infinitive)
        if len(stem) < 2:
            continue
        for base in _derived_stems(stem):
            negative = _attach(base, "MA")
            for ending in _VERB_ENDINGS:
                forms.add(_attach(base, ending))
                if not ending.startswith("P"):
                    forms.add(_attach(negative, ending))
            forms.add(_attach(negative, "й"))
            forms.add(_attach(negative, "с"))
    return forms


# ---------------------------------------------------------------------------------------------------
# Word lists


def kazakh_forms(hunspell_kk: Path, hunspell_tools: Path, ud_train: Path) -> tuple[set[str], set[str], set[str]]:
    """(hunspell forms, generated verb forms, UD training forms) in standard Kazakh Cyrillic spelling."""
    dic = hunspell_kk / "usr/share/hunspell/kk_KZ.dic"
    aff = hunspell_kk / "usr/share/hunspell/kk_KZ.aff"
    unmunch = hunspell_tools / "usr/bin/unmunch"
    expanded = subprocess.run([str(unmunch), str(dic), str(aff)], capture_output=True, check=True).stdout
    hunspell = {w for w in expanded.decode("utf-8").lower().split() if set(w) <= KK_LETTERS and len(w) > 1}
    stems = [line.split("/")[0].lower() for line in dic.read_text(encoding="utf-8-sig").splitlines()[1:]]
    hunspell.update(w for w in stems if set(w) <= KK_LETTERS)
    infinitives = [
        line.split("/")[0].lower()
        for line in dic.read_text(encoding="utf-8-sig").splitlines()[1:]
        if "/M" in line and line.split("/")[0].endswith(("у", "ю"))
    ]
    verbs = {w for w in kazakh_verb_forms(infinitives) if set(w) <= KK_LETTERS}
    ud = set()
    for line in ud_train.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) == 10 and cols[0].isdigit() and cols[3] not in ("PUNCT", "NUM", "SYM", "X"):
            word = normalize_word(cols[1])
            if word.isalpha():
                ud.add(word)
    return hunspell, verbs, ud


def russian_forms() -> set[str]:
    """Every word form of the OpenCorpora dictionary shipped with pymorphy3 (with ё also spelled е)."""
    import pymorphy3

    words = pymorphy3.MorphAnalyzer().dictionary.words
    forms = {w for w in words.iterkeys() if set(w) <= RU_LETTERS and len(w) > 1}
    forms.update([w.replace("ё", "е") for w in forms if "ё" in w])
    return forms


def simplemma_forms(lang: str) -> set[str]:
    """The inflected forms and lemmas of simplemma's dictionary for ``lang``, lowercased letters only."""
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    dictionary = DefaultDictionaryFactory().get_dictionary(lang)
    forms = set()
    for key, value in dictionary.items():
        for word in (key, value):
            word = word.decode("utf-8") if isinstance(word, bytes) else word
            word = normalize_word(word)
            if word.isalpha() and len(word) > 1:
                forms.add(word)
    return forms


# ---------------------------------------------------------------------------------------------------
# Typed variants of Kazakh


def _table(mapping: dict[str, str]) -> dict[int, str]:
    return str.maketrans(mapping)


def typed_cyrillic_styles(rng: random.Random, n: int) -> list[dict[int, str]]:
    """Ways of typing Kazakh with Russian letters: all Kazakh letters replaced, or most of them; і as и,
    ы or Latin i; sometimes ә as the Latin schwa ə."""
    styles = []
    for i in range(n):
        mapping = dict(_TYPED_BASE)
        if i % 3:
            for letter in list(mapping):
                if rng.random() < 0.25:
                    del mapping[letter]
        mapping["і"] = rng.choice(["и", "и", "ы", "ы", "i", "і"])
        if rng.random() < 0.1:
            mapping["ә"] = "ə"
        styles.append(_table(mapping))
    return styles


def informal_latin_styles(rng: random.Random, n: int) -> list[dict[int, str]]:
    return [_table({k: rng.choice(v) for k, v in _INFORMAL.items()}) for _ in range(n)]


# ---------------------------------------------------------------------------------------------------
# Training


def _sample(words: Iterable[str], n: int, rng: random.Random) -> list[str]:
    pool = sorted(words)
    return pool if len(pool) <= n else rng.sample(pool, n)


def _zipf(words: list[str]) -> list[tuple[str, float]]:
    """Hand-listed frequent words (most frequent first) with weights falling with rank, as token
    frequencies do: 300 for the first word, 10 for the 290th (an ordinary form weighs about 0.3 to 6)."""
    seen: dict[str, float] = {}
    for rank, word in enumerate(words):
        seen.setdefault(normalize_word(word), 3000.0 / (rank + 10))
    return list(seen.items())


def training_set(
    kk_hunspell: set[str], kk_verbs: set[str], kk_ud: set[str], ru: set[str], en: set[str], other: set[str],
    rng: random.Random,
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Words, labels and sample weights.

    The ordinary forms of each language weigh a million in all; Kazakh's are half standard spelling, a
    quarter typed with Russian letters and a quarter Latin, and a typed or Latin variant that is also a
    Russian or English form is left out (``шаға`` typed as ``шага`` is the Russian ``шага`` far more
    often). Kazakh forms also appear with a particle glued on, as people type them (``барма``,
    ``ашылдыго``). Frequent words weigh by rank (:func:`_zipf`), their typed variants half as much;
    frequent words of other languages 30 (unless they are frequent here too); UD training forms 20.
    """
    typed = typed_cyrillic_styles(rng, 24)
    latin = [_table(LATIN_2021), _table(LATIN_2018)] + informal_latin_styles(rng, 40)
    foreign = ru | en
    particles = ["ма", "ме", "ба", "бе", "па", "пе", "ғой", "го", "ғо", "ше", "шы", "да", "де", "ау"]
    kk_base = sorted(kk_hunspell) + _sample(kk_verbs, 600_000, rng)
    kk_base += [w + rng.choice(particles) for w in _sample(kk_hunspell, 100_000, rng)]
    kk_special = [w for w in kk_base if set(w) & set("әғқңөұүһі")]
    kk_typed = [w.translate(rng.choice(typed)) for w in _sample(kk_special, 800_000, rng)]
    kk_typed = [w for w in kk_typed if w not in foreign]
    kk_latin = [w.translate(rng.choice(latin)) for w in _sample(kk_base, 800_000, rng)]
    kk_latin = [w for w in kk_latin if w not in foreign]
    groups: list[tuple[list[str], int, float]] = [
        (kk_base, KK, 0.5e6), (kk_typed, KK, 0.25e6), (kk_latin, KK, 0.25e6),
        (sorted(ru), RU, 1e6), (sorted(en), EN, 1e6), (sorted(other), OTHER, 1e6),
    ]
    weighted: list[tuple[str, int, float]] = []
    for group, label, total in groups:
        weighted += [(w, label, total / len(group)) for w in group]
    frequent_start = len(weighted)
    for word, weight in _zipf(KK_FREQUENT):
        weighted.append((word, KK, weight))
        variants = {word.translate(style) for style in typed} - {word}
        weighted += [(v, KK, weight * 0.5 / len(variants)) for v in sorted(variants)]
        variants = {word.translate(style) for style in latin}
        weighted += [(v, KK, weight * 0.5 / len(variants)) for v in sorted(variants)]
    weighted += [(word, RU, weight) for word, weight in _zipf(RU_FREQUENT)]
    weighted += [(word, EN, weight) for word, weight in _zipf(EN_FREQUENT)]
    taken = {w for w, label, _ in weighted[frequent_start:] if label != KK or not w.isascii()}
    other_frequent = dict.fromkeys(map(normalize_word, OTHER_FREQUENT))
    weighted += [(word, OTHER, 30.0) for word in other_frequent if word not in taken]
    for word in sorted(kk_ud):
        weighted.append((word, KK, 20.0))
        weighted += [(word.translate(rng.choice(typed)), KK, 5.0), (word.translate(rng.choice(latin)), KK, 5.0)]
    words = [w for w, _, _ in weighted]
    y = np.array([label for _, label, _ in weighted], dtype=np.int64)
    sw = np.array([weight for _, _, weight in weighted], dtype=np.float64)
    sw /= sw.mean()
    return words, y, sw


def train(words: list[str], y: np.ndarray, sw: np.ndarray, bits: int, epochs: int, seed: int,
          learning_rate: float = 0.2, batch: int = 8192) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial logistic regression on hashed word features, mini-batch Adagrad; (weights, bias)."""
    rng = np.random.default_rng(seed)
    k = len(LANGUAGES)
    weights = np.zeros((1 << bits, k), dtype=np.float32)
    squares = np.full((1 << bits, k), 1e-6, dtype=np.float32)
    bias = np.zeros(k)
    onehot = np.eye(k)[y]
    for epoch in range(epochs):
        order = rng.permutation(len(words))
        loss, started = 0.0, time.perf_counter()
        for start in range(0, len(order), batch):
            idx = order[start : start + batch]
            owner, bucket = word_features([words[i] for i in idx], bits)
            bucket = bucket.astype(np.int64)
            fw = weights[bucket]
            logits = np.stack([np.bincount(owner, fw[:, j], minlength=len(idx)) for j in range(k)], axis=1) + bias
            logits -= logits.max(axis=1, keepdims=True)
            probs = np.exp(logits)
            probs /= probs.sum(axis=1, keepdims=True)
            loss -= float((sw[idx] * np.log(probs[np.arange(len(idx)), y[idx]] + 1e-12)).sum())
            grad = (probs - onehot[idx]) * sw[idx, None]
            bias -= 0.01 * grad.sum(axis=0) / len(idx)
            per_feature = grad[owner]
            touched = np.unique(bucket)
            g = np.stack(
                [np.bincount(bucket, per_feature[:, j], minlength=1 << bits)[touched] for j in range(k)], axis=1
            )
            squares[touched] += (g * g).astype(np.float32)
            weights[touched] -= (learning_rate * g / np.sqrt(squares[touched])).astype(np.float32)
        print(f"epoch {epoch + 1}: loss {loss / sw.sum():.4f} ({time.perf_counter() - started:.0f} s)", flush=True)
    return weights, bias


def word_lists(args: argparse.Namespace) -> dict[str, set[str]]:
    """The six word lists (kk hunspell, kk verbs, kk UD, ru, en, other), read from ``--cache`` if there."""
    names = ["kk_hunspell", "kk_verbs", "kk_ud", "ru", "en", "other"]
    if args.cache and all((args.cache / f"{n}.txt").exists() for n in names):
        return {n: set((args.cache / f"{n}.txt").read_text(encoding="utf-8").split()) for n in names}
    kk_hunspell, kk_verbs, kk_ud = kazakh_forms(args.hunspell_kk, args.hunspell_tools, args.ud_train)
    ru = russian_forms()
    en = simplemma_forms("en")
    other: set[str] = set()
    rng = random.Random(0)
    for i, lang in enumerate(OTHER_LANGUAGES):
        other.update(_sample(simplemma_forms(lang), 60_000 if i < 10 else 15_000, rng))
    other -= ru | kk_hunspell
    lists = dict(zip(names, [kk_hunspell, kk_verbs, kk_ud, ru, en, other], strict=True))
    if args.cache:
        args.cache.mkdir(parents=True, exist_ok=True)
        for name, forms in lists.items():
            (args.cache / f"{name}.txt").write_text("\n".join(sorted(forms)) + "\n", encoding="utf-8")
    return lists


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("hunspell_kk", type=Path, help="the unpacked hunspell-kk .deb (holds usr/share/hunspell)")
    parser.add_argument("hunspell_tools", type=Path, help="the unpacked hunspell-tools .deb (holds usr/bin/unmunch)")
    parser.add_argument("--ud-train", type=Path, default=ROOT.parent / "shared/data/ud/kk_ktb-train.conllu")
    parser.add_argument("--out", type=Path, default=ROOT / "dauys/text/langid_data")
    parser.add_argument("--bits", type=int, default=20)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache", type=Path, help="keep the extracted word lists here and reuse them")
    args = parser.parse_args(argv)

    lists = word_lists(args)
    for name, forms in lists.items():
        print(f"{name}: {len(forms)} forms")
    words, y, sw = training_set(*lists.values(), random.Random(args.seed))
    print(f"training on {len(words)} words")
    weights, bias = train(words, y, sw, args.bits, args.epochs, args.seed)
    write_model(args.out, weights, bias, args.bits)


# Text-level settings (see dauys.text.langid.LangidModel), chosen on development texts that are neither
# shipped nor evaluation data: the messages of the Kazakh, Russian and English translations of free
# software (/usr/share/locale), the same Kazakh messages typed with Russian letters and in Latin, their
# first three words, the same with foreign capitalised words put in as stand-ins for names, and messages
# in German, French, Turkish, Ukrainian, Spanish, Polish and Bulgarian as ``other``.
SETTINGS = {
    "mixture": [
        [0.89, 0.05, 0.05, 0.01],
        [0.0005, 0.8995, 0.05, 0.05],
        [0.001, 0.001, 0.993, 0.005],
        [0.002, 0.03, 0.03, 0.938],
    ],
    "prior": [1.0, 0.0, 0.0, -2.0],
    "capitalized_weight": 0.75,
    "temperature": 0.15,
    "floor": -6.0,
    "switch_cost": [6.0, 3.0, 1.5],
}


def write_model(out: Path, weights: np.ndarray, bias: np.ndarray, bits: int) -> None:
    """``weights.npy`` (int8) and ``model.json`` (scale, bias, text-level settings)."""
    out.mkdir(parents=True, exist_ok=True)
    scale = float(np.abs(weights).max()) / 127.0
    np.save(out / "weights.npy", np.round(weights / scale).astype(np.int8))
    settings = {"version": 1, "bits": bits, "weight_scale": scale, "bias": [round(float(b), 6) for b in bias],
                **SETTINGS}
    (out / "model.json").write_text(json.dumps(settings, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
