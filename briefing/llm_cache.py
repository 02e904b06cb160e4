"""The LLM response cache: validated answers by content address in SQLite (OUT/.cache/llm.sqlite)."""

from __future__ import annotations

import functools
import hashlib
import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

if TYPE_CHECKING:
    from briefing.llm_client import ChatRequest


class ResponseCache:
    """Validated answers stored by content address in SQLite, so unchanged reruns make no calls."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path)
        # Write-ahead log without a disk flush per commit (3-17 ms each, blocking the event loop): an answer
        # survives a killed process as before; only a power cut can lose the last few, which are asked again.
        self.db.execute("pragma journal_mode=wal")
        self.db.execute("pragma synchronous=normal")
        self.db.execute("create table if not exists answers (key text primary key, body text not null)")

    def get(self, key: str) -> str | None:
        """The cached answer text, or None."""
        row = self.db.execute("select body from answers where key = ?", (key,)).fetchone()
        return row[0] if row else None

    def put(self, key: str, body: str) -> None:
        """Store an answer; committed at once so a killed run keeps what it paid for."""
        self.db.execute("insert or replace into answers (key, body) values (?, ?)", (key, body))
        self.db.commit()


@functools.cache
def answer_schema(answer: type[BaseModel]) -> dict:
    """The JSON schema of an answer model, built once (pydantic takes about a millisecond per call)."""
    return answer.model_json_schema()


def cache_key(model: str, request: ChatRequest, schema: dict) -> str:
    """Content address of a request: model, prompt version, messages and parameters."""
    material = json.dumps([model, request.prompt_version, request.messages, schema, request.max_tokens],
                          sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(material.encode()).hexdigest()
