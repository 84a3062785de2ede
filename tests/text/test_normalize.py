"""Normalisation of online Kazakh, Russian and English: each change, its switch, and odd input."""

from __future__ import annotations

import subprocess
import unicodedata

import pytest

from dauys.text.lemmatize import lemmatize_sentence
from dauys.text.normalize import (
    NORMALIZER_VERSION,
    NormalizeOptions,
    latin_to_cyrillic_kk,
    normalize_text,
    normalize_word,
)

ALL_OFF = NormalizeOptions(nfc=False, lookalikes=False, latin_kazakh=False, russian_letters=False, repeats=False)


def test_version_and_options_are_plain_values():
    assert isinstance(NORMALIZER_VERSION, str) and NORMALIZER_VERSION
    assert NormalizeOptions() == NormalizeOptions(True, True, True, True, True)
    assert hash(NormalizeOptions(repeats=False)) == hash(NormalizeOptions(repeats=False))


# ---- Kazakh in Latin script ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Qazaqstan", "Қазақстан"),
        ("sálem", "сәлем"),
        ("rahmet", "рахмет"),
        ("jaqsy", "жақсы"),
        ("zhaksy", "жақсы"),
        ("keremet", "керемет"),
        ("bolady", "болады"),
        ("jok", "жоқ"),
        ("kushti", "күшті"),
        ("qalaisyn", "қалайсың"),
        ("óte", "өте"),  # 2018
        ("ýaqyt", "уақыт"),  # 2018
        ("aıtty", "айтты"),  # 2018: ı = й
        ("menıñ", "менің"),  # 2021: ı = і, ñ = ң
        ("Būl", "Бұл"),  # 2021
        ("üiıne", "үйіне"),  # 2021: i = й
        ("o'te", "өте"),  # 2017 apostrophes
        ("balalarga", "балаларға"),
        ("QAZAQSTAN", "ҚАЗАҚСТАН"),
    ],
)
def test_latin_kazakh_becomes_cyrillic(latin, cyrillic):
    assert latin_to_cyrillic_kk(latin) == cyrillic


def test_latin_to_cyrillic_keeps_what_is_not_latin_kazakh():
    assert latin_to_cyrillic_kk("") == ""
    assert latin_to_cyrillic_kk("covid19") .endswith("19")
    assert latin_to_cyrillic_kk("жақсы") == "жақсы"


def test_latin_kazakh_in_kazakh_text_only():
    assert normalize_word("Jaqsy", "kk") == "жақсы"
    assert normalize_word("jaqsy", None) == "жақсы"  # the word itself is Kazakh
    assert normalize_word("jaqsy", "ru") == "jaqsy"
    assert normalize_word("jaqsy", "en") == "jaqsy"
    assert normalize_word("jaqsy", "kk", NormalizeOptions(latin_kazakh=False)) == "jaqsy"


def test_english_words_in_kazakh_text_stay_latin():
    assert normalize_word("instagram", "kk") == "instagram"
    assert normalize_word("ok", "kk") == "ok"
    assert normalize_word("hello", None) == "hello"
    assert normalize_text("XX ғасыр", "kk") == "XX ғасыр"  # a Roman numeral
    assert lemmatize_sentence(["XX", "ғасырда"], "kk")[0].lower() == "xx"  # not Cyrillic хх


# ---- Kazakh typed with Russian letters ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kazakh"),
    [("кушти", "күшті"), ("калай", "қалай"), ("жаксы", "жақсы"), ("казакстанда", "қазақстанда"),
     ("сизге", "сізге"), ("кандай", "қандай"), ("ушин", "үшін"), ("мугалим", "мұғалім")],
)
def test_russian_letters_restored_in_kazakh(typed, kazakh):
    assert normalize_word(typed, "kk") == kazakh


def test_russian_letters_left_when_unsure_or_not_kazakh():
    assert normalize_word("калина", "ru") == "калина"
    assert normalize_word("калина", "kk") == "калина"  # a Russian word, even in Kazakh text
    assert normalize_word("кушти", "ru") == "кушти"
    assert normalize_word("кушти", None) == "кушти"
    assert normalize_word("болады", "kk") == "болады"  # already Kazakh
    assert normalize_word("кушти", "kk", NormalizeOptions(russian_letters=False)) == "кушти"


def test_russian_text_untouched_in_russian():
    text = "Цены опять выросли, а зарплата нет"
    assert normalize_text(text, "ru") == text


# ---- look-alike letters -------------------------------------------------------------------------------


def test_lookalikes():
    latin_a = "A" + "лматы"
    assert normalize_word(latin_a, "kk") == "алматы"
    assert normalize_word(latin_a, "kk", NormalizeOptions(lookalikes=False)) == latin_a.lower()
    assert normalize_word("тусиниктi", "kk") == "түсінікті"  # Latin i for і, then restored
    assert normalize_word("c" + "оффее"[1:], "ru") != "c" + "оффее"[1:]  # mostly Cyrillic: all Cyrillic
    assert normalize_word("с" + "offee", "en") == "coffee"  # Cyrillic с in an English word
    assert normalize_text("Бүгін " + latin_a + "да", "kk") == "Бүгін Алматыда"


