"""Kazakhstan's geography, shared by the social and the events modules: regions, their geometry, places.

The 2022 administrative division (17 regions, 3 cities of republican significance), the older names and
pre-2022 regions mapped onto it, the shipped region polygons, and a gazetteer of settlements in Kazakh,
Russian and English with inflected forms.
"""
