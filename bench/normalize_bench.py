"""Figures for dauys.text.normalize on the shared UD dev files; prints, asserts nothing.

Usage: .venv/bin/python bench/normalize_bench.py [../shared/data/ud]

- Latin Kazakh: the Cyrillic words of kk_ktb-dev written in the 2018 and 2021 official Latin alphabets and
  in two informal ASCII typings (``zhaksy``/``kazak`` and ``jaqsy``/``qazaq``), read back with
  latin_to_cyrillic_kk; exact-match accuracy over word tokens (all; and words without the letters of
  Russian loans ц щ ь ъ ё э я ю, whose Latin spellings lose information).
- Russian letters: the Kazakh words of kk_ktb-dev with a Kazakh letter, typed with Russian letters
  (ә->а ғ->г қ->к ң->н ө->о ұ->у ү->у і->и һ->х), normalised with lang="kk"; precision (a changed word
  is the original) and recall. Also: words without Kazakh letters that were changed anyway.
- Russian words of ru_gsd-ud-dev normalised with lang="kk" and lang="ru": share changed.
- Speed of normalize_word on the kk dev tokens (lang kk), first pass (nothing cached) and second pass.
Each figure is also given for the documents held out of the Kazakh lexicon (UD_HELD_OUT_DOCUMENTS).
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from dauys.text.lemma.kk import UD_HELD_OUT_DOCUMENTS
from dauys.text.normalize import latin_to_cyrillic_kk, normalize_word

UD = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "data" / "ud"
WORD = re.compile(r"^[а-яәғқңөұүһіё]+(?:-[а-яәғқңөұүһіё]+)*$")
LOAN_LETTERS = set("цщьъёэяю")

COMMON = {"б": "b", "в": "v", "д": "d", "е": "e", "з": "z", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
          "п": "p", "р": "r", "с": "s", "т": "t", "ф": "f", "а": "a", "г": "g", "-": "-", "ъ": "", "ь": ""}
SCHEMES = {
    "2018 official": {**COMMON, "ә": "á", "ғ": "ǵ", "ж": "j", "и": "ı", "й": "ı", "қ": "q", "ң": "ń", "ө": "ó",
                      "у": "ý", "ұ": "u", "ү": "ú", "х": "h", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh",
                      "щ": "shch", "ы": "y", "і": "i", "э": "e", "ю": "ıý", "я": "ıa", "ё": "ıo"},
    "2021 official": {**COMMON, "ә": "ä", "ғ": "ğ", "ж": "j", "и": "i", "й": "i", "қ": "q", "ң": "ñ", "ө": "ö",
                      "у": "u", "ұ": "ū", "ү": "ü", "х": "h", "һ": "h", "ц": "ts", "ч": "ç", "ш": "ş",
                      "щ": "şş", "ы": "y", "і": "ı", "э": "e", "ю": "iu", "я": "ia", "ё": "io"},
    "informal zh/k": {**COMMON, "ә": "a", "ғ": "g", "ж": "zh", "и": "i", "й": "i", "қ": "k", "ң": "n", "ө": "o",
                      "у": "u", "ұ": "u", "ү": "u", "х": "h", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh",
                      "щ": "sh", "ы": "y", "і": "i", "э": "e", "ю": "yu", "я": "ya", "ё": "yo"},
    "informal j/q": {**COMMON, "ә": "a", "ғ": "g", "ж": "j", "и": "i", "й": "i", "қ": "q", "ң": "n", "ө": "o",
                     "у": "u", "ұ": "u", "ү": "u", "х": "h", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh",
                     "щ": "sh", "ы": "y", "і": "i", "э": "e", "ю": "yu", "я": "ya", "ё": "yo"},
}
RUSSIAN_TYPING = str.maketrans("әғқңөұүіһ", "агкноууих")


def words(path: Path) -> list[tuple[str, bool]]:
    """(lowercase Cyrillic word, held out?) for every word token of a CoNLL-U file."""
    found, held_out = [], False
    for line in path.open(encoding="utf-8"):
        if line.startswith("# sent_id"):
            held_out = line.split("=", 1)[1].strip().split(":")[0] in UD_HELD_OUT_DOCUMENTS
        cells = line.split("\t")
        if len(cells) > 3 and cells[0].isdigit():
            word = cells[1].lower()
            if WORD.match(word):
                found.append((word, held_out))
    return found


def share(pairs: list[tuple[bool, bool]]) -> str:
    """'all (held out)' figures of a list of (counted, held out) booleans."""
    every = [ok for ok, _ in pairs]
    held = [ok for ok, out in pairs if out]
    return f"{sum(every) / max(len(every), 1):.4f} of {len(every)} ({sum(held) / max(len(held), 1):.4f} of {len(held)})"


def main() -> None:
    kk = words(UD / "kk_ktb-dev.conllu")
    ru = words(UD / "ru_gsd-ud-dev.conllu")
    normalize_word("сәлем", "kk")  # loads the lexicons, the language model and pymorphy3
    normalize_word("jaqsy", "kk")
    normalize_word("кушти", "kk")
    tokens = [w for w, _ in kk]
    for label in ("first pass, nothing cached", "second pass, cached"):
        start = time.perf_counter()
        for w in tokens:
            normalize_word(w, "kk")
        elapsed = time.perf_counter() - start
        print(f"speed of normalize_word, kk dev tokens, {label}: {len(tokens) / elapsed:,.0f} words/s "
              f"({elapsed / len(tokens) * 1e6:.2f} µs/word)")
    print("figures: all tokens (held-out documents)")
    for name, scheme in SCHEMES.items():
        results = [(latin_to_cyrillic_kk("".join(scheme[c] for c in w)) == w.replace("ё", "е"), out, w)
                   for w, out in kk]
        print(f"latin {name:14} exact match {share([(ok, out) for ok, out, _ in results])}; native letters only "
              f"{share([(ok, out) for ok, out, w in results if not LOAN_LETTERS & set(w)])}")
    special = [(w, out) for w, out in kk if set(w) & set("әғқңөұүіһ")]
    outcome = [(normalize_word(w.translate(RUSSIAN_TYPING), "kk"), w, out) for w, out in special]
    changed = [(got == w, out) for got, w, out in outcome if got != w.translate(RUSSIAN_TYPING)]
    print(f"russian letters: precision {share(changed)}; recall {share([(got == w, out) for got, w, out in outcome])}")
    plain = [(normalize_word(w, "kk") != w, out) for w, out in kk if not set(w) & set("әғқңөұүіһ")]
    print(f"kk words without Kazakh letters changed (lang kk): {share(plain)}")
    print(f"ru_gsd words changed with lang kk: {share([(normalize_word(w, 'kk') != w, False) for w, _ in ru])}")
    print(f"ru_gsd words changed with lang ru: {share([(normalize_word(w, 'ru') != w, False) for w, _ in ru])}")


if __name__ == "__main__":
    main()
