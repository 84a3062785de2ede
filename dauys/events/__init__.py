"""Protest events and mobilization: the event store, the shutdown log, counts, chronologies and lead–lag analysis.

Importers of event files live in :mod:`dauys.ingest`; the analyses here read the ``events`` and
``shutdowns`` tables and the project's online activity (``command_group`` ``events`` or ``mobilization``).
"""
