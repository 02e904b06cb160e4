"""The LLM response cache: content addresses, SQLite storage that outlives a killed run."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict

from briefing.llm_cache import ResponseCache, answer_schema, cache_key
from briefing.llm_client import ChatRequest

ROOT = Path(__file__).resolve().parent.parent
MESSAGES = [{"role": "system", "content": "s"}, {"role": "user", "content": "u"}]


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: str


def key(model: str = "m", version: str = "map/2", messages: list | None = None, schema: dict | None = None,
        max_tokens: int = 100) -> str:
    request = ChatRequest("map", messages or MESSAGES, version, max_tokens=max_tokens)
    return cache_key(model, request, schema or answer_schema(Answer))


@pytest.mark.parametrize("changed", [
    {"model": "other"},
    {"version": "map/3"},  # a new prompt version asks again
    {"messages": [{"role": "system", "content": "s"}, {"role": "user", "content": "u2"}]},
    {"schema": {"type": "object"}},
    {"max_tokens": 200},
])
def test_key_changes_with_everything_the_answer_depends_on(changed):
    assert key() == key()
    assert key(**changed) != key()


def test_answer_schema_is_built_once():
    assert answer_schema(Answer) is answer_schema(Answer)
    assert answer_schema(Answer) == Answer.model_json_schema()


def test_put_then_get_across_connections(tmp_path):
    path = tmp_path / "cache" / "llm.sqlite"
    cache = ResponseCache(path)
    assert cache.get("k") is None
    cache.put("k", "first")
    cache.put("k", "second")
    assert ResponseCache(path).get("k") == "second"


def test_cached_answer_survives_a_killed_process(tmp_path):
    path = tmp_path / "llm.sqlite"
    code = ("import os, signal; from pathlib import Path; from briefing.llm_cache import ResponseCache; "
            f"ResponseCache(Path({str(path)!r})).put('key', 'paid for'); os.kill(os.getpid(), signal.SIGKILL)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert ResponseCache(path).get("key") == "paid for"
