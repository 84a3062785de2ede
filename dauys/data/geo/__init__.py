"""Shipped geographic data: the 2022 region polygons and the gazetteer (see SOURCES.md)."""
