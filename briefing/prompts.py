"""Versioned jinja2 prompt templates from prompts/: system and user messages, version and hash."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from jinja2 import Environment, StrictUndefined, Template

from briefing.errors import ConfigError
from briefing.resources import resource_dir

PROMPTS = resource_dir("prompts")
SPLIT = "=== USER ==="
LANGUAGE_NAMES = {"id": "Indonesian", "en": "English"}
# Article text must not be able to close the data fence it sits in.
_FENCE = re.compile(r"<<<|>>>")
# One environment for every prompt: building one and compiling the template per request cost milliseconds
# of CPU on every LLM call, serialized across the concurrent requests.
_ENV = Environment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)


@dataclass(frozen=True)
class Prompt:
    """A prompt template with its declared version and content hash."""

    name: str
    version: str
    sha256: str
    source: str
    template: Template = field(repr=False, compare=False)

    def messages(self, **values) -> list[dict]:
        """System and user chat messages rendered from the template."""
        text = self.template.render(**values)
        system, _, user = text.partition(SPLIT)
        return [{"role": "system", "content": system.strip()}, {"role": "user", "content": user.strip()}]

    def record(self) -> dict:
        """What the brief JSON and run record keep about this prompt."""
        return {"version": self.version, "sha256": self.sha256}


def load_prompt(name: str) -> Prompt:
    """prompts/<name>.j2; its first line declares `{#- version: name/N -#}`."""
    path = PROMPTS / f"{name}.j2"
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(f"prompt template missing: {path}") from exc
    match = re.match(r"\{#-?\s*version:\s*(\S+)\s*-?#\}", source)
    if not match:
        raise ConfigError(f"{path}: first line must declare the version, e.g. {{#- version: {name}/1 -#}}")
    return Prompt(name, match.group(1), hashlib.sha256(source.encode()).hexdigest()[:16], source,
                  _ENV.from_string(source))


def fence_safe(text: str) -> str:
    """Article text with fence markers defused, so data cannot pose as the end of the data."""
    return _FENCE.sub(lambda m: "\u2039\u2039\u2039" if m.group() == "<<<" else "\u203a\u203a\u203a", text)


def language_name(code: str) -> str:
    """The language name used in prompts."""
    return LANGUAGE_NAMES.get(code, code)
