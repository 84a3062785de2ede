"""English lemmas in the conventions of Universal Dependencies (English EWT), from simplemma plus context rules.

simplemma's dictionary gives the lemma of most words. On top of it, following UD English:

- clitics and contractions: ``'s`` is ``be`` after a pronoun or before a verb-like word (``it's``,
  ``there's``), ``have`` before ``been``/``got``, ``we`` in ``let's``, and stays ``'s`` as the possessive;
  ``'d`` is ``would`` (``have`` before a participle), ``'m``/``'re`` → ``be``, ``n't`` → ``not``,
  ``ca``/``wo`` (``can't``, ``won't``) → ``can``/``will``;
- pronouns: object forms take the subject form (``me`` → ``I``, ``them`` → ``they``); ``her`` is
  ``her`` before a noun (possessive) and ``she`` otherwise;
- capitalised words inside a sentence and acronyms in capitals (``US``, ``ISS``) are names and keep their
  form; plural names and nationalities drop the ``s`` (``States`` → ``State``, ``Palestinians`` →
  ``Palestinian``); in a sentence written all in capitals the words are read as lowercase;
- ``-ing`` and ``-ed`` forms are verbs by default (``the following day`` → ``follow``, ``thanks for
  fixing`` → ``fix``, ``the attached file`` → ``attach``); they keep their form as adjectives from a list
  (``interested``, ``amazing``, except after a personal subject or before ``by``) or after a degree word
  (``very``), and as nouns after a determiner, preposition or adjective when no word follows that they could
  modify (``the meeting .``, ``public housing``); a list of usual nouns (``housing``, ``meeting``) keeps
  its form unless a verb reading is forced (``was meeting``, ``building the house``);
- irregular forms simplemma misreads (``added`` is ``add``, not ``ad``; ``I won`` → ``win``; ``gone`` is
  ``go`` after ``have``; ``least`` stays), plural-only nouns that UD keeps (``troops``, ``kudos``), decades and
  ordinals written with digits (``1990s``, ``the 70's`` → ``70s``, ``5th``), and ``better``/``best`` →
  ``well`` after ``do`` or ``at``;
- web spellings and abbreviations: ``u`` → ``you``, ``ur`` → ``your``, ``pls`` → ``please``, ``b/c`` →
  ``because``, ``w/`` → ``with``, ``yrs`` → ``year``, ``Nov`` → ``November``, letters stretched for emphasis
  (``soooo``) squeezed.

The word lists are general English; they were checked against the learning half of the UD English EWT dev
file (``bench/eval_lemmas_api.py``), whose other half stays held out. The lemma of a token without a
context rule is cached per form.

>>> lemmatize(["It", "'s", "her", "book", ",", "not", "mine"])  # doctest: +SKIP
['it', 'be', 'her', 'book', ',', 'not', 'my']
"""

from __future__ import annotations

import re
from functools import lru_cache

