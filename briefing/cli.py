"""Command line: parse, call the pipeline, map BriefingError to a one-line message and exit code."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import click
from pydantic import BaseModel, ConfigDict, ValidationError

from briefing import __version__
from briefing.config import ENGINES, LANGUAGES, effective_config, resolve, to_toml
from briefing.errors import BriefingError, InputError
from briefing.ingest import MAX_BYTES, ingest
from briefing.model import Citation, Sentence
from briefing.runlog import execute, redact
from briefing.verify import check_sentence

LOG_FORMATS = ("auto", "plain", "json")


class BriefingGroup(click.Group):
    """Click group that turns domain errors into `briefing: error: …` and their exit codes."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except BriefingError as exc:
            click.echo(f"briefing: error: {_redacted(str(exc))}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=BriefingGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefing")
def main() -> None:
    """Dated, citation-verified PDF situation briefs from a folder of news articles."""


SETTINGS_OPTIONS = (
    click.option("--input", "input_", type=click.Path(path_type=Path), help="Folder of articles [seeds]."),
    click.option("--out", type=click.Path(path_type=Path), help="Output folder [out]."),
    click.option("--date", help="Last day of the window, YYYY-MM-DD [today in --tz]."),
    click.option("--days", type=int, help="Window length in days ending at --date [1]."),
    click.option("--from", "from_", help="First day of the window, YYYY-MM-DD."),
    click.option("--to", help="Last day of the window, YYYY-MM-DD [today in --tz]."),
    click.option("--tz", help="Time zone that decides what 'today' is, e.g. Asia/Jakarta [the machine's]."),
    click.option("--engine", type=click.Choice(ENGINES),
                 help="Summarizer [auto: llm when an endpoint is configured, else extractive]."),
    click.option("--language", type=click.Choice(LANGUAGES), help="Brief language [auto: the sources' language]."),
    click.option("--include-undated", is_flag=True, help="Also use articles with no published date."),
    click.option("--fail-if-empty", is_flag=True,
                 help="Exit 3 when the window has no articles (the short brief is still written)."),
    click.option("--lock-timeout", type=float, help="Seconds to wait for another run on the same --out [600]."),
    click.option("--config", type=click.Path(path_type=Path), help="Config file [briefing.toml if present]."),
    click.option("--base-url", help="OpenAI-compatible endpoint [OPENAI_BASE_URL]. The key comes from OPENAI_API_KEY."),
    click.option("--model", help="Model name [BRIEFING_MODEL, else gpt-4o-mini]."),
    click.option("--concurrency", type=int, help="LLM requests in flight at once [4]."),
    click.option("--rpm", type=int, help="At most this many LLM requests per minute [no limit]."),
    click.option("--timeout", type=float, help="Seconds per LLM request [60]."),
    click.option("--max-attempts", type=int, help="Attempts per LLM request, retries included [5]."),
    click.option("--max-tokens-per-run", type=int, help="Stop before the run spends more tokens [no limit]."),
    click.option("--no-cache", is_flag=True, help="Ask the LLM again even for unchanged inputs."),
    click.option("--classification", help="Marking printed on every page, e.g. 'UNCLASSIFIED // FOR INTERNAL USE'."),
    click.option("--judge/--no-judge", default=None,
                 help="Ask the LLM endpoint about sentences the verifier leaves unconfirmed (printed only if it "
                      "confirms them) [on with the LLM engine, off otherwise]."),
    click.option("--max-bytes", type=int, help="Skip input files larger than this [5000000]."),
    click.option("--max-articles", type=int, help="Use at most this many articles per run, the newest [1000]."),
    click.option("--max-chunks", type=int, help="Use at most this many chunks per run, newest articles first [4000]."),
)
MAX_BYTES_OPTION = click.option("--max-bytes", type=int, default=MAX_BYTES, show_default=True,
                                help="Skip input files larger than this (as for briefing run).")


def settings_options(command):
    """Give a command every option the settings resolver reads (run and config share them)."""
    for option in reversed(SETTINGS_OPTIONS):
        command = option(command)
    return command


def _settings(input_, out, from_, config, options: dict):
    """Resolve the effective settings from the shared options."""
    return resolve({"input": input_, "out": out, "from": from_, **options}, config)


@main.command()
@settings_options
@click.option("-q", "--quiet", is_flag=True, help="Print only warnings and errors (for cron).")
@click.option("-v", "--verbose", is_flag=True, help="Also print debug log lines.")
@click.option("--log-format", type=click.Choice(LOG_FORMATS), default="auto", show_default=True,
              help="Log lines on stderr: auto = progress on a terminal, plain timestamped lines otherwise.")
