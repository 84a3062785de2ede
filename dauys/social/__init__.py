"""Social-media analytics: channels, engagement, growth, rhythm, comments, hashtag campaigns, bots, coordination.

Each analysis is one module holding one :class:`dauys.analyze.Analysis` subclass with
``command_group = "social"`` (offered as ``dauys social NAME``); the report's view of it lives in
:mod:`dauys.report.views`.
"""
