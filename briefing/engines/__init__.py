"""Engines turn the window's chunks into draft sections of cited sentences."""

from __future__ import annotations

from typing import Protocol

from briefing.model import Article, Chunk, Section


class Engine(Protocol):
    """The one interface every engine implements."""

    name: str
    model: str | None

    def draft(self, articles: list[Article], chunks: list[Chunk], language: str) -> list[Section]:
        """Draft sections for the brief; the verifier judges them afterwards."""
        ...
