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