def run(input_, out, from_, config, quiet, verbose, log_format, **options) -> None:
    """Write OUT/brief-<to>.pdf, .html and .json for the articles published in the window."""
    given = {"input": input_, "out": out, "from": from_, "config": config, **options}
    with _logging(log_format, quiet, verbose), _sigterm_as_exit():
        try:
            settings = _settings(input_, out, from_, config, options)
            outcome = execute(settings, {k: str(v) for k, v in given.items() if v not in (None, False)})
        except BriefingError as exc:
            if log_format != "json":
                raise
            logging.getLogger("briefing.cli").error("briefing: error: %s", exc)
            raise click.exceptions.Exit(exc.exit_code) from exc
    if not quiet:
        _summary(settings, outcome.result)
    sys.exit(outcome.exit_code)


def _summary(settings, result) -> None:
    """The end-of-run lines on stdout: counts, LLM usage, files written."""
    brief = result.brief
    v = brief.verification
    judged = f" ({v.judge_confirmed} of {v.unconfirmed} unconfirmed confirmed by the judge)" if v.unconfirmed else ""
    click.echo(f"{len(brief.articles)} articles in {settings.window.start}..{settings.window.end}, "
               f"{len(brief.skipped)} skipped; {v.supported} of {v.checked} sentences verified{judged}, "
               f"{v.dropped} dropped")
    if brief.usage is not None:
        click.echo(usage_line(brief.usage, v))
    for note in brief.notes:
        click.echo(f"note: {note}")
    for path in result.paths.values():
        click.echo(f"wrote {path}")


@main.command("config")
@settings_options
@click.option("--format", "fmt", type=click.Choice(("toml", "json")), default="toml", show_default=True,
              help="Print as a briefing.toml table or as JSON.")
def config_command(input_, out, from_, config, fmt, **options) -> None:
    """Print the effective settings (flags, environment, config file, defaults), secrets redacted."""
    effective = effective_config(_settings(input_, out, from_, config, options))
    text = to_toml(effective) if fmt == "toml" else json.dumps(effective, ensure_ascii=False, indent=2) + "\n"
    click.echo(_redacted(text), nl=False)


def usage_line(usage: dict, v) -> str:
    """One line of LLM accounting for the end of a run."""
    total = usage["total"]
    return (f"LLM: {total['calls']} calls ({total['cached']} answered from cache, {total['retries']} retries), "
            f"{total['prompt_tokens']} prompt + {total['completion_tokens']} completion tokens; "
            f"{v.repaired} repaired, {v.quoted} replaced by source sentences")


# --- the terminal side of logging: the core only logs, these handlers decide how it looks -------

def _redacted(text: str) -> str:
    """`text` with the API key from the environment replaced by ***, should it ever be in it."""
    key = os.environ.get("OPENAI_API_KEY")
    return redact(text, [key] if key else [])


class _Redact(logging.Filter):
    """Redacts the API key from every record before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = _redacted(record.getMessage()), ()
        return True


class _PlainFormatter(logging.Formatter):
    """`2026-11-22T06:00:01+07:00 INFO message`: one line per record, local time with offset."""

    def format(self, record: logging.LogRecord) -> str:
        when = dt.datetime.fromtimestamp(record.created).astimezone().isoformat(timespec="seconds")
        return f"{when} {record.levelname} {record.getMessage()}"


class _JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and stage/event/seconds when set."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": dt.datetime.fromtimestamp(record.created).astimezone().isoformat(timespec="milliseconds"),
                 "level": record.levelname.lower(), "logger": record.name, "message": record.getMessage()}
        entry.update({k: getattr(record, k) for k in ("stage", "event", "seconds") if hasattr(record, k)})
        return json.dumps(entry, ensure_ascii=False)


class _ProgressHandler(logging.Handler):
    """On a terminal: a rich spinner per stage that turns into a tick and its time; other records as lines."""

    def __init__(self, stream) -> None:
        super().__init__()
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.progress = Progress(SpinnerColumn(finished_text="[green]✓[/]"), TextColumn("{task.description}"),
                                 TimeElapsedColumn(), console=Console(file=stream), transient=False)
        self.tasks: dict[str, object] = {}
        self.progress.start()

    def emit(self, record: logging.LogRecord) -> None:
        stage, event = getattr(record, "stage", None), getattr(record, "event", None)
        if stage and event == "start":
            self.tasks[stage] = self.progress.add_task(stage, total=None)
        elif stage and stage in self.tasks:
            label = stage if event == "end" else f"{stage} [red]failed[/]"
            self.progress.update(self.tasks.pop(stage), total=1, completed=1, description=label)
        else:
            self.progress.console.print(record.getMessage(), markup=False, highlight=False)

    def close(self) -> None:
        self.progress.stop()
        super().close()


@contextlib.contextmanager
def _logging(log_format: str, quiet: bool, verbose: bool) -> Iterator[None]:
    """Route the core's log records to stderr for this command: progress, plain lines or JSON."""
    stream = sys.stderr  # at call time: click's test runner swaps it
    if log_format == "auto" and stream.isatty():
        handler: logging.Handler = _ProgressHandler(stream)
    else:
        handler = logging.StreamHandler(stream)
        handler.setFormatter(_JsonFormatter() if log_format == "json" else _PlainFormatter())
    handler.addFilter(_Redact())
    logger = logging.getLogger("briefing")
    previous = logger.level
    logger.setLevel(logging.WARNING if quiet else logging.DEBUG if verbose else logging.INFO)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
        handler.close()


