"""One resolver for settings: flag, then environment (BRIEFING_*), then briefing.toml, then default."""

from __future__ import annotations

import datetime as dt
import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from briefing.bounds import MAX_ARTICLES, MAX_CHUNKS
from briefing.errors import ConfigError
from briefing.ingest import MAX_BYTES
from briefing.model import Window

ENGINES = ("auto", "extractive", "llm", "local")
LANGUAGES = ("auto", "id", "en")
DEFAULTS = {"input": "seeds", "out": "out", "engine": "auto", "language": "auto", "model": "gpt-4o-mini",
            "concurrency": "4", "timeout": "60", "max_attempts": "5", "lock_timeout": "600",
            "max_bytes": str(MAX_BYTES), "max_articles": str(MAX_ARTICLES), "max_chunks": str(MAX_CHUNKS)}
CONFIG_FILE = "briefing.toml"
NAMES = ("input", "out", "engine", "language", "date", "days", "from", "to", "tz", "base_url", "model",
         "concurrency", "rpm", "timeout", "max_attempts", "max_tokens_per_run", "lock_timeout",
         "include_undated", "fail_if_empty", "no_cache", "classification", "max_bytes", "max_articles", "max_chunks",
         "judge")
SWITCHES = ("include_undated", "fail_if_empty", "no_cache")
TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")
REDACTED = "***"
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
    tz: str | None = None  # None: the machine's zone
    fail_if_empty: bool = False  # exit 3 after writing the "no new reporting" brief
    lock_timeout: float = 600.0  # seconds to wait for another run on the same --out
    judge: bool | None = None  # --judge/--no-judge: the LLM judge settles unconfirmed sentences; None: with the LLM engine
    classification: str = ""  # marking printed on every page, e.g. "UNCLASSIFIED // FOR INTERNAL USE"
    max_bytes: int = MAX_BYTES  # a larger input file is skipped unread
    max_articles: int = MAX_ARTICLES  # per run, newest kept
    max_chunks: int = MAX_CHUNKS  # per run, newest articles' first


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
    judge_flag = flags.get("judge")  # --judge / --no-judge / neither (None): both settings are explicit
    # An on/off flag left off (False) sets nothing, so the environment or file can still turn it on.
    flags = {name: value for name, value in flags.items() if value is not False and name != "judge"}
    layers = [flags, _environment(env), load_config_file(config_path)]

    def pick(name: str) -> str | None:
        return _first(layers, name) or DEFAULTS.get(name)

    engine, language, tz = pick("engine"), pick("language"), pick("tz")
    _check_choice("engine", engine, ENGINES)
    _check_choice("language", language, LANGUAGES)
    if tz:
        zone(tz)  # checked even when the caller pins the day
    today = today or today_in(tz)
    window = make_window(*window_values(layers), today)
    switches = {name: _switch(name, pick(name)) for name in SWITCHES}
    return Settings(input=Path(pick("input")), out=Path(pick("out")), engine=engine, language=language,
                    window=window, include_undated=switches["include_undated"], tz=tz,
                    llm=_llm_options(pick, env, no_cache=switches["no_cache"]),
                    fail_if_empty=switches["fail_if_empty"],
                    lock_timeout=_number("lock-timeout", pick("lock_timeout"), float, 0),
                    judge=judge_flag if judge_flag is not None else _maybe_switch("judge", _first(layers, "judge")),
                    classification=pick("classification") or "",
                    max_bytes=_number("max-bytes", pick("max_bytes"), int, 1),
                    max_articles=_number("max-articles", pick("max_articles"), int, 1),
                    max_chunks=_number("max-chunks", pick("max_chunks"), int, 1))


def zone(name: str) -> ZoneInfo:
    """An IANA time zone, or a ConfigError saying what a valid name looks like."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"unknown --tz '{name}': use an IANA zone name such as Asia/Jakarta or UTC") from exc


def today_in(tz: str | None) -> dt.date:
    """Today's date in zone `tz`, or in the machine's zone when none is given."""
    if tz:
        return dt.datetime.now(zone(tz)).date()
    return dt.datetime.now().astimezone().date()


def machine_zone() -> str:
    """The machine's zone name for display: IANA when it can be found (TZ, /etc/localtime)."""
    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        target = os.path.realpath("/etc/localtime")
        name = target.split("zoneinfo/", 1)[1] if "zoneinfo/" in target else ""
    return name or dt.datetime.now().astimezone().tzname() or "UTC"


def _switch(name: str, value: str | None) -> bool:
    """An on/off setting: a flag, or 1/true/yes/on and 0/false/no/off in the environment or file."""
    if value is None:
        return False
    text = str(value).strip().lower()
    if text in TRUE or text in FALSE:
        return text in TRUE
    raise ConfigError(f"invalid {name} '{value}': use true or false")


def _maybe_switch(name: str, value: str | None) -> bool | None:
    """An on/off setting that may be left unset (None: decided later, as the judge is by the engine)."""
    return None if value is None else _switch(name, value)


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


def effective_config(settings: Settings) -> dict:
    """Every setting as a run uses it, secrets redacted: for `briefing config` and run records."""
    llm = settings.llm
    return {
        "input": str(settings.input), "out": str(settings.out), "engine": settings.engine,
        "language": settings.language, "from": settings.window.start.isoformat(),
        "to": settings.window.end.isoformat(), "tz": settings.tz or machine_zone(),
        "include_undated": settings.include_undated, "fail_if_empty": settings.fail_if_empty,
        "lock_timeout": settings.lock_timeout, "base_url": redact_url(llm.base_url), "model": llm.model,
        "api_key": REDACTED if llm.api_key else None, "concurrency": llm.concurrency, "rpm": llm.rpm,
        "timeout": llm.timeout, "max_attempts": llm.max_attempts, "max_tokens_per_run": llm.max_tokens_per_run,
        "no_cache": not llm.cache, "judge": settings.judge, "classification": settings.classification,
        "max_bytes": settings.max_bytes, "max_articles": settings.max_articles, "max_chunks": settings.max_chunks,
    }


def redact_url(url: str | None) -> str | None:
    """A URL with any user:password and query string replaced by ***: they can carry credentials."""
    if not url:
        return url
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        netloc = f"{REDACTED}@{netloc.rsplit('@', 1)[1]}"
    return urlunsplit(parts._replace(netloc=netloc, query=REDACTED if parts.query else ""))


def to_toml(config: dict) -> str:
    """The effective config as a [briefing] table that briefing.toml accepts; unset values are comments."""
    lines = ["[briefing]"]
    for key, value in config.items():
        if key == "api_key":  # never settable in a file: say where it comes from instead
            lines.append(f"# api_key = {json.dumps(value) if value else '(not set)'}  (read from OPENAI_API_KEY only)")
        elif value is None:
            lines.append(f"# {key} = (not set)")
        else:
            lines.append(f"{key} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"


def _toml_value(value: object) -> str:
    """A TOML literal for a string, number or boolean (JSON string escapes are valid TOML)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)
