"""Importers and collectors: one module per source kind, each staging records for ``writer``."""