# ---- stretched letters --------------------------------------------------------------------------------


def test_repeats():
    assert normalize_word("кееррреемееетт", "kk") == "керемет"
    assert normalize_word("рахмеееет", "kk") == "рахмет"
    assert normalize_word("оооочень", "ru") == "очень"
    assert normalize_word("клаааасс", "ru") == "класс"
    assert normalize_word("coooool", "en") == "cool"
    assert normalize_word("jaaaqsyyy", "kk") == "жақсы"
    assert normalize_word("рахмеееет", "kk", NormalizeOptions(repeats=False)) == "рахмеееет"


@pytest.mark.parametrize("word", ["Алла", "масса", "класс", "ассалаумағалейкум", "ссср", "шоссе"])
def test_legitimate_doubles_stay(word):
    assert normalize_word(word, "kk") == word.lower()
    assert normalize_word(word, "ru") == word.lower()


# ---- Unicode ------------------------------------------------------------------------------------------


def test_nfc():
    decomposed = unicodedata.normalize("NFD", "қайда")  # й as и and a combining breve
    assert decomposed != "қайда"
    assert normalize_word(decomposed, "kk") == "қайда"
    assert normalize_word(decomposed, "kk", NormalizeOptions(nfc=False)) == decomposed
    assert normalize_word(unicodedata.normalize("NFD", "sálem"), "kk") == "сәлем"
    assert normalize_text(unicodedata.normalize("NFD", "Ёлка"), "ru") == "Ёлка"


def test_everything_off_only_lowercases():
    for word, lang in [("Jaqsy", "kk"), ("кушти", "kk"), ("рахмеееет", "kk"), ("A" + "лматы", "kk")]:
        assert normalize_word(word, lang, ALL_OFF) == word.lower()


# ---- whole texts --------------------------------------------------------------------------------------


def test_text_keeps_case_spaces_and_punctuation():
    assert normalize_text("Rahmet, óte jaqsy boldy!", "kk") == "Рахмет, өте жақсы болды!"
    assert normalize_text("KUSHTI! Калай? 🇰🇿 2024", "kk") == "КҮШТІ! Қалай? 🇰🇿 2024"


def test_text_of_mixed_languages_is_normalised_span_by_span():
    text = "Калай, достар? Цены опять выросли, жаксы емес."
    assert normalize_text(text) == "Қалай, достар? Цены опять выросли, жақсы емес."


def test_text_options_are_passed_on():
    assert normalize_text("Калай?", "kk", NormalizeOptions(russian_letters=False)) == "Калай?"


@pytest.mark.parametrize("text", ["", " ", "2024", "😀😀", "!!!", "مرحبا بالعالم", "你好", "\ufffd\x00"])
def test_odd_input(text):
    assert normalize_text(text) == text
    assert normalize_text(text, "kk") == text
    for lang in ("kk", "ru", "en", "other", None):
        assert normalize_word(text, lang) == text.lower()


def test_long_input():
    text = "Сәлем, jaqsy kushti! 😀 " * 45_000  # about 1 MB
    assert normalize_text(text, "kk") == "Сәлем, жақсы күшті! 😀 " * 45_000
    assert normalize_text(text).startswith("Сәлем, жақсы күшті! 😀 ")
    word = "jaqsy" * 20_000
    assert normalize_word(word, "kk") == word  # too long to be a word: left alone
    assert latin_to_cyrillic_kk(word) == "жақсы" * 20_000
    assert normalize_word("ааааа" * 200_000, "kk") == "а"


# ---- lemmas of Latin-script Kazakh --------------------------------------------------------------------


def test_lemmatize_latin_kazakh():
    assert lemmatize_sentence(["Jaqsy", "bolady", "."], "kk") == ["жақсы", "бол", "."]
    assert lemmatize_sentence(["Sotqa", "bardyq"], "kk") == ["сот", "бар"]
    assert lemmatize_sentence(["Сотқа", "бардық"], "kk") == ["сот", "бар"]


def test_cli_lemmatizes_latin_kazakh_to_cyrillic(cli):
    result = cli("text", "lemmatize", "--lang", "kk", "--pretokenized", input="jaqsy\nbolady\n")
    assert result.exit_code == 0
    assert result.stdout.split() == ["жақсы", "бол"]


def test_cli_in_a_separate_process(dauys_exe):
    result = subprocess.run(
        [dauys_exe, "text", "lemmatize", "--lang", "kk", "--pretokenized"],
        input="jaqsy\nbolady\n", capture_output=True, text=True, check=True, encoding="utf-8",
    )
    assert result.stdout.split() == ["жақсы", "бол"]
