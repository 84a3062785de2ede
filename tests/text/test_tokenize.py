"""Word tokens of Kazakh, Russian, English and mixed social-media text."""

from __future__ import annotations

import pytest

from dauys.text.tokenize import normalize_token, word_tokens


def test_kazakh_letters_stay_inside_words():
    assert word_tokens("Әділетті Қазақстан: ғылым, өңір, ұлт, үкімет, һәм, інісі, жаңалық") == [
        "әділетті", "қазақстан", "ғылым", "өңір", "ұлт", "үкімет", "һәм", "інісі", "жаңалық",
    ]


def test_every_kazakh_letter_in_both_cases():
    assert word_tokens("ӘҒҚҢӨҰҮҺІ әғқңөұүһі") == ["әғқңөұүһі", "әғқңөұүһі"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Су тарифі тағы өсті! 😡😡", ["су", "тарифі", "тағы", "өсті"]),
        ("Опять подняли тарифы, ну и дела...", ["опять", "подняли", "тарифы", "ну", "и", "дела"]),
        ("Prices up again, salaries not. LOL", ["prices", "up", "again", "salaries", "not", "lol"]),
        ("Тариф көтерді, а трубы как текли", ["тариф", "көтерді", "а", "трубы", "как", "текли"]),
    ],
)
def test_lowercased_words_without_punctuation_or_emoji(text, expected):
    assert word_tokens(text) == expected


def test_hashtags_are_kept_with_their_sign_and_lowercased():
    assert word_tokens("#Qantar #ЖаңаҚазақстан #су_тасқыны #Qantar2022 тағы") == [
        "#qantar", "#жаңақазақстан", "#су_тасқыны", "#qantar2022", "тағы",
    ]


def test_a_number_after_the_sign_is_not_a_hashtag():
    assert word_tokens("#1 #2022 жаңалық") == ["жаңалық"]


@pytest.mark.parametrize(
    "text",
    [
        "https://egov.kz/services?id=12 сілтеме",
        "http://t.me/dala_habar/1452 сілтеме",
        "www.stat.gov.kz/official сілтеме",
        "egov.kz/services сілтеме",
        "t.me/dala_habar сілтеме",
        "info@gov.kz сілтеме",
        "@akimat_almaty сілтеме",
    ],
)
def test_urls_emails_and_mentions_are_dropped(text):
    assert word_tokens(text) == ["сілтеме"]


def test_a_missing_space_after_a_full_stop_does_not_hide_words():
    assert word_tokens("Тариф өсті.Халық наразы. Prices rose.The end") == [
        "тариф", "өсті", "халық", "наразы", "prices", "rose", "the", "end",
    ]


def test_inner_hyphens_and_apostrophes_are_kept():
    assert word_tokens("Көк-Жайлау, из-за, covid-19, don’t, o'zbek, it`s") == [
        "көк-жайлау", "из-за", "covid-19", "don't", "o'zbek", "it's",
    ]


def test_outer_hyphens_and_quotes_are_not_part_of_a_word():
    assert word_tokens("-тариф- 'quoted' «сөз» — тире") == ["тариф", "quoted", "сөз", "тире"]


def test_numbers_and_their_endings_are_dropped_digits_inside_words_kept():
    assert word_tokens("2022-жылы 5-й раз 15,5% №3 5G, а G7 және covid19") == [
        "раз", "а", "g7", "және", "covid19",
    ]


def test_yo_is_folded_to_ye():
    assert word_tokens("Ещё ЁЛКА всё") == ["еще", "елка", "все"]


def test_decomposed_letters_are_composed_first():
    decomposed = "и\u0306ошкар-ола е\u0308ж"  # й and ё typed as a letter and a combining mark
    assert word_tokens(decomposed) == ["йошкар-ола", "еж"]


def test_empty_text():
    assert word_tokens("") == []
    assert word_tokens("👍👍 !!! 2024") == []


