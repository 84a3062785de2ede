"""English lemmas in the conventions of Universal Dependencies (English EWT), from simplemma plus context rules.

simplemma's dictionary gives the lemma of most words. On top of it, following UD English:

- clitics and contractions: ``'s`` is ``be`` after a pronoun or before a verb-like word (``it's``,
  ``there's``), ``have`` before ``been``/``got``, ``we`` in ``let's``, and stays ``'s`` as the possessive;
  ``'d`` is ``would`` (``have`` before a participle), ``'m``/``'re`` → ``be``, ``n't`` → ``not``,
  ``ca``/``wo`` (``can't``, ``won't``) → ``can``/``will``;
- pronouns: object forms take the subject form (``me`` → ``I``, ``them`` → ``they``); ``her`` is
  ``her`` before a noun (possessive) and ``she`` otherwise;
- capitalised words inside a sentence and acronyms in capitals (``US``, ``ISS``) are names and keep their
  form; plural names drop the ``s`` (``States`` → ``State``);
- ``-ing`` and ``-ed`` forms: a verb after an auxiliary, a pronoun subject, ``to`` or ``not``
  (``I was thinking`` → ``think``); a noun or adjective after a determiner or before a noun keeps its
  form (``the following``, ``a meeting``, ``interested``);
- web spellings: ``u`` → ``you``, ``ur`` → ``your``, ``pls`` → ``please``, ``b/c`` → ``because``,
  ``w/`` → ``with``, letters stretched for emphasis (``soooo``) squeezed.

The lemma of a token without a context rule is cached per form.

>>> lemmatize(["It", "'s", "her", "book", ",", "not", "mine"])  # doctest: +SKIP
['it', 'be', 'her', 'book', ',', 'not', 'my']
"""

from __future__ import annotations

import re

_BE = frozenset("be am is are was were been being 's 'm 're".split())
_HAVE = frozenset("have has had having 've".split())
_AUXILIARIES = _BE | _HAVE | frozenset("do does did will would shall should can could may might must 'll 'd".split())
_SUBJECTS = frozenset("i you he she it we they there that this what who which where here how".split())
_NOMINAL_HEADS = frozenset(
    "the a an this that these those my your his her its our their no any some every each another such".split()
)
# Words after which a following -ing/-ed form is a verb.
_VERBAL_LEFT = _AUXILIARIES | _SUBJECTS | frozenset(("to", "not", "n't", "never", "just", "also", "still", "already"))
# Words after which 's is "be" or "has" rather than the possessive.
_CLITIC_HOSTS = _SUBJECTS | frozenset(("everything", "everyone", "nothing", "something", "someone", "one", "who"))
_PARTICIPLE_AFTER_S = frozenset(("been", "got", "gotten", "had", "done", "seen", "made", "given"))
_THIRD_PERSON = frozenset("he she it this that which who what".split())
_PREPOSITIONS = frozenset("of in on at for with by from about into without before after".split())
_WEB = {
    "u": "you",
    "r": "be",
    "ur": "your",
    "ya": "you",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "b/c": "because",
    "w/": "with",
    "w/o": "without",
    "cuz": "because",
    "coz": "because",
    "gonna": "go",
    "wanna": "want",
}
# Where UD English EWT keeps a form that simplemma reduces.
_UD_LEMMA = {
    "regards": "regards",
    "media": "media",
    "data": "data",
    "mine": "my",
    "yours": "your",
    "ours": "our",
    "theirs": "their",
    "hers": "her",
    "ca": "can",
    "wo": "will",
    "an": "a",
    "'d": "would",
    "’d": "would",
}
# Irregular verbs whose past forms simplemma reads as nouns or adjectives.
_PAST_TENSE = {"thought": "think", "left": "leave", "lost": "lose", "broke": "break", "felt": "feel",
               "saw": "see", "found": "find", "meant": "mean", "led": "lead", "spent": "spend", "built": "build"}
_SHORT_CVC = re.compile(r"^[^aeiou]*[aeiou][^aeiouwxy]$")
_NOT_VERBS = frozenset(
    "during nothing something anything everything morning evening string spring sibling darling pudding "
    "according regarding concerning including pending ceiling wedding".split()
)
_ELONGATED = re.compile(r"(\w)\1{2,}")
_LETTERS = re.compile(r"^[^\W\d_]+$")

_cache: dict[str, str] = {}


def _simplemma(word: str) -> str:
    """simplemma's lemma of a word (lowercased unless it is a name), cached."""
    lemma = _cache.get(word)
    if lemma is None:
        import simplemma

        lemma = simplemma.lemmatize(word, lang="en")
        if word.islower() and not simplemma.is_known(word, lang="en") and _ELONGATED.search(word):
            squeezed = _ELONGATED.sub(r"\1", word)
            if simplemma.is_known(squeezed, lang="en"):
                lemma = simplemma.lemmatize(squeezed, lang="en")
        _cache[word] = lemma
    return lemma


