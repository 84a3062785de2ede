"""Near-duplicate texts: shingles, MinHash signatures, LSH candidates and verified Jaccard similarity.

Copy-paste campaigns post the same text with small edits (an emoji, a name, a line break), so exact
matching misses them. Here each text becomes a set of *shingles* — overlapping runs of 3 words (default)
or of 5 characters — after lowercasing, ``ё`` → ``е`` and dropping links, @mentions and punctuation. Two
texts are near-duplicates when the Jaccard similarity of their shingle sets (shared / all distinct) is at
least a threshold, 0.8 by default.

Comparing every pair is quadratic; MinHash (Broder 1997) summarises each set by the minimum of
``num_perm`` random hash functions over its shingles, so that two signatures agree in a position with
probability equal to the sets' Jaccard similarity, and locality-sensitive hashing (LSH) cuts the signature
into ``bands`` bands of ``rows`` rows: texts sharing one whole band become *candidates*. With 64
permutations in 16 bands of 4 rows, pairs at Jaccard 0.8 become candidates with probability
``1 - (1 - 0.8**4)**16`` ≈ 0.9999 and pairs at 0.3 with ≈ 0.12. Every candidate pair is then *verified* on
the exact Jaccard of its shingle sets, so the pairs returned are never false positives; the only misses
are pairs LSH did not propose (rare above the threshold).

Everything runs on numpy arrays over all shingles at once (hash families of the multiply-shift kind,
``np.minimum.reduceat`` per text), and exact copies are collapsed to one signature before banding, so a
flood of 10,000 identical comments costs one bucket, not 50 million pairs. Texts with fewer than
``min_words`` words are left out (``Жақсы!`` or ``Согласен`` repeated by many people is not a campaign).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from dauys.errors import InputError

SHINGLE_KINDS = ("words", "chars")
DEFAULT_PERMUTATIONS = 64
DEFAULT_BANDS = 16
DEFAULT_SEED = 20220105
FULL_BUCKET = 64
"""A bucket with more distinct texts than this is verified as a chain and a star, not all its pairs."""
_DROP = r"https?://\S+|www\.\S+|@[\pL\pN_]+"
_NOT_WORD = r"[^\pL\pN\pM_]+"
_MASK32 = np.uint64(0xFFFFFFFF)


@dataclass(frozen=True)
class ShingleSets:
    """Every text's distinct shingles as one sparse 0/1 matrix (texts × shingles) and the words per text."""

    matrix: sparse.csr_matrix
    codes: np.ndarray
    """The 64-bit code of each shingle (column), for hashing."""
    words: np.ndarray
    """Words of each text after cleaning."""


def clean_words(text: str) -> list[str]:
    """The words of a text as shingles see them: lowercase, ``ё`` as ``е``, no links, mentions or punctuation."""
    return _tokens([text])[0].to_pylist()


def _tokens(texts: list[str] | pd.Series) -> tuple[pa.Array, np.ndarray]:
    """Every text's words, cleaned, as one Arrow array, and the position of the text each word is from."""
    values = pa.array(pd.Series(texts, dtype="object").where(pd.notna(pd.Series(texts, dtype="object")), None),
                      pa.large_string())
    lowered = pc.replace_substring(pc.utf8_lower(pc.fill_null(values, "")), "ё", "е")
    lowered = pc.replace_substring_regex(lowered, _DROP, " ")
    split = pc.split_pattern_regex(lowered, _NOT_WORD)
    flat = pc.list_flatten(split)
    owners = pc.list_parent_indices(split)
    keep = pc.not_equal(flat, "")
    return flat.filter(keep), owners.filter(keep).to_numpy().astype(np.int64)