def test_normalize_token_gives_the_form_word_tokens_gives():
    for word in ("Ёлка", "Don’t", "ҚАЗАҚСТАН", "İstanbul"):
        assert word_tokens(word) == [normalize_token(word)]


# --- tokens with offsets, kinds and sentences ---------------------------------------------------------------

import numpy as np  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from dauys.text.tokenize import (  # noqa: E402
    TOKEN_KINDS,
    Token,
    emoji_name,
    sentence_spans,
    tokenize,
    tokenize_many,
)


def pairs(text):
    return [(t.text, t.kind) for t in tokenize(text)]


def sentences(text):
    return [text[start:end] for start, end in sentence_spans(text)]


def test_token_kinds_are_the_documented_codes():
    assert TOKEN_KINDS == ("word", "number", "url", "email", "mention", "hashtag", "emoji", "punct", "symbol")


def test_tokens_carry_offsets_into_the_original_text():
    text = "  Алматыда\tсу жоқ 😷\n"
    assert tokenize(text) == [
        Token("Алматыда", 2, 10, "word", 0), Token("су", 11, 13, "word", 0), Token("жоқ", 14, 17, "word", 0),
        Token("😷", 18, 19, "emoji", 0),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Әділетті Қазақстан", [("Әділетті", "word"), ("Қазақстан", "word")]),
        ("Qazaqstan Respýblıkasy, ǵylym, ńan, ósý, ıaǵnı, şaş, çay, ğasır",
         [("Qazaqstan", "word"), ("Respýblıkasy", "word"), (",", "punct"), ("ǵylym", "word"), (",", "punct"),
          ("ńan", "word"), (",", "punct"), ("ósý", "word"), (",", "punct"), ("ıaǵnı", "word"), (",", "punct"),
          ("şaş", "word"), (",", "punct"), ("çay", "word"), (",", "punct"), ("ğasır", "word")]),
        ("көк-жайлау из-за covid-19 covid19 don't don’t o'zbek",
         [("көк-жайлау", "word"), ("из-за", "word"), ("covid-19", "word"), ("covid19", "word"), ("don't", "word"),
          ("don’t", "word"), ("o'zbek", "word")]),
        ("со\u0301рок", [("со\u0301рок", "word")]),  # a stress mark stays inside the word
        ("مرحبا بالعالم 中文文本", [("مرحبا", "word"), ("بالعالم", "word"), ("中文文本", "word")]),
        ("2022 3.14 15,5 50% 12:30 22.11.2026", [("2022", "number"), ("3.14", "number"), ("15,5", "number"),
                                                ("50%", "number"), ("12:30", "number"), ("22.11.2026", "number")]),
        ("2022-жылы 5-й 15%-ға 2022ж 5G", [("2022-жылы", "number"), ("5-й", "number"), ("15%-ға", "number"),
                                          ("2022ж", "number"), ("5G", "number")]),
        ("1 000 000 2022-2023 -5", [("1", "number"), ("000", "number"), ("000", "number"), ("2022", "number"),
                                    ("-", "punct"), ("2023", "number"), ("-", "punct"), ("5", "number")]),
        ("https://egov.kz/services?id=12 www.stat.gov.kz/official egov.kz/services t.me/dala_habar HTTP://A.KZ",
         [("https://egov.kz/services?id=12", "url"), ("www.stat.gov.kz/official", "url"),
          ("egov.kz/services", "url"), ("t.me/dala_habar", "url"), ("HTTP://A.KZ", "url")]),
        ("(https://egov.kz/kk), «egov.kz».", [("(", "punct"), ("https://egov.kz/kk", "url"), (")", "punct"),
                                             (",", "punct"), ("«", "punct"), ("egov.kz", "url"), ("»", "punct"),
                                             (".", "punct")]),
        ("info@gov.kz @akimat_almaty @dala.habar", [("info@gov.kz", "email"), ("@akimat_almaty", "mention"),
                                                    ("@dala.habar", "mention")]),
        ("#Шерзатүшін #qantar #су_тасқыны #Qantar2022 #1", [("#Шерзатүшін", "hashtag"), ("#qantar", "hashtag"),
                                                         ("#су_тасқыны", "hashtag"), ("#Qantar2022", "hashtag"),
                                                         ("#", "punct"), ("1", "number")]),
        ("C# a@b", [("C", "word"), ("#", "punct"), ("a", "word"), ("@", "punct"), ("b", "word")]),
        ("Ну... да!!! Что?! ))))", [("Ну", "word"), ("...", "punct"), ("да", "word"), ("!!!", "punct"),
                                   ("Что", "word"), ("?!", "punct"), ("))))", "punct")]),
        ("₸500 №3 © ™ ©️ \ufffd \x07 \ue000", [("₸", "symbol"), ("500", "number"), ("№", "symbol"), ("3", "number"),
                                             ("©", "symbol"), ("™", "symbol"), ("©️", "emoji"), ("\ufffd", "symbol"),
                                             ("\x07", "symbol"), ("\ue000", "symbol")]),
    ],
)
def test_kinds(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize(
    "emoji", ["👍🏽", "👨‍👩‍👧", "🇰🇿", "❤️", "❤", "😷", "1️⃣", "#️⃣", "🏳️‍🌈", "❤️‍🔥", "🧑🏽‍🤝‍🧑🏿", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "♥", "🫨"],
)
def test_each_emoji_sequence_is_one_token(emoji):
    assert pairs(f"Рахмет {emoji}{emoji}бәріне") == [
        ("Рахмет", "word"), (emoji, "emoji"), (emoji, "emoji"), ("бәріне", "word"),
    ]


def test_emoji_names():
    assert emoji_name("👍🏽") == "thumbs up: medium skin tone"
    assert emoji_name("🇰🇿") == "flag: Kazakhstan"
    assert emoji_name("👨‍👩‍👧") == "family: man, woman, girl"
    assert emoji_name("❤️") == emoji_name("❤") == "red heart"
    assert emoji_name("😷") == "face with medical mask"
    assert emoji_name("1️⃣") == "keycap: 1"


def test_emoji_names_are_never_empty():
    assert emoji_name("🇽🇽") == "flag: XX"
    assert emoji_name("👍🏿🏿") == "thumbs up: dark skin tone, dark skin tone"
    assert emoji_name("☺") == "smiling face"
    assert emoji_name("ә") == "cyrillic small letter schwa"
    for token in tokenize("Керемет 👍🏽🇰🇿😷 ♥ ℹ️ 🤌🏻 🫱🏻‍🫲🏿 \U0001faff"):
        if token.kind == "emoji":
            assert emoji_name(token.text)
    with pytest.raises(ValueError):
        emoji_name("")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Су жоқ. Тариф өсті! Неге? Білмеймін…", ["Су жоқ.", "Тариф өсті!", "Неге?", "Білмеймін…"]),
        ("Свет отключили. Опять!!! 😡😡 Жалоба подана", ["Свет отключили.", "Опять!!! 😡😡", "Жалоба подана"]),
        ("Prices rose.The end", ["Prices rose.", "The end"]),
        ("бірінші жол\nекінші жол\r\n\r\nүшінші", ["бірінші жол", "екінші жол", "үшінші"]),
        ("Ол: «Жоқ!» Мен кеттім.", ["Ол: «Жоқ!»", "Мен кеттім."]),
        ("Алма, алмұрт т.б. жемістер. Т.с.с. сөздер", ["Алма, алмұрт т.б. жемістер.", "Т.с.с. сөздер"]),
        ("Яблоки, груши и т.д. Потом сливы.", ["Яблоки, груши и т.д.", "Потом сливы."]),
        ("Т.е. так и т.п. вещи, ул. Абая, г. Алматы.", ["Т.е. так и т.п. вещи, ул. Абая, г. Алматы."]),
        ("1991 ж. 16 желтоқсанда тәуелсіздік алдық.", ["1991 ж. 16 желтоқсанда тәуелсіздік алдық."]),
        ("А. Байтұрсынұлы мен Н.Ә. Назарбаев туралы.", ["А. Байтұрсынұлы мен Н.Ә. Назарбаев туралы."]),
        ("Mr. Smith met Dr. Who, e.g. on TV etc. Then left.", ["Mr. Smith met Dr. Who, e.g. on TV etc.", "Then left."]),
        ("Өсім 3.5% болды. Ақпарат stat.gov.kz сайтында.", ["Өсім 3.5% болды.", "Ақпарат stat.gov.kz сайтында."]),
        ("Ну... не знаю. Да.", ["Ну... не знаю.", "Да."]),
        ("— Жоқ! — деді ол.", ["— Жоқ! — деді ол."]),
        ("1. Кіріспе\n2. Қорытынды", ["1. Кіріспе", "2. Қорытынды"]),
        ('Ол "Иә!" деді. Бітті', ['Ол "Иә!"', "деді.", "Бітті"]),
        ("这是中文。很好！", ["这是中文。", "很好！"]),
    ],
)
def test_sentences(text, expected):
    assert sentences(text) == expected