_BE = frozenset("be am is are was were been being 's 'm 're".split())
_HAVE = frozenset("have has had having 've ve".split())
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
_DEMONSTRATIVES = frozenset("this that these those".split())
_FUNCTION_WORDS = _PREPOSITIONS | _AUXILIARIES | frozenset(
    "and or but to as than that which who so then there here it them him her me us you".split()
)
_PERSONAL = frozenset("i you he she we they".split())
_OBJECTS = frozenset("me him us them it you".split())
_S_ADVERBS = frozenset("always never just already also really ever still recently".split())
_AFTER_S_BE = frozenset(
    "not n't a an the going gonna so very really just also still too okay ok good great fine nice true "
    "right here there about over worth".split()
)
_DO_AT = frozenset("do does did doing done at".split())
_DEGREE = frozenset("very so too more most less least quite".split())
_OPENERS = frozenset((".", "!", "?", ":", '"', "-", "(", "*", "...", ";"))
_ADJECTIVE_ENDINGS = ("al", "ble", "ive", "ous", "ful", "ic", "ary", "est", "less")
_ADJECTIVES = frozenset("own good new great fast free early late big small cheap low high".split())
_ABBREVIATIONS = {
    "Jan": "January", "Feb": "February", "Mar": "March", "Apr": "April", "Jun": "June", "Jul": "July",
    "Aug": "August", "Sep": "September", "Sept": "September", "Oct": "October", "Nov": "November",
    "Dec": "December", "Mon": "Monday", "Tue": "Tuesday", "Tues": "Tuesday", "Wed": "Wednesday",
    "Thu": "Thursday", "Thur": "Thursday", "Thurs": "Thursday", "Fri": "Friday",
}
# -ed and -ing forms that UD English keeps as adjectives (``I am interested``, ``an amazing view``).
_ADJECTIVAL = frozenset(
    """interested pleased surprised excited bored tired worried satisfied disappointed frustrated embarrassed
    ashamed confused annoyed amazed impressed scared frightened terrified concerned qualified talented skilled
    experienced relaxed delighted thrilled devoted inclined enlightened privileged sophisticated complicated
    detailed renowned outdated armed aged blessed crowded overrated underrated overpriced unexpected
    unlimited unrelated unqualified educated uneducated biased wasted perverted flavored flavoured minded
    apprised unbiased unwanted dissatisfied unsatisfied unimpressed uninterested
    interesting amazing fascinating outstanding rewarding willing unwilling filling boring exciting surprising
    disappointing annoying frustrating confusing embarrassing entertaining charming stunning amusing
    astonishing appalling alarming compelling convincing demanding encouraging inspiring promising refreshing
    satisfying shocking terrifying welcoming outgoing ongoing upcoming loving caring striking missing
    overwhelming breathtaking mouthwatering thrilling disgusting depressing insulting
    misleading intriguing humiliating exhausting relaxing soothing pleasing""".split()
)
# -ing forms that are nouns unless the context makes them verbs (``public housing``, ``the meeting``).
_NOMINAL_ING = frozenset(
    """housing building meeting clothing funding parking spending marketing advertising accounting engineering
    banking hearing listing recording screening shipping trading imaging browsing painting feeling beginning
    ending setting offering warning rating wedding ceiling booking catering lighting plumbing heating bedding
    seating seasoning stuffing topping frosting icing packaging camping hiking surfing skiing grooming
    crossing smoking fighting kidnapping lurking withholding recruiting copying standing learning""".split()
)
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
    "yrs": "year",
    "yr": "year",
    "hrs": "hour",
    "hr": "hour",
    "mins": "minute",
    "amt": "amount",
    "attn": "attention",
    "gf": "girlfriend",
    "bf": "boyfriend",
    "bday": "birthday",
}
# Plural-only nouns that UD English keeps in the plural (simplemma gives a singular).
_PLURAL_NOUNS = frozenset(
    "troops statistics surroundings earnings panties pants kudos trivia memorabilia".split()
)
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
    "least": "least",
    "closer": "close",
    "weed": "weed",
    "asses": "ass",
    "cola": "cola",
    "nightie": "nightie",
    "greetings": "greetings",
    "'d": "would",
    "’d": "would",
}
# Irregular verbs whose past forms simplemma reads as nouns or adjectives.
_PAST_TENSE = {"thought": "think", "left": "leave", "lost": "lose", "broke": "break", "felt": "feel",
               "saw": "see", "found": "find", "meant": "mean", "led": "lead", "spent": "spend", "built": "build",
               "won": "win", "told": "tell", "sold": "sell", "held": "hold", "paid": "pay", "kept": "keep"}
_SHORT_CVC = re.compile(r"^[^aeiou]*[aeiou][^aeiouwxy]$")
_NOT_VERBS = frozenset(
    "during nothing something anything everything morning evening string spring sibling darling pudding "
    "according regarding concerning including pending ceiling wedding".split()
)
_ELONGATED = re.compile(r"(\w)\1{2,}")
_LETTERS = re.compile(r"^[^\W\d_]+$")

_cache: dict[str, str] = {}
_context_free: dict[str, str] = {}
# Lowercase forms whose lemma can depend on the neighbours even without an -s, -ing or -ed ending.
_CONTEXTUAL = frozenset(("'d", "her", "am", "pm", "a.m", "p.m", "better", "best", "gone", *_PAST_TENSE))


def _simplemma(word: str) -> str:
    """simplemma's lemma of a word (lowercased unless it is a name), cached."""
    lemma = _cache.get(word)
    if lemma is None:
        import simplemma

        lemma = simplemma.lemmatize(word, lang="en")
        if _ELONGATED.search(word) and word.islower() and not _known(word):
            squeezed = _ELONGATED.sub(r"\1", word)
            if _known(squeezed):
                lemma = simplemma.lemmatize(squeezed, lang="en")
        _cache[word] = lemma
    return lemma


