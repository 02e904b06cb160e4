"""Briefing: dated, citation-verified PDF situation briefs from news articles."""

__version__ = "0.1.0"