def test_sentence_indices_match_sentence_spans():
    text = "Су жоқ!!! 😡\nТариф т.б. өсті. Ещё 3.5% (по данным stat.gov.kz)."
    spans = sentence_spans(text)
    for token in tokenize(text):
        start, end = spans[token.sentence]
        assert start <= token.start and token.end <= end


def test_bad_input_never_crashes():
    assert tokenize("") == [] and sentence_spans("") == []
    assert tokenize(" \t\n ") == [] and sentence_spans(" \n") == []
    garbage = "".join(map(chr, range(0, 0x3000, 7))) + "\x00\x01\ufffd\ud800\udfff\U0010ffff"
    tokens = tokenize(garbage)
    assert "".join(t.text for t in tokens) == "".join(c for c in garbage if not c.isspace())


@pytest.mark.parametrize(
    "line",
    [
        "Тариф өсті " * 100_000,
        "a.a." * 250_000,
        "x" * 1_000_000,
        "a@" * 500_000,
        "1." * 500_000,
        "#1" * 500_000,
        "а-" * 500_000,
        "https://" + "ә" * 1_000_000,
        "😷" * 1_000_000,
        "!" * 1_000_000,
        "a\u0301" * 500_000,
    ],
    ids=["words", "dotted", "one-word", "at", "numbered", "hashes", "hyphens", "url", "emoji", "bang", "marks"],
)
def test_a_one_megabyte_line_takes_linear_time(line):
    tokens = tokenize(line)
    assert sum(len(t.text) for t in tokens) == sum(1 for c in line if not c.isspace())


