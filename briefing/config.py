"""One resolver for settings: flag, then environment (BRIEFING_*), then briefing.toml, then default."""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from briefing.errors import ConfigError
from briefing.model import Window

ENGINES = ("auto", "extractive", "llm")
LANGUAGES = ("auto", "id", "en")
DEFAULTS = {"input": "seeds", "out": "out", "engine": "auto", "language": "auto", "days": "1"}
CONFIG_FILE = "briefing.toml"


@dataclass(frozen=True)
class Settings:
    """Effective settings of one run."""

    input: Path
    out: Path
    engine: str
    language: str
    window: Window
    include_undated: bool = False


def resolve(flags: dict, config_path: Path | None = None, environ: dict | None = None,
            today: dt.date | None = None) -> Settings:
    """Settle every setting from flags, environment, config file and defaults, in that order."""
    env = os.environ if environ is None else environ
    file_values = load_config_file(config_path)

    def pick(name: str) -> str | None:
        for value in (flags.get(name), env.get(f"BRIEFING_{name.upper()}"), file_values.get(name)):
            if value is not None and value != "":
                return str(value)
        return DEFAULTS.get(name)

    engine, language = pick("engine"), pick("language")
    _check_choice("engine", engine, ENGINES)
    _check_choice("language", language, LANGUAGES)
    window = make_window(pick("date"), pick("days"), pick("from"), pick("to"), today or dt.date.today())
    return Settings(input=Path(pick("input")), out=Path(pick("out")), engine=engine, language=language,
                    window=window, include_undated=bool(flags.get("include_undated")))


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
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    table = data.get("briefing", data)
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
        if date:
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
