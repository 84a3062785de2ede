"""Known Kazakh spellings of a folded word: exactly the forms the analyser knows, found in one walk."""

from __future__ import annotations

import pytest
from conftest import shared_data

from dauys.text.lemma.kk import is_known_form
from dauys.text.lemma.kk.spelling import fold, spellings
from dauys.text.normalize import normalize_word


def test_folding_merges_the_letters_typed_alike():
    assert fold("күшті") == fold("кушти") == fold("күшты") == "кушты"
    assert fold("қаңғырған") == fold("кангырган")
    assert fold("әңгіме") == "ангыме"
    assert fold("мектеп") == "мектеп"  # no letter to fold


@pytest.mark.parametrize(
    ("typed", "known"),
    [
        ("кушти", {"күшті"}),
        ("калай", {"қалай"}),
        ("китабы", {"кітабы"}),         # кітап, written кітаб- before a vowel
        ("ерни", {"ерні"}),             # ерін, its vowel dropped before a vowel
        ("окиды", {"оқиды"}),           # оқы + йды, the stem's vowel merged into и
        ("мектептерде", {"мектептерде"}),
        ("казакстаннын", {"қазақстанның"}),
    ],
)
def test_the_known_spellings_of_a_typed_word(typed, known):
    assert known <= spellings(fold(typed))


WORDS = (
    "күшті қалай кітабымызда мектептерінде ерні халқы тауып моделі оқиды оқу сүю қазақстанның "
    "әкімдік тұрғындары жолдарымыз бағасы өсті көңілімнен түсініксіз қауіпсіздігі маңғыстаудың "
    "құрылғының жүргізушілерді балаларға алмадық барамыз келе жатыр айтпаған"
).split()


@pytest.mark.parametrize("word", WORDS)
def test_every_known_form_is_found_among_the_spellings_of_its_fold(word):
    assert is_known_form(word)
    assert word in spellings(fold(word))


def test_only_known_forms_are_returned():
    typed = ("кушти калай кандай баласынын откызулерынызды курылгыны шыгаргансындар конилинди "
             "жургизушилерди кауипсиздиги туриксиз ыкщзхв").split()
    for word in typed:
        found = spellings(fold(word))
        assert all(is_known_form(form) for form in found), word
        assert all(fold(form) == fold(word) for form in found), word
    assert spellings(fold("ыкщзхв")) == frozenset()


@pytest.mark.parametrize(
    ("typed", "kazakh"),
    [
        # long words whose restoration changes many letters (beyond the 64 cheapest trials of a blind search)
        ("откызулерынызды", "өткізулеріңізді"),
        ("шыгаргандарынызга", "шығарғандарыңызға"),
        ("жургизушилерди", "жүргізушілерді"),
        # a rival that changes one letter more (ң in the suffix) must come closer to count against the best
        ("турганына", "тұрғанына"),
        ("калганынша", "қалғанынша"),
    ],
)
def test_restorations_found_by_the_folded_walk(typed, kazakh):
    assert normalize_word(typed, "kk") == kazakh


def test_spellings_agree_with_the_analyser_on_every_treebank_word():
    words = set()
    for line in shared_data("ud", "kk_ktb-dev.conllu").read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) == 10 and cols[0].isdigit() and cols[1].isalpha():
            words.add(cols[1].lower().replace("ё", "е"))
    assert len(words) > 2000
    for word in sorted(words):
        assert (word in spellings(fold(word))) == is_known_form(word), word