def test_tokenize_many_gives_the_tokens_of_each_text():
    texts = ["Су тарифі өсті! 😡 Неге?", "", None, "   ", "#Qantar 2022-жылы.\nКелесі жол", "Бәрі жақсы 👍🏽"]
    columns = tokenize_many(texts)
    assert len(columns) == len(columns.text) == len(columns.doc) == len(columns.kind) == len(columns.sentence)
    assert columns.kind.dtype == np.int8 and columns.doc.dtype == np.int64
    rows = list(zip(columns.doc.tolist(), columns.text, columns.start.tolist(), columns.end.tolist(),
                    [TOKEN_KINDS[k] for k in columns.kind.tolist()], columns.sentence.tolist(), strict=True))
    expected = [
        (doc, *token) for doc, text in enumerate(texts) for token in tokenize(text or "")
    ]
    assert rows == expected
    assert sorted(set(columns.doc.tolist())) == [0, 4, 5]


def test_tokenize_many_of_nothing():
    columns = tokenize_many([])
    assert len(columns) == 0 and columns.text == [] and columns.kind.dtype == np.int8


def test_tokenize_many_across_chunks(monkeypatch):
    import dauys.text.tokenize as module

    monkeypatch.setattr(module, "_CHUNK_CHARS", 20)
    texts = ["Су жоқ. Тариф өсті!", "Ещё 3.5%", "", "Бәрі 👍🏽 жақсы. Иә"] * 5
    columns = tokenize_many(texts)
    rows = list(zip(columns.doc.tolist(), columns.text, columns.start.tolist(), columns.sentence.tolist(), strict=True))
    assert rows == [(doc, t.text, t.start, t.sentence) for doc, text in enumerate(texts) for t in tokenize(text)]


