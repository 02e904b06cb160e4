"""Command line: parse, call the pipeline, map BriefingError to a one-line message and exit code."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from pydantic import BaseModel, ConfigDict, ValidationError

from briefing import __version__
from briefing.config import ENGINES, LANGUAGES, resolve
from briefing.errors import BriefingError, InputError
from briefing.ingest import ingest
from briefing.model import Citation, Sentence
from briefing.pipeline import run as run_pipeline
from briefing.verify import check_sentence


class BriefingGroup(click.Group):
    """Click group that turns domain errors into `briefing: error: …` and their exit codes."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except BriefingError as exc:
            click.echo(f"briefing: error: {exc}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=BriefingGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefing")
def main() -> None:
    """Dated, citation-verified PDF situation briefs from a folder of news articles."""


@main.command()
@click.option("--input", "input_", type=click.Path(path_type=Path), help="Folder of articles [seeds].")
@click.option("--out", type=click.Path(path_type=Path), help="Output folder [out].")
@click.option("--date", help="Last day of the window, YYYY-MM-DD [today].")
@click.option("--days", type=int, help="Window length in days ending at --date [1].")
@click.option("--from", "from_", help="First day of the window, YYYY-MM-DD.")
@click.option("--to", help="Last day of the window, YYYY-MM-DD [today].")
@click.option("--engine", type=click.Choice(ENGINES),
              help="Summarizer [auto: llm when an endpoint is configured, else extractive].")
@click.option("--language", type=click.Choice(LANGUAGES), help="Brief language [auto: the sources' language].")
@click.option("--include-undated", is_flag=True, help="Also use articles with no published date.")
@click.option("--config", type=click.Path(path_type=Path), help="Config file [briefing.toml if present].")
@click.option("--base-url", help="OpenAI-compatible endpoint [OPENAI_BASE_URL]. The key comes from OPENAI_API_KEY.")
@click.option("--model", help="Model name [BRIEFING_MODEL, else gpt-4o-mini].")
@click.option("--concurrency", type=int, help="LLM requests in flight at once [4].")
@click.option("--rpm", type=int, help="At most this many LLM requests per minute [no limit].")
@click.option("--timeout", type=float, help="Seconds per LLM request [60].")
@click.option("--max-attempts", type=int, help="Attempts per LLM request, retries included [5].")
@click.option("--max-tokens-per-run", type=int, help="Stop before the run spends more tokens [no limit].")
@click.option("--no-cache", is_flag=True, help="Ask the LLM again even for unchanged inputs.")
def run(input_, out, from_, config, **options) -> None:
    """Write OUT/brief-<to>.pdf, .html and .json for the articles published in the window."""
    flags = {"input": input_, "out": out, "from": from_, **options}
    settings = resolve(flags, config)
    result = run_pipeline(settings)
    brief = result.brief
    v = brief.verification
    click.echo(f"{len(brief.articles)} articles in {settings.window.start}..{settings.window.end}, "
               f"{len(brief.skipped)} skipped; {v.supported} of {v.checked} sentences verified, {v.dropped} dropped")
    if brief.usage is not None:
        click.echo(usage_line(brief.usage, v))
    for path in result.paths.values():
        click.echo(f"wrote {path}")


def usage_line(usage: dict, v) -> str:
    """One line of LLM accounting for the end of a run."""
    total = usage["total"]
    return (f"LLM: {total['calls']} calls ({total['cached']} answered from cache, {total['retries']} retries), "
            f"{total['prompt_tokens']} prompt + {total['completion_tokens']} completion tokens; "
            f"{v.repaired} repaired, {v.quoted} replaced by source sentences")


@main.command()
@click.option("--input", "input_", type=click.Path(path_type=Path), default=Path("seeds"), show_default=True,
              help="Folder of articles.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def articles(input_: Path, as_json: bool) -> None:
    """List the articles read from a folder: id, published date and its origin, language, title."""
    found = ingest(input_)
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
def verify(brief_path: Path, input_: Path, as_json: bool) -> None:
    """Re-check every sentence of a brief JSON against the articles; exit 1 if any is unsupported."""
    brief = load_brief(brief_path)
    by_id = {a.id: a for a in ingest(input_).articles}
    results = []
    for section in brief.sections:
        for index, s in enumerate(section.sentences):
            sentence = Sentence(s.text, [Citation(c.article, c.quote, c.start, c.end) for c in s.citations])
            verdict = check_sentence(sentence, by_id, brief.language)
            results.append({"section": section.key, "index": index, "text": s.text,
                            "verdict": "supported" if verdict.supported else "unsupported",
                            "reasons": list(verdict.reasons)})
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
