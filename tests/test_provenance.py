"""Secrets never reach the ledger; ordinary parameters that merely look similar are kept."""

import pytest

from dauys.provenance import REDACTED, redact_params, redact_text


@pytest.mark.parametrize("name", ["api_key", "apiKey", "token", "access_token", "bot_token", "password", "auth",
                                  "Authorization", "cookie", "credentials"])
def test_secret_names_are_redacted(name):
    assert redact_params({name: "s3cr3t"}) == {name: REDACTED}


@pytest.mark.parametrize("name", ["keep_authors", "author", "tokenizer", "keyword", "monkey"])
def test_names_that_only_contain_a_secret_word_are_kept(name):
    params = {name: ["автор", "сөз"]}
    assert redact_params(params) == params


def test_secrets_inside_urls_and_nested_params_are_removed():
    params = {"source": {"url": "https://api.example.kz/v1?channel=abai&api_key=XYZ&token=abc"}, "n": 3}
    cleaned = redact_params(params)
    assert "XYZ" not in str(cleaned) and "abc" not in str(cleaned)
    assert cleaned["source"]["url"].startswith("https://api.example.kz/v1?channel=abai&api_key=")
    assert cleaned["n"] == 3
    assert redact_text("key=1&x=2") == f"key={REDACTED}&x=2"
