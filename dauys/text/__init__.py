"""The text engine: tokens, stopwords (and, as it grows, normalisation, language id and lemmas).

Pure functions over strings and batches of strings that never touch the store (a project is read only
for its own stopword files), so the same code runs in a notebook, the CLI, a process pool or a cluster.
"""

from dauys.text.tokenize import TOKENIZER_VERSION, normalize_token, word_tokens

__all__ = ["TOKENIZER_VERSION", "normalize_token", "word_tokens"]