@contextlib.contextmanager
def _sigterm_as_exit() -> Iterator[None]:
    """Turn SIGTERM (systemd stop, kill) into SystemExit(143) so the run record says 'interrupted'."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum, frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@main.command()
@click.option("--input", "input_", type=click.Path(path_type=Path), default=Path("seeds"), show_default=True,
              help="Folder of articles.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@MAX_BYTES_OPTION
def articles(input_: Path, as_json: bool, max_bytes: int) -> None:
    """List the articles read from a folder: id, published date and its origin, language, title."""
    found = ingest(input_, max_bytes=max_bytes)
    rows = [dict(a.to_json(), date_source=a.date_source, chars=len(a.text)) for a in found.articles]
    skipped = [s.to_json() for s in found.skipped]
    if as_json:
        click.echo(json.dumps({"articles": rows, "skipped": skipped}, ensure_ascii=False, indent=2))
        return
    for row in rows:
        published = row["published"] or "undated"
        origin = f"({row['date_source']})" if row["date_source"] else ""
        click.echo(f"{row['id']}  {published} {origin:<10} {row['language']}  {row['chars']:>6}  {row['title'] or ''}")
    for skip in skipped:
        click.echo(f"skipped {skip['path']}: {skip['reason']}")


class _CitationIn(BaseModel):
    model_config = ConfigDict(extra="allow")
    article: str
    quote: str
    start: int
    end: int


class _SentenceIn(BaseModel):
    model_config = ConfigDict(extra="allow")
    text: str
    citations: list[_CitationIn]
    judged: bool = False


class _SectionIn(BaseModel):
    model_config = ConfigDict(extra="allow")
    key: str
    sentences: list[_SentenceIn]


class _BriefIn(BaseModel):
    """The parts of a brief JSON the verifier reads; the schema allows extra properties."""

    model_config = ConfigDict(extra="allow")
    language: str
    sections: list[_SectionIn]


def load_brief(path: Path) -> _BriefIn:
    """Read and validate a brief JSON file."""
    try:
        return _BriefIn.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError as exc:
        raise InputError(f"brief not found: {path}") from exc
    except OSError as exc:  # a folder, no permission: still one clear line, not a traceback
        raise InputError(f"cannot read brief {path}: {exc.strerror or exc}") from exc
    except (ValueError, ValidationError) as exc:
        raise InputError(f"{path} is not a briefing/v1 brief JSON: {str(exc).splitlines()[0]}") from exc


@main.command()
@click.argument("brief_path", metavar="BRIEF.json", type=click.Path(path_type=Path))
@click.option("--input", "input_", type=click.Path(path_type=Path), default=Path("seeds"), show_default=True,
              help="Folder of the articles the brief cites.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of lines.")
@MAX_BYTES_OPTION
def verify(brief_path: Path, input_: Path, as_json: bool, max_bytes: int) -> None:
    """Re-check every sentence of a brief JSON against the articles; exit 1 if any is unsupported.

    A sentence the verifier leaves unconfirmed passes when the brief records that the LLM judge confirmed it."""
    brief = load_brief(brief_path)
    by_id = {a.id: a for a in ingest(input_, max_bytes=max_bytes).articles}
    results = []
    for section in brief.sections:
        for index, s in enumerate(section.sentences):
            sentence = Sentence(s.text, [Citation(c.article, c.quote, c.start, c.end) for c in s.citations])
            verdict = check_sentence(sentence, by_id, brief.language)
            judged = verdict.status == "unconfirmed" and s.judged
            results.append({"section": section.key, "index": index, "text": s.text,
                            "verdict": "supported" if verdict.supported or judged else "unsupported",
                            "status": verdict.status, "judged": s.judged, "reasons": list(verdict.reasons)})
    supported = sum(r["verdict"] == "supported" for r in results)
    report = {"sentences": results, "supported": supported, "unsupported": len(results) - supported}
    _print_verification(report, as_json)
    sys.exit(0 if report["unsupported"] == 0 else 1)


def _print_verification(report: dict, as_json: bool) -> None:
    """Verdict per sentence, as JSON or as lines."""
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    for r in report["sentences"]:
        mark = "ok " if r["verdict"] == "supported" else "BAD"
        why = f" ({', '.join(r['reasons'])})" if r["reasons"] else ""
        click.echo(f"{mark} {r['section']}[{r['index']}]{why}: {r['text'][:100]}")
    click.echo(f"{report['supported']} supported, {report['unsupported']} unsupported")
