"""Shared fixtures: the seed folder, the IndoSum sample and the brief JSON schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The five seed articles and their metadata.toml."""
    return SEEDS


@pytest.fixture(scope="session")
def indosum_sample() -> Path:
    """40 IndoSum articles (CC BY-SA 4.0, see tests/data/NOTICE)."""
    return DATA / "indosum-sample.jsonl"


@pytest.fixture(scope="session")
def brief_schema() -> dict:
    """The briefing/v1 JSON Schema from shared/ (a copy is kept in tests/data)."""
    shared = ROOT.parent / "shared" / "briefing-v1.schema.json"
    path = shared if shared.exists() else DATA / "briefing-v1.schema.json"
    return json.loads(path.read_text(encoding="utf-8"))

# tests import the scripted server as `fake_openai`
import sys  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
