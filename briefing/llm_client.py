"""OpenAI-compatible chat client: retries (tenacity), concurrency, rate limit, cache, usage, budget.

The SDK's own retries are off (max_retries=0) so that one policy, here, decides: 429 (honouring
Retry-After), 5xx, timeouts, connection errors, empty or unparsable answers are retried with
exponential backoff and jitter; 400/401/403/404 fail at once with a message naming the fix.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from dataclasses import asdict, dataclass, field
from typing import Protocol, TypeVar

import openai
from pydantic import BaseModel, ValidationError
from tenacity import AsyncRetrying, RetryError, retry_if_exception, stop_after_attempt, wait_exponential_jitter

from briefing.errors import BriefingError
from briefing.llm_cache import ResponseCache, answer_schema, cache_key

T = TypeVar("T", bound=BaseModel)
FORMAT_MODES = ("json_schema", "json_object", "text")
MAX_RETRY_AFTER = 60.0


class LLMFatalError(BriefingError):
    """The endpoint refused the request for a reason retrying cannot fix (key, model, request)."""

    exit_code = 1


class LLMUnavailable(BriefingError):
    """A request still failed after every retry; the caller skips that piece of work."""


class BudgetExceeded(BriefingError):
    """The next request would take the run past --max-tokens-per-run."""


class TransientAnswer(Exception):
    """An answer that is worth asking again for: empty, truncated, not JSON, wrong shape."""


@dataclass(frozen=True)
class LLMSettings:
    """How to reach and pace the endpoint."""

    base_url: str | None
    model: str
    api_key: str | None = None
    timeout: float = 60.0
    max_attempts: int = 5
    concurrency: int = 4
    rpm: int | None = None
    max_tokens_per_run: int | None = None
    backoff_initial: float = 0.5
    backoff_max: float = 20.0


@dataclass
class ChatRequest:
    """One chat completion whose answer must validate against a pydantic model."""

    stage: str
    messages: list[dict]
    prompt_version: str
    max_tokens: int = 1024


@dataclass
class StageUsage:
    """Token and call accounting for one stage (map, reduce, repair, …)."""

    calls: int = 0
    cached: int = 0
    retries: int = 0
    failures: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0


@dataclass
class Usage:
    """Accounting for a run, per stage."""

    stages: dict[str, StageUsage] = field(default_factory=dict)

    def stage(self, name: str) -> StageUsage:
        """The counters of one stage, created on first use."""
        return self.stages.setdefault(name, StageUsage())

    @property
    def total_tokens(self) -> int:
        """Prompt plus completion tokens actually spent (cache hits cost nothing)."""
        return sum(s.prompt_tokens + s.completion_tokens for s in self.stages.values())

    @property
    def calls(self) -> int:
        """Requests that reached the endpoint."""
        return sum(s.calls for s in self.stages.values())

    def to_json(self) -> dict:
        """The `usage` object of the brief JSON and run record."""
        stages = {name: asdict(s) for name, s in sorted(self.stages.items())}
        total = {key: sum(s[key] for s in stages.values()) for key in asdict(StageUsage())}
        return {"stages": stages, "total": total, "total_tokens": self.total_tokens}


class RateLimiter:
    """Spaces request starts to at most `rpm` per minute across all concurrent calls."""

    def __init__(self, rpm: int | None) -> None:
        self.interval = 60.0 / rpm if rpm else 0.0
        self.next_start = 0.0
        self.lock = asyncio.Lock()

    async def wait(self) -> None:
        """Sleep until this request may start."""
        if not self.interval:
            return
        async with self.lock:
            now = time.monotonic()
            delay = max(0.0, self.next_start - now)
            self.next_start = max(now, self.next_start) + self.interval
        await asyncio.sleep(delay)


class ChatClient(Protocol):
    """What engines need from an LLM: a validated structured answer."""

    usage: Usage

    async def complete_json(self, request: ChatRequest, answer: type[T]) -> T:
        """Ask, retry as needed, and return the answer validated as `answer`."""
        ...

    async def aclose(self) -> None:
        """Release the connections of the running event loop."""
        ...


def parse_json_answer(text: str) -> object:
    """JSON out of a chatty answer: drop <think> blocks and code fences, take the outermost object."""
    text = re.sub(r"(?s)<think>.*?</think>", "", text)
    text = re.sub(r"(?s)<think>.*$", "", text)  # an unclosed think block holds no answer
    fenced = re.search(r"(?s)```(?:json)?\s*(.*?)```", text)
    if fenced:
        text = fenced.group(1)
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        raise TransientAnswer("answer holds no JSON object")
    try:
        return json.loads(text[start:end + 1])
    except json.JSONDecodeError as exc:
        raise TransientAnswer(f"answer is not valid JSON: {exc}") from exc


def _is_transient(exc: BaseException) -> bool:
    """Errors worth another attempt."""
    if isinstance(exc, (TransientAnswer, openai.APITimeoutError, openai.APIConnectionError,
                        openai.RateLimitError, openai.InternalServerError, openai.APIResponseValidationError)):
        return True
    return isinstance(exc, openai.APIStatusError) and exc.status_code >= 500


def _retry_after(exc: BaseException | None) -> float | None:
    """Seconds a 429/503 answer asked us to wait, if it said."""
    response = getattr(exc, "response", None)
    value = response.headers.get("retry-after") if response is not None else None
    try:
        return min(float(value), MAX_RETRY_AFTER) if value is not None else None
    except ValueError:
        return None


def _refuses_format(exc: openai.APIStatusError, mode: str) -> bool:
    """A refusal of the request's shape: 400/422, or a 500 that names response_format (llama-cpp-python)."""
    if exc.status_code in (400, 422):
        return True
    return mode != "text" and exc.status_code == 500 and "response_format" in str(exc)