@lru_cache(maxsize=65536)
def _known(word: str) -> bool:
    """Whether simplemma's English dictionary has this exact form, cached."""
    import simplemma

    return simplemma.is_known(word, lang="en")


def is_known_form(word: str) -> bool:
    """Whether simplemma's English dictionary has this word form (as written or lowercased)."""
    import simplemma

    return bool(word) and (simplemma.is_known(word, lang="en") or simplemma.is_known(word.lower(), lang="en"))


def _plain(token: str) -> str:
    return token.replace("’", "'").replace("‘", "'")


def _inflects_to(word: str, endings: tuple[str, ...]) -> bool:
    """Whether simplemma has ``word`` as its own lemma and as that of one of its inflections."""
    if not _known(word) or _simplemma(word) != word:
        return False
    return any(_simplemma(word + e) == word for e in endings if _known(word + e))


@lru_cache(maxsize=65536)
def _verb_form(lower: str, suffix: str) -> str:
    """The base verb of an -ing or -ed form (``thinking`` → ``think``, ``closing`` → ``close``)."""
    if lower in _PAST_TENSE:
        return _PAST_TENSE[lower]
    stem = lower[: -len(suffix)]
    if stem.endswith(("x", "ch", "sh", "ss", "ck")):
        options = [stem]  # mixed → mix, attached → attach (not "mixe", "attache")
    elif stem.endswith(("v", "u", "c", "z")) or _SHORT_CVC.match(stem):
        options = [stem + "e", stem]  # serving → serve, making → make, closing → close
    else:
        options = [stem, stem + "e"]
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "sz":
        # stopped → stop, travelling → travel; but added → add, called → call
        first = stem[-1] not in "ldf" or (stem.endswith("ell") and len(stem) > 5)
        options.insert(0 if first else 1, stem[:-1])
    if suffix == "ed" and stem.endswith("i"):
        options.insert(0, stem[:-1] + "y")  # occupied → occupy
    if suffix == "ing" and stem.endswith("y") and len(stem) > 2:
        options.append(stem[:-1] + "ie")  # lying → lie
    for endings in (("s", "es"), ("ed", "ing")):
        for option in options:
            if _inflects_to(option, endings):
                return option
    for option in options:
        if _known(option) and _simplemma(option) == option:
            return option
    return _simplemma(lower)


def _is_word(lower: str) -> bool:
    return bool(lower) and lower[0].isalpha()


@lru_cache(maxsize=65536)
def _plural_name(lower: str) -> bool:
    """Whether a capitalised word is the plural of a name or nationality (``Palestinians``, ``Iraqis``)."""
    if not lower.endswith("s") or len(lower) < 4:
        return False
    singular = lower[:-1]
    if _simplemma(lower).lower() == singular and _known(singular):
        return True
    return lower.endswith(("ans", "is")) and _known(singular) and (
        _simplemma(singular).lower() == singular
    )


def _ing(lower: str, before: str, after: str) -> str:
    """The lemma of an -ing form: the verb, or the form itself as a noun or adjective."""
    if lower in _ADJECTIVAL:
        return lower
    if not before or before in _VERBAL_LEFT and before not in _DEMONSTRATIVES:
        return _verb_form(lower, "ing")  # Making sense; I was thinking
    if lower in _NOMINAL_ING:
        return _verb_form(lower, "ing") if after in _NOMINAL_HEADS or after in _OBJECTS else lower
    modified = _is_word(after) and after not in _FUNCTION_WORDS
    if before in _NOMINAL_HEADS:
        return _verb_form(lower, "ing") if modified else lower  # the following day; the meeting .
    if before in _PREPOSITIONS:
        return _verb_form(lower, "ing") if _is_word(after) else lower  # for fixing it; in general
    if before.endswith(_ADJECTIVE_ENDINGS) or before in _ADJECTIVES:
        return lower  # public housing, fast shipping
    return _verb_form(lower, "ing")


