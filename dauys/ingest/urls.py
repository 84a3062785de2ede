"""Web addresses in one normalised form, so that records of one page from different importers join.

A feed entry's link and a saved article page's canonical link name the same article in different
spellings (capital letters in the host, ``utm_*`` tracking parameters, a Cyrillic path). Every importer
stores the ``url`` of a document through :func:`canonical_url`, so a researcher can join them on it.
"""

from __future__ import annotations

from courlan import normalize_url, validate_url


def canonical_url(url: str | None) -> str | None:
    """An absolute link in the normalised form trafilatura gives a saved page's canonical link.

    The scheme and host are lower-cased, a default port and tracking parameters (``utm_*``, ``fbclid``,
    ...) are removed, the query is sorted and non-ASCII characters in the path are percent-encoded. A
    relative or invalid link is returned as written (without surrounding spaces).

    >>> canonical_url("https://Kaz.Example.kz/kk/news/48213?utm_source=rss&utm_medium=feed")
    'https://kaz.example.kz/kk/news/48213'
    """
    if url is None or not url.strip():
        return None
    valid, parsed = validate_url(url.strip())
    return normalize_url(parsed) if valid and parsed else url.strip()