def shingle_sets(texts: list[str] | pd.Series, kind: str = "words", size: int | None = None,
                 min_words: int = 4) -> ShingleSets:
    """The shingle set of each text (a row of the matrix; empty for texts under ``min_words`` words).

    ``kind="words"`` takes runs of ``size`` (default 3) words, ``"chars"`` runs of ``size`` (default 5)
    characters of the cleaned text (words joined by one space). A text shorter than one shingle but with
    ``min_words`` words is one shingle of all of it.
    """
    if kind not in SHINGLE_KINDS:
        raise InputError(f"--shingles {kind!r}: expected one of {', '.join(SHINGLE_KINDS)}")
    size = size or (3 if kind == "words" else 5)
    if size < 1:
        raise InputError(f"--shingle-size {size}: expected a positive number")
    n = len(texts)
    tokens, owners = _tokens(texts)
    words = np.bincount(owners, minlength=n).astype(np.int64)
    long_enough = words >= min_words
    if kind == "chars":
        joined = pa.LargeListArray.from_arrays(pa.array(np.concatenate([[0], np.cumsum(words)]), pa.int64()), tokens)
        texts_again = pc.binary_join(joined, pa.scalar(" ", pa.large_string())).to_pylist()
        tokenised = [list(t) if ok else [] for t, ok in zip(texts_again, long_enough, strict=True)]
        flat_tokens = pd.Series([c for chars in tokenised for c in chars], dtype=object)
        lengths = np.array([len(chars) for chars in tokenised], dtype=np.int64)
    else:
        keep = long_enough[owners]
        flat_tokens = tokens.filter(pa.array(keep))
        lengths = np.where(long_enough, words, 0)
    if len(flat_tokens) == 0:
        return ShingleSets(sparse.csr_matrix((n, 0), dtype=np.int8), np.zeros(0, np.uint64), words)
    if isinstance(flat_tokens, pd.Series):
        ids = pd.factorize(flat_tokens)[0].astype(np.uint64) + np.uint64(1)
    else:
        ids = pc.dictionary_encode(flat_tokens).indices.to_numpy().astype(np.uint64) + np.uint64(1)
    total = len(ids)
    owner = np.repeat(np.arange(n), lengths)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    # a shingle starts at every position with ``size`` tokens of the same text after it (one if shorter)
    position = np.arange(total) - starts[owner]
    room = lengths[owner] - position
    first = (room >= size) | ((position == 0) & (lengths[owner] < size))
    at = np.flatnonzero(first)
    code = np.zeros(len(at), dtype=np.uint64)
    prime = np.uint64(0x100000001B3)
    with np.errstate(over="ignore"):
        for offset in range(size):
            index = at + offset
            valid = index < total
            valid[valid] &= owner[index[valid]] == owner[at[valid]]
            code = code * prime + np.where(valid, ids[np.minimum(index, total - 1)], np.uint64(0))
    rows = owner[at]
    columns, unique_codes = pd.factorize(code)
    matrix = sparse.csr_matrix((np.ones(len(at), dtype=np.int8), (rows, columns)),
                               shape=(n, len(unique_codes)))
    matrix.sum_duplicates()
    matrix.data[:] = 1
    return ShingleSets(matrix, np.asarray(unique_codes, dtype=np.uint64), words)


def minhash(sets: ShingleSets, num_perm: int = DEFAULT_PERMUTATIONS, seed: int = DEFAULT_SEED) -> np.ndarray:
    """The MinHash signature of each text, ``(texts, num_perm)`` uint32; texts without shingles get all 2³²−1."""
    matrix = sets.matrix
    n = matrix.shape[0]
    signature = np.full((n, num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    if matrix.nnz == 0:
        return signature
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 2**63, num_perm, dtype=np.uint64) | np.uint64(1)  # odd multipliers
    b = rng.integers(0, 2**63, num_perm, dtype=np.uint64)
    shingles = _mix(sets.codes[matrix.indices])
    counts = np.diff(matrix.indptr)
    filled = np.flatnonzero(counts > 0)
    starts = matrix.indptr[:-1][filled]
    with np.errstate(over="ignore"):
        for p in range(num_perm):
            hashed = ((a[p] * shingles + b[p]) >> np.uint64(32)).astype(np.uint32)
            signature[filled, p] = np.minimum.reduceat(hashed, starts)
    return signature


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads the shingle codes' bits before the multiply-shift hashes."""
    with np.errstate(over="ignore"):
        z = values + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def candidate_pairs(signature: np.ndarray, bands: int = DEFAULT_BANDS) -> np.ndarray:
    """Pairs ``(i, j)``, ``i < j``, of texts whose signatures agree on a whole band (rows = permutations / bands).

    Identical signatures are collapsed first (their texts are paired with the first of them), buckets are
    verified pairwise up to :data:`FULL_BUCKET` distinct texts and as a star plus a chain beyond.
    """
    n, num_perm = signature.shape
    if bands < 1 or num_perm % bands:
        raise InputError(f"--bands {bands}: the {num_perm} permutations must split into equal bands")
    empty = (signature == np.iinfo(np.uint32).max).all(axis=1)
    keep = np.flatnonzero(~empty)
    if len(keep) < 2:
        return np.zeros((0, 2), dtype=np.int64)
    rows = num_perm // bands
    pairs = []
    # exact copies: one representative (the first) per distinct signature
    codes, _ = pd.factorize(_row_hash(signature[keep]))
    first = np.full(codes.max() + 1, -1, dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes))[::-1]
    representative = keep[first[codes]]
    copy = representative != keep
    if copy.any():
        pairs.append(np.column_stack([representative[copy], keep[copy]]))
    distinct = keep[first]
    sub = signature[distinct]
    for band in range(bands):
        key = _row_hash(sub[:, band * rows:(band + 1) * rows])
        order = np.argsort(key, kind="stable")
        sorted_key = key[order]
        boundaries = np.flatnonzero(np.diff(sorted_key) != 0) + 1
        starts = np.concatenate([[0], boundaries])
        ends = np.concatenate([boundaries, [len(order)]])
        sizes = ends - starts
        for start, size in zip(starts[sizes > 1], sizes[sizes > 1], strict=True):
            members = distinct[order[start:start + size]]
            if size <= FULL_BUCKET:
                i, j = np.triu_indices(size, 1)
                pairs.append(np.column_stack([members[i], members[j]]))
            else:
                pairs.append(np.column_stack([np.repeat(members[0], size - 1), members[1:]]))
                pairs.append(np.column_stack([members[:-1], members[1:]]))
    if not pairs:
        return np.zeros((0, 2), dtype=np.int64)
    found = np.concatenate(pairs)
    found = np.sort(found, axis=1)
    return np.unique(found, axis=0)


