"""Lemmatisers: one module per language (kk, ru, en), each mapping tokens in context to lemmas."""
