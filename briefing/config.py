"""One resolver for settings: flag, then environment (BRIEFING_*), then briefing.toml, then default."""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from briefing.errors import ConfigError
from briefing.model import Window

ENGINES = ("auto", "extractive", "llm", "local")
LANGUAGES = ("auto", "id", "en")
DEFAULTS = {"input": "seeds", "out": "out", "engine": "auto", "language": "auto", "model": "gpt-4o-mini",
            "concurrency": "4", "timeout": "60", "max_attempts": "5"}
CONFIG_FILE = "briefing.toml"
NAMES = ("input", "out", "engine", "language", "date", "days", "from", "to", "base_url", "model",
         "concurrency", "rpm", "timeout", "max_attempts", "max_tokens_per_run")
# Standard OpenAI variables, read after their BRIEFING_* twins.
OPENAI_ENV = {"base_url": "OPENAI_BASE_URL", "model": "OPENAI_MODEL"}
DAY_KEYS, RANGE_KEYS = ("date", "days"), ("from", "to")


@dataclass(frozen=True)
class Settings:
    """Effective settings of one run."""

    input: Path
    out: Path
    engine: str
    language: str
    window: Window
    include_undated: bool = False
    llm: LLMOptions = field(default_factory=lambda: LLMOptions())


@dataclass(frozen=True)
class LLMOptions:
    """How to reach an OpenAI-compatible endpoint; the key comes from OPENAI_API_KEY only."""

    base_url: str | None = None
    model: str = "gpt-4o-mini"
    api_key: str | None = field(default=None, repr=False)  # never printed, logged or written
    concurrency: int = 4
    rpm: int | None = None
    timeout: float = 60.0
    max_attempts: int = 5
    max_tokens_per_run: int | None = None
    cache: bool = True

    @property
    def configured(self) -> bool:
        """An endpoint is configured when a base URL or an API key is set."""
        return bool(self.base_url or self.api_key)

def resolve(flags: dict, config_path: Path | None = None, environ: dict | None = None,
            today: dt.date | None = None) -> Settings:
    """Settle every setting from flags, environment, config file and defaults, in that order."""
    env = os.environ if environ is None else environ
    layers = [flags, _environment(env), load_config_file(config_path)]

    def pick(name: str) -> str | None:
        return _first(layers, name) or DEFAULTS.get(name)

    engine, language = pick("engine"), pick("language")
    _check_choice("engine", engine, ENGINES)
    _check_choice("language", language, LANGUAGES)
    window = make_window(*window_values(layers), today or dt.date.today())
    return Settings(input=Path(pick("input")), out=Path(pick("out")), engine=engine, language=language,
                    window=window, include_undated=bool(flags.get("include_undated")),
                    llm=_llm_options(pick, env, no_cache=bool(flags.get("no_cache"))))


def _environment(env: dict) -> dict:
    """The environment layer: BRIEFING_<NAME>, else the standard OPENAI_* variable."""
    values = {name: env.get(f"BRIEFING_{name.upper()}") for name in NAMES}
    for name, variable in OPENAI_ENV.items():
        values[name] = values[name] or env.get(variable)
    return values


def _llm_options(pick, env: dict, no_cache: bool) -> LLMOptions:
    """LLM settings, numbers checked."""
    rpm, budget = pick("rpm"), pick("max_tokens_per_run")
    return LLMOptions(
        base_url=pick("base_url"), model=pick("model"), api_key=env.get("OPENAI_API_KEY") or None,
        concurrency=_number("concurrency", pick("concurrency"), int, 1),
        rpm=_number("rpm", rpm, int, 1) if rpm else None,
        timeout=_number("timeout", pick("timeout"), float, 0.1),
        max_attempts=_number("max-attempts", pick("max_attempts"), int, 1),
        max_tokens_per_run=_number("max-tokens-per-run", budget, int, 1) if budget else None,
        cache=not no_cache,
    )


def _number(name: str, value: str, kind: type, minimum: float):
    """A numeric setting at or above `minimum`, or a ConfigError naming the flag."""
    try:
        number = kind(value)
    except ValueError as exc:
        raise ConfigError(f"invalid --{name} '{value}': use a number") from exc
    if number < minimum:
        raise ConfigError(f"invalid --{name} {value}: use {minimum} or more")
    return number


def _first(layers: list[dict], name: str) -> str | None:
    """The value of the highest layer that sets `name` (an empty string sets nothing)."""
    for layer in layers:
        value = layer.get(name)
        if value is not None and value != "":
            return str(value)
    return None


def window_values(layers: list[dict]) -> tuple[str | None, ...]:
    """date, days, from, to; the highest layer that sets any of them picks --date/--days or --from/--to."""
    ignored: tuple[str, ...] = ()
    for layer in layers:
        given = {name for name in DAY_KEYS + RANGE_KEYS if _first([layer], name)}
        if given:
            # A flag --date overrides a config file's from/to rather than clashing with it.
            ignored = RANGE_KEYS if given <= set(DAY_KEYS) else DAY_KEYS if given <= set(RANGE_KEYS) else ()
            break
    return tuple(None if name in ignored else _first(layers, name) for name in DAY_KEYS + RANGE_KEYS)


def load_config_file(path: Path | None) -> dict:
    """The [briefing] table of briefing.toml (or --config); empty when there is none."""
    if path is None:
        path = Path(CONFIG_FILE)
        if not path.exists():
            return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"config file not found: {path}") from exc
    except OSError as exc:  # a folder or an unreadable file
        raise ConfigError(f"cannot read config file {path}: {exc.strerror or exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    table = data.get("briefing", data)
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: 'briefing' must be a table: write [briefing] above its keys")
    return {key.replace("-", "_"): value for key, value in table.items()}


def _check_choice(name: str, value: str, choices: tuple[str, ...]) -> None:
    """Refuse a value outside the allowed set, naming the choices."""
    if value not in choices:
        raise ConfigError(f"invalid {name} '{value}': choose one of {', '.join(choices)}")


def parse_day(name: str, value: str) -> dt.date:
    """A YYYY-MM-DD flag value."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ConfigError(f"invalid --{name} '{value}': use YYYY-MM-DD") from exc


def make_window(date: str | None, days: str | None, start: str | None, end: str | None, today: dt.date) -> Window:
    """[date-days+1, date] from --date/--days, or [from, to] from --from/--to."""
    if start or end:
        if date or days:
            raise ConfigError("use either --date/--days or --from/--to, not both")
        first = parse_day("from", start) if start else None
        last = parse_day("to", end) if end else today
        first = first or last
        if first > last:
            raise ConfigError(f"--from {first} is after --to {last}: swap them")
        return Window(first, last)
    last = parse_day("date", date) if date else today
    try:
        n_days = int(days or 1)
    except ValueError as exc:
        raise ConfigError(f"invalid --days '{days}': use a whole number of days, 1 or more") from exc
    if n_days < 1:
        raise ConfigError(f"invalid --days {n_days}: use 1 or more")
    return Window(last - dt.timedelta(days=n_days - 1), last)