def is_known_form(word: str) -> bool:
    """Whether simplemma's English dictionary has this word form (as written or lowercased)."""
    import simplemma

    return bool(word) and (simplemma.is_known(word, lang="en") or simplemma.is_known(word.lower(), lang="en"))


def _plain(token: str) -> str:
    return token.replace("’", "'").replace("‘", "'")


def _verb_form(lower: str, suffix: str) -> str:
    """The base verb of an -ing or -ed form (``thinking`` → ``think``, ``closing`` → ``close``)."""
    if lower in _PAST_TENSE:
        return _PAST_TENSE[lower]
    import simplemma

    stem = lower[: -len(suffix)]
    if stem.endswith(("v", "u", "c", "z")) or _SHORT_CVC.match(stem):
        options = [stem + "e", stem]  # serving → serve, making → make, closing → close
    else:
        options = [stem, stem + "e"]
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
        options.insert(0, stem[:-1])  # stopped → stop
    if suffix == "ed" and stem.endswith("i"):
        options.insert(0, stem[:-1] + "y")  # occupied → occupy
    for option in options:
        if simplemma.is_known(option, lang="en") and _simplemma(option) == option:
            return option
    return _simplemma(lower)


def _lemma(i: int, tokens: list[str], lowers: list[str]) -> str:
    token, lower = tokens[i], lowers[i]
    before = lowers[i - 1] if i else ""
    after = lowers[i + 1] if i + 1 < len(tokens) else ""
    if not any(ch.isalpha() for ch in token):
        return token
    if lower in ("'s", "s") and i:
        if before == "let":
            return "we"
        if after in _PARTICIPLE_AFTER_S:
            return "have"
        if before in _CLITIC_HOSTS or after in ("not", "n't", "a", "an", "the", "going", "gonna", "so", "very"):
            return "be"
        return "'s"
    if lower in ("'d", "’d") and after in _PARTICIPLE_AFTER_S | {"better"}:
        return "have"
    if lower == "her":
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        possessive = following[:1].isalpha() and after not in _AUXILIARIES and after not in _NOMINAL_HEADS
        return "her" if possessive and after not in ("and", "or", "to", "in", "on", "at", "for", "with") else "she"
    if lower in ("am", "pm", "a.m", "p.m") and before[:1].isdigit():
        return lower[0] + ".m."
    if lower in _WEB:
        return _WEB[lower]
    if lower in _UD_LEMMA:
        return _UD_LEMMA[lower]
    if len(token) > 1 and token.isupper() and _LETTERS.match(token) and token not in ("I", "OK"):
        return token
    if i and token[:1].isupper() and tokens[i - 1] not in (".", "!", "?", ":", '"', "-", "(") and not token.isupper():
        if lower not in _SUBJECTS and lower not in _AUXILIARIES:
            import simplemma

            singular = _simplemma(lower)
            if singular.lower() == lower[:-1] and simplemma.is_known(singular, lang="en"):
                return token[:-1]  # plural names: Palestinians → Palestinian
            return token
    if lower.endswith("ing") and len(lower) > 5 and lower not in _NOT_VERBS:
        if before in _VERBAL_LEFT:
            return _verb_form(lower, "ing")
        if before in _NOMINAL_HEADS or before in _PREPOSITIONS:
            return lower
        return _verb_form(lower, "ing")
    if (lower.endswith("ed") and not lower.endswith("eed") or lower in _PAST_TENSE) and len(lower) > 4:
        if before in _HAVE or before in _SUBJECTS or before in ("to", "n't", "not"):
            return _verb_form(lower, "ed")
        if before in _NOMINAL_HEADS or before in ("very", "so", "too", "more", "most"):
            return lower
        return _verb_form(lower, "ed")
    if lower.endswith("s") and before in _THIRD_PERSON and len(lower) > 3:
        import simplemma

        stem = lower[:-1]  # it means → mean, that remains → remain
        if simplemma.is_known(stem, lang="en") and _simplemma(stem) == stem:
            return stem
    lemma = _simplemma(lower)
    if "-" in lower and "-" not in lemma and lemma == lower.replace("-", ""):
        return lower  # UD keeps the hyphen: e-mail
    return lemma


def lemmatize(tokens: list[str]) -> list[str]:
    """UD lemmas of one sentence's tokens, one per token, never empty; a few words are settled by neighbours.

    Punctuation and numbers are their own lemma. Names keep their capital; other lemmas are lowercase
    (``I`` stays ``I``).

    >>> lemmatize(["We", "were", "thinking", "about", "the", "following", "meetings"])  # doctest: +SKIP
    ['we', 'be', 'think', 'about', 'the', 'following', 'meeting']
    """
    plain = [_plain(token) for token in tokens]
    lowers = [token.lower() for token in plain]
    return [_lemma(i, plain, lowers) or tokens[i] for i in range(len(tokens))]
