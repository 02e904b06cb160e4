"""Where the top-level folders the package reads (templates/, prompts/) are: inside an installed wheel they sit
in the package (briefing/templates), in the source tree beside it."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """The folder `name` as installed (briefing/<name>), else the source tree's top-level one."""
    bundled = _PACKAGE / name
    return bundled if bundled.is_dir() else _PACKAGE.parent / name