def fatal_message(exc: openai.APIStatusError, settings: LLMSettings) -> str:
    """A one-line explanation of a refused request that says how to fix it (never echoes the key)."""
    where = settings.base_url or "the OpenAI API"
    if exc.status_code == 401:
        return f"{where} refused the API key (401): set a valid OPENAI_API_KEY"
    if exc.status_code == 403:
        return f"{where} denied access (403): check the key's permissions for model '{settings.model}'"
    if exc.status_code == 404:
        return f"model '{settings.model}' not found at {where} (404): check --model / BRIEFING_MODEL and --base-url"
    return f"{where} rejected the request ({exc.status_code}): {_short(exc)}"


def _short(exc: BaseException) -> str:
    """First line of an error, trimmed."""
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200]


class OpenAIChatClient:
    """ChatClient over the openai SDK (async) against any OpenAI-compatible endpoint."""

    def __init__(self, settings: LLMSettings, cache: ResponseCache | None = None, usage: Usage | None = None,
                 sleep=asyncio.sleep):
        self.settings = settings
        self.sleep = sleep  # tests pass a recorder to see the backoff and Retry-After waits
        self.cache = cache
        self.usage = usage or Usage()
        self.mode = FORMAT_MODES[0]
        self.limiter = RateLimiter(settings.rpm)
        self.reserved = 0
        self.fatal: str | None = None  # once the endpoint refused the key or model, nothing more is sent
        self.loop: asyncio.AbstractEventLoop | None = None
        self.retired: list[openai.AsyncOpenAI] = []
        self.semaphore, self.sdk = self._loop_bound()

    def _loop_bound(self) -> tuple[asyncio.Semaphore, openai.AsyncOpenAI]:
        """A semaphore and an SDK client (with its connection pool) for one event loop."""
        # A local server needs no key, but the SDK insists on one: send a placeholder, never the env.
        sdk = openai.AsyncOpenAI(base_url=self.settings.base_url, api_key=self.settings.api_key or "not-needed",
                                 timeout=self.settings.timeout, max_retries=0)
        return asyncio.Semaphore(max(1, self.settings.concurrency)), sdk

    def _enter_loop(self) -> None:
        """Start afresh in each event loop (the engine's, then --judge's): a semaphore that had waiters and
        kept-alive connections belong to the loop that made them and fail in the next."""
        loop = asyncio.get_running_loop()
        if self.loop not in (None, loop) or self.sdk.is_closed():
            if not self.sdk.is_closed():
                self.retired.append(self.sdk)  # collected inside this loop, it would close another loop's sockets
            self.semaphore, self.sdk = self._loop_bound()
            self.limiter.lock = asyncio.Lock()
        self.loop = loop

    async def aclose(self) -> None:
        """Close the connections of the running loop (call it before that loop ends)."""
        await self.sdk.close()

    async def complete_json(self, request: ChatRequest, answer: type[T]) -> T:
        """Cached answer, else ask with retries; only validated answers are cached."""
        self._enter_loop()
        schema = answer_schema(answer)
        key = cache_key(self.settings.model, request, schema)
        stage = self.usage.stage(request.stage)
        if self.cache and (body := self.cache.get(key)) is not None:
            stage.cached += 1
            return answer.model_validate(json.loads(body))
        result = await self._with_retries(request, answer, schema, stage)
        if self.cache:
            self.cache.put(key, result.model_dump_json())
        return result

    async def _with_retries(self, request: ChatRequest, answer: type[T], schema: dict, stage: StageUsage) -> T:
        """Attempt until success, a fatal error, or the attempt budget runs out."""
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.settings.max_attempts), retry=retry_if_exception(_is_transient),
            wait=self._wait, sleep=self.sleep, reraise=False,
        )
        max_tokens = [request.max_tokens]
        try:
            async for attempt in retrying:
                with attempt:
                    if attempt.retry_state.attempt_number > 1:
                        stage.retries += 1
                    return await self._attempt(request, answer, schema, stage, max_tokens)
        except RetryError as exc:
            stage.failures += 1
            last = exc.last_attempt.exception()
            # The message lands in the brief's skipped list: a server echoing the key must not put it there.
            raise LLMUnavailable(self._redacted(f"{request.stage}: gave up after {self.settings.max_attempts} "
                                                f"attempts: {_short(last)}")) from last
        raise AssertionError("unreachable")  # tenacity either returns or raises

    def _redacted(self, text: str) -> str:
        """`text` without the API key."""
        key = self.settings.api_key
        return text.replace(key, "***") if key else text

    def _wait(self, state) -> float:
        """Retry-After when the server gave one, else exponential backoff with jitter."""
        told = _retry_after(state.outcome.exception() if state.outcome else None)
        if told is not None:
            return told
        backoff = wait_exponential_jitter(multiplier=self.settings.backoff_initial, max=self.settings.backoff_max)
        return backoff(state)

    async def _attempt(self, request: ChatRequest, answer: type[T], schema: dict, stage: StageUsage,
                       max_tokens: list[int]) -> T:
        """One request (format fallbacks included); parse and validate the answer."""
        content, finish_reason = answer_of(await self._send(request, schema, stage, max_tokens[0]))
        if not content.strip():
            raise TransientAnswer("answer has no content")
        if finish_reason == "length":
            # Never half-parse: ask again with more room, up to 4x what the caller planned.
            max_tokens[0] = min(max_tokens[0] * 2, request.max_tokens * 4)
            raise TransientAnswer("answer was cut off (finish_reason=length)")
        try:
            return answer.model_validate(parse_json_answer(content))
        except ValidationError as exc:
            raise TransientAnswer(f"answer does not match the schema: {_short(exc)}") from exc

    async def _send(self, request: ChatRequest, schema: dict, stage: StageUsage, max_tokens: int):
        """POST one chat completion under the concurrency and rate limits, within the token budget."""
        estimate = self._reserve(request, max_tokens)
        try:
            async with self.semaphore:
                if self.fatal:  # requests queued behind a 401/403/404 are not sent: the answer would be the same
                    raise LLMFatalError(self.fatal)
                await self.limiter.wait()
                return await self._send_with_fallback(request, schema, stage, max_tokens)
        finally:
            self.reserved -= estimate

    def _reserve(self, request: ChatRequest, max_tokens: int) -> int:
        """Refuse a request that could take the run past its token budget."""
        estimate = sum(len(str(m.get("content", ""))) for m in request.messages) // 3 + max_tokens
        limit = self.settings.max_tokens_per_run
        if limit is not None and self.usage.total_tokens + self.reserved + estimate > limit:
            raise BudgetExceeded(
                f"token budget reached: {self.usage.total_tokens} spent, next {request.stage} request needs "
                f"up to {estimate}, limit {limit} (raise --max-tokens-per-run); no brief was written"
            )
        self.reserved += estimate
        return estimate

    async def _send_with_fallback(self, request: ChatRequest, schema: dict, stage: StageUsage, max_tokens: int):
        """Try the current response format; step down json_schema → json_object → text on a 400/422."""
        while True:
            mode = self.mode
            try:
                # The SDK's plain post() with the answer as parsed JSON: create()'s typed request transform and
                # ChatCompletion model cost some 2 ms of CPU per request (profiled), serialized in the event loop.
                completion = await self.sdk.post("/chat/completions", cast_to=object, body={
                    "model": self.settings.model, "messages": request.messages, "temperature": 0,
                    "max_tokens": max_tokens, **self._format_args(schema, mode),
                })
            except json.JSONDecodeError as exc:  # a 200 whose body was cut off or is not JSON at all
                stage.calls += 1
                raise TransientAnswer(f"answer body is not valid JSON: {exc}") from exc
            except openai.APIStatusError as exc:
                stage.calls += 1
                if not _refuses_format(exc, mode):
                    if exc.status_code in (401, 403, 404):
                        self.fatal = self._redacted(fatal_message(exc, self.settings))
                        raise LLMFatalError(self.fatal) from exc
                    raise
                if mode == FORMAT_MODES[-1]:
                    self.fatal = self._redacted(fatal_message(exc, self.settings))
                    raise LLMFatalError(self.fatal) from exc
                if self.mode == mode:  # concurrent requests may have stepped down already
                    self.mode = FORMAT_MODES[FORMAT_MODES.index(mode) + 1]
                continue
            stage.calls += 1
            self._count(completion, stage)
            return completion

    @staticmethod
    def _format_args(schema: dict, mode: str) -> dict:
        """The response_format for a mode."""
        if mode == "json_schema":
            return {"response_format": {"type": "json_schema",
                                        "json_schema": {"name": "answer", "schema": schema, "strict": False}}}
        if mode == "json_object":
            # llama.cpp turns "schema" into a grammar; servers that do not know it ignore it.
            return {"response_format": {"type": "json_object", "schema": schema}}
        return {}

    @staticmethod
    def _count(completion: object, stage: StageUsage) -> None:
        """Add the tokens the server reports."""
        usage = completion.get("usage") if isinstance(completion, dict) else None
        if isinstance(usage, dict):
            stage.prompt_tokens += _count_of(usage.get("prompt_tokens"))
            stage.completion_tokens += _count_of(usage.get("completion_tokens"))


def answer_of(completion: object) -> tuple[str, str | None]:
    """The answer text and finish reason of a chat.completion body ("" when it holds no answer)."""
    try:
        choice = completion["choices"][0]  # a body that is not JSON arrives as a bare string
        content = choice["message"]["content"]
        return (content if isinstance(content, str) else ""), choice.get("finish_reason")
    except (TypeError, KeyError, IndexError, AttributeError):
        return "", None


def _count_of(value: object) -> int:
    """A token count as reported, 0 when the server sent none or nonsense."""
    return value if type(value) is int else 0