def test_word_tokens_are_the_normalised_words_and_hashtags_of_tokenize():
    text = "Ещё 15% — из-за COVID-19, don’t panic 😷 #Qantar egov.kz @akimat 2022-жылы Көк-Жайлау"
    assert word_tokens(text) == [
        normalize_token(t.text) for t in tokenize(text) if t.kind in ("word", "hashtag")
    ]


def test_word_tokens_keep_stressed_words_whole():
    assert word_tokens("Со\u0301рок и\u0306ошкар-ола") == ["сорок", "йошкар-ола"]


def check_tokens(text):
    tokens = tokenize(text)
    position, rebuilt = 0, []
    for token in tokens:
        assert token.kind in TOKEN_KINDS
        assert token.text and text[token.start:token.end] == token.text
        assert token.start >= position
        gap = text[position:token.start]
        assert gap == "" or gap.isspace()
        assert not any(c.isspace() for c in token.text)
        rebuilt += [gap, token.text]
        position = token.end
    assert text[position:] == "" or text[position:].isspace()
    assert "".join(rebuilt) + text[position:] == text
    assert [t.sentence for t in tokens] == sorted(t.sentence for t in tokens)
    spans = sentence_spans(text)
    assert len(spans) == (tokens[-1].sentence + 1 if tokens else 0)
    assert {t.sentence for t in tokens} == set(range(len(spans)))
    for token in tokens:
        start, end = spans[token.sentence]
        assert start <= token.start and token.end <= end
    return tokens


_KAZAKH_LIKE = st.lists(
    st.sampled_from(list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһіАӘҒҚҢӨҰҮҺІЁQqaıńǵ0123456789 \n.,!?…-'’#@:/%")
                    + ["😷", "👍🏽", "🇰🇿", "👨‍👩‍👧", "❤️", " https://egov.kz ", " т.б. ", "\u0301", "»", ")"]),
    max_size=80,
).map("".join)
_ANY = st.lists(
    st.characters(exclude_categories=("Cs",)) | st.sampled_from(["👍🏽", "👨‍👩‍👧", "🇰🇿", "\u200d", "\ufe0f", "\u0301"]),
    max_size=60,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_ANY)
def test_any_text_is_covered_exactly_by_tokens_and_whitespace(text):
    check_tokens(text)


@settings(max_examples=300, deadline=None)
@given(_KAZAKH_LIKE)
def test_kazakh_russian_like_text_is_covered_exactly(text):
    tokens = check_tokens(text)
    assert word_tokens(text) == [normalize_token(t.text) for t in tokens if t.kind in ("word", "hashtag")]


@settings(max_examples=100, deadline=None)
@given(st.lists(_KAZAKH_LIKE | _ANY | st.none(), max_size=8))
def test_tokenize_many_agrees_with_tokenize(texts):
    columns = tokenize_many(texts)
    rows = list(zip(columns.doc.tolist(), columns.text, columns.start.tolist(), columns.end.tolist(),
                    [TOKEN_KINDS[k] for k in columns.kind.tolist()], columns.sentence.tolist(), strict=True))
    assert rows == [(doc, *token) for doc, text in enumerate(texts) for token in tokenize(text or "")]