def _lemma(i: int, tokens: list[str], lowers: list[str], shouting: bool = False) -> str:
    token, lower = tokens[i], lowers[i]
    lemma = _context_free.get(token)
    if lemma is not None:
        return lemma
    before = lowers[i - 1] if i else ""
    after = lowers[i + 1] if i + 1 < len(tokens) else ""
    if not any(ch.isalpha() for ch in token):
        return token
    if token[0].isdigit():
        return lower[:-2] + "s" if lower.endswith("'s") else lower  # 1990s, 5th, the 70's → 70s
    if lower in ("'s", "s") and i:
        if before == "let":
            return "we"
        after2 = lowers[i + 2] if i + 2 < len(tokens) else ""
        if after in _PARTICIPLE_AFTER_S or (after in _S_ADVERBS and after2 in _PARTICIPLE_AFTER_S):
            return "have"
        if before in _CLITIC_HOSTS or after in _AFTER_S_BE:
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
    if token in _ABBREVIATIONS:
        return _ABBREVIATIONS[token]
    if lower in _WEB:
        return _WEB[lower]
    if lower in _UD_LEMMA:
        return _UD_LEMMA[lower]
    if lower in _PLURAL_NOUNS:
        return lower
    if lower in ("better", "best") and before in _DO_AT:
        return "well"  # do better, at best
    if lower == "gone":
        return "go" if before in _HAVE else "gone"
    if lower == "lives" and (before in _NOMINAL_HEADS or before.endswith(_ADJECTIVE_ENDINGS)):
        return "life"
    if len(token) > 1 and token.isupper() and _LETTERS.match(token) and token not in ("I", "OK") and not shouting:
        return token
    if token[:1].isupper() and not token.isupper() and _plural_name(lower) and (
        i and tokens[i - 1] not in _OPENERS or lower.endswith(("ans", "is"))
    ):
        return token[:-1]  # plural names: Palestinians → Palestinian
    if i and token[:1].isupper() and tokens[i - 1] not in _OPENERS and not token.isupper():
        if lower not in _SUBJECTS and lower not in _AUXILIARIES:
            return token
    if lower in _PAST_TENSE and (before in _PERSONAL or before in _HAVE or before in _BE):
        return _PAST_TENSE[lower]  # I won, are left
    if lower.endswith("ing") and len(lower) > 5 and lower not in _NOT_VERBS:
        return _ing(lower, before, after)
    if (lower.endswith("ed") and not lower.endswith("eed") or lower in _PAST_TENSE) and len(lower) > 4:
        if before in _HAVE:
            return _verb_form(lower, "ed")
        if lower in _PAST_TENSE and before in _NOMINAL_HEADS or before == "one":
            return _simplemma(lower)  # a thought
        if (lower in _ADJECTIVAL and before not in _PERSONAL or before in _DEGREE) and after != "by":
            return lower
        return _verb_form(lower, "ed")
    if lower.endswith("s") and before in _THIRD_PERSON and len(lower) > 3:
        lemma = _simplemma(lower)
        if lemma != lower:
            return lemma  # he does → do
        stem = lower[:-1]  # it means → mean, that remains → remain
        if _known(stem) and _simplemma(stem) == stem:
            return stem
    lemma = _simplemma(lower)
    if "-" in lower and "-" not in lemma and lemma == lower.replace("-", ""):
        lemma = lower  # UD keeps the hyphen: e-mail
    if token == lower and not lower.endswith(("s", "ing", "ed")) and lower not in _CONTEXTUAL:
        if len(_context_free) < 200_000:
            _context_free[token] = lemma  # no rule above looks at the neighbours of this form
    return lemma


def lemmatize(tokens: list[str]) -> list[str]:
    """UD lemmas of one sentence's tokens, one per token, never empty; a few words are settled by neighbours.

    Punctuation and numbers are their own lemma. Names keep their capital; other lemmas are lowercase
    (``I`` stays ``I``).

    >>> lemmatize(["We", "were", "thinking", "about", "the", "following", "meetings", "."])  # doctest: +SKIP
    ['we', 'be', 'think', 'about', 'the', 'follow', 'meeting', '.']
    """
    plain = [_plain(token) for token in tokens]
    lowers = [token.lower() for token in plain]
    shouting = False
    if sum(token.isupper() for token in plain) >= 3:  # a sentence in capitals?
        words = [token for token in plain if len(token) > 1 and _LETTERS.match(token)]
        shouting = len(words) >= 3 and all(word.isupper() for word in words)
    if shouting:
        plain = [token if token == "I" else token.lower() for token in plain]
    return [_lemma(i, plain, lowers, shouting) or tokens[i] for i in range(len(tokens))]
