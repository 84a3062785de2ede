"""Shipped stopword lists, their version, and a project's additions and exceptions."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from dauys.errors import InputError
from dauys.text.stopwords import LANGUAGES, load_stopwords
from dauys.text.tokenize import word_tokens


def test_the_shipped_lists_are_versioned_and_attributed():
    stop = load_stopwords()
    assert stop.version == "2026.1"
    for lang in LANGUAGES:
        assert stop.sources[lang]["version"] == "2026.1"
        assert "dauys developers" in stop.sources[lang]["source"]
        assert "MIT" in stop.sources[lang]["source"]
        assert stop.sources[lang]["words"] > 250


@pytest.mark.parametrize(
    "word",
    [
        # Kazakh: pronouns, postpositions, conjunctions, particles, auxiliaries, fillers
        "мен", "олардың", "бұл", "үшін", "туралы", "және", "бірақ", "ғой", "ше", "ма", "ме", "ба", "бе",
        "па", "пе", "да", "де", "та", "те", "болып", "болады", "емес", "еді", "деп", "бар", "жоқ", "енді",
        "жане", "ushin",
        # Russian: function words and social-media fillers
        "и", "в", "не", "что", "это", "который", "ну", "вот", "типа", "короче", "спс", "ок", "еще",
        # English: function words and fillers
        "the", "and", "is", "don't", "dont", "lol", "ok", "pls",
    ],
)
def test_function_words_and_fillers_are_stopwords(word):
    assert word in load_stopwords()


@pytest.mark.parametrize(
    "word",
    ["су", "тариф", "газ", "ана", "ай", "жыл", "қазақ", "халық", "вода", "тарифы", "власть", "water", "may"],
)
def test_content_words_are_not_stopwords(word):
    assert word not in load_stopwords()


def test_every_shipped_word_is_one_token_in_the_form_word_tokens_gives():
    for lang in LANGUAGES:
        text = resources.files("dauys.text.stopwords").joinpath(f"{lang}.txt").read_text(encoding="utf-8")
        words = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("# ")]
        assert words, lang
        for word in words:
            assert word_tokens(word) == [word], (lang, word)
        assert len(words) == len(set(words)), f"{lang}.txt lists a word twice"


def test_choosing_languages():
    english = load_stopwords(("en",))
    assert "the" in english and "және" not in english and "и" not in english
    assert set(english.sources) == {"en"}


def test_an_unknown_language_is_refused():
    with pytest.raises(InputError, match="choose among kk, ru, en"):
        load_stopwords(("kz",))


def _write(project, name: str, text: str) -> None:
    folder = project.path / "stopwords"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_a_project_adds_and_keeps_words_and_the_version_says_so(project):
    _write(project, "extra.txt", "# place names every post repeats\nАлматы\n#Qantar\nЁлка\n")
    _write(project, "keep.txt", "# absence is our topic\nжоқ\nнет\n")
    stop = load_stopwords(project=project)
    assert {"алматы", "#qantar", "елка"} <= stop.words
    assert "жоқ" not in stop and "нет" not in stop
    assert "және" in stop
    found = re.fullmatch(r"2026\.1\+project:([0-9a-f]{8})", stop.version)
    assert found
    assert stop.sources["project"] == {
        "files": ["stopwords/extra.txt", "stopwords/keep.txt"], "sha256_8": found.group(1), "extra": 3, "keep": 2,
    }


def test_the_project_version_changes_when_a_file_changes(project):
    _write(project, "keep.txt", "жоқ\n")
    first = load_stopwords(project=project).version
    assert load_stopwords(project=project.path).version == first
    _write(project, "keep.txt", "жоқ\nбар\n")
    assert load_stopwords(project=project).version != first


def test_a_project_without_stopword_files_uses_the_shipped_lists(project):
    assert load_stopwords(project=project).version == "2026.1"


def test_a_line_that_is_not_one_word_is_refused_with_its_line(project):
    _write(project, "extra.txt", "алматы\nсу тасқыны\n")
    with pytest.raises(InputError, match=r"extra\.txt, line 2: 'су тасқыны' is not one word token; write one"):
        load_stopwords(project=project)


def test_a_number_in_a_project_file_is_explained(project):
    _write(project, "keep.txt", "2022\n")
    with pytest.raises(InputError, match="numbers, URLs, e-mails and @mentions are never counted"):
        load_stopwords(project=project)