def _row_hash(block: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each row of a uint32 block (equal rows, equal hashes; others collide with p ≈ 2⁻⁶⁴)."""
    key = np.zeros(block.shape[0], dtype=np.uint64)
    with np.errstate(over="ignore"):
        for column in range(block.shape[1]):
            key = _mix(key ^ block[:, column].astype(np.uint64))
    return key


def jaccard(sets: ShingleSets, pairs: np.ndarray) -> np.ndarray:
    """The exact Jaccard similarity of the shingle sets of each pair of texts."""
    if len(pairs) == 0:
        return np.zeros(0)
    matrix = sets.matrix.astype(np.int32)
    sizes = np.diff(matrix.indptr)
    result = np.empty(len(pairs))
    step = 200_000
    for start in range(0, len(pairs), step):
        i, j = pairs[start:start + step, 0], pairs[start:start + step, 1]
        shared = np.asarray(matrix[i].multiply(matrix[j]).sum(axis=1)).ravel()
        union = sizes[i] + sizes[j] - shared
        result[start:start + step] = np.where(union > 0, shared / np.maximum(union, 1), 0.0)
    return result


def near_duplicate_pairs(
    texts: list[str] | pd.Series,
    threshold: float = 0.8,
    *,
    kind: str = "words",
    size: int | None = None,
    min_words: int = 4,
    num_perm: int = DEFAULT_PERMUTATIONS,
    bands: int = DEFAULT_BANDS,
    seed: int = DEFAULT_SEED,
) -> pd.DataFrame:
    """Pairs of texts (positions ``i < j`` in ``texts``) whose verified Jaccard similarity is ≥ ``threshold``.

    Returns a frame with ``i``, ``j`` and ``jaccard``, sorted by ``i`` and ``j``; ``attrs["compared"]`` says
    which texts were long enough to be compared (``min_words``).
    """
    if not 0 < threshold <= 1:
        raise InputError(f"--similarity {threshold:g}: expected a number above 0 and at most 1, such as 0.8")
    sets = shingle_sets(texts, kind, size, min_words)
    signature = minhash(sets, num_perm, seed)
    pairs = candidate_pairs(signature, bands)
    similarity = jaccard(sets, pairs)
    keep = similarity >= threshold - 1e-12
    found = pd.DataFrame({"i": pairs[keep, 0], "j": pairs[keep, 1], "jaccard": similarity[keep]})
    found.attrs["compared"] = np.diff(sets.matrix.indptr) > 0
    return found


def duplicate_clusters(n: int, pairs: pd.DataFrame) -> np.ndarray:
    """A cluster number for each of ``n`` texts: connected parts of the near-duplicate pairs (singletons too)."""
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    graph = sparse.coo_matrix((np.ones(len(pairs)), (pairs["i"].to_numpy(), pairs["j"].to_numpy())), shape=(n, n))
    return connected_components(graph, directed=False)[1].astype(np.int64)


def require_documents(selected: int, where) -> None:
    """An :class:`InputError` naming the filter when it selected no documents at all."""
    if selected:
        return
    chosen = where.describe() if where is not None else {}
    described = ", ".join(f"{k} {v}" for k, v in chosen.items()) if chosen else "none"
    raise InputError(f"the selection has no documents (filter: {described}); check --corpus, --platform, "
                     "--since/--until, --kind and --where, or import documents first")
