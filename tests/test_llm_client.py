"""The OpenAI-compatible client against a real scripted HTTP server through the real openai SDK."""

from __future__ import annotations

import asyncio
import json
import threading

import pytest
from pydantic import BaseModel, ConfigDict

from briefing.llm_client import (
    BudgetExceeded, ChatRequest, LLMFatalError, LLMSettings, LLMUnavailable, OpenAIChatClient,
    ResponseCache, TransientAnswer, parse_json_answer,
)
from fake_openai import FakeOpenAI, Step, completion, error, ok

GOOD = '{"value": "hello"}'


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: str


def make_client(fake: FakeOpenAI, cache: ResponseCache | None = None, sleeps: list | None = None, **overrides):
    """A client with fast backoff whose sleeps are recorded instead of slept."""
    recorded = sleeps if sleeps is not None else []

    async def sleep(seconds: float) -> None:
        recorded.append(seconds)

    settings = LLMSettings(base_url=fake.base_url, model="fake-model", **{"timeout": 5.0, **overrides})
    return OpenAIChatClient(settings, cache=cache, sleep=sleep)


def ask(client: OpenAIChatClient, text: str = "hi", stage: str = "map", max_tokens: int = 100) -> Answer:
    request = ChatRequest(stage, [{"role": "system", "content": "s"}, {"role": "user", "content": text}], "t/1",
                          max_tokens=max_tokens)
    return asyncio.run(client.complete_json(request, Answer))


def answer_step(request: dict) -> Step:
    return ok(GOOD, request)


@pytest.fixture
def fake():
    with FakeOpenAI(responder=answer_step) as server:
        yield server


@pytest.mark.parametrize("text", [
    GOOD,
    f"<think>Let me think {{ not json }}</think>\n{GOOD}",
    f"```json\n{GOOD}\n```",
    f"Sure! Here is the JSON:\n```\n{GOOD}\n```\nHope this helps.",
    f"<think>reasoning</think>Here you go: {GOOD} — done",
])
def test_parse_json_answer_tolerates_chatter(text):
    assert parse_json_answer(text) == {"value": "hello"}


@pytest.mark.parametrize("text", ["", "no json here", '{"value": "hel', "<think>only thinking {\"a\": 1}"])
def test_parse_json_answer_refuses_non_json(text):
    with pytest.raises(TransientAnswer):
        parse_json_answer(text)


def test_success_counts_tokens_and_sends_json_schema(fake):
    client = make_client(fake)
    assert ask(client) == Answer(value="hello")
    stage = client.usage.stages["map"]
    assert (stage.calls, stage.retries, stage.prompt_tokens, stage.completion_tokens) == (1, 0, 2, 2)
    sent = fake.history[0]
    assert sent["model"] == "fake-model"
    assert sent["temperature"] == 0
    assert sent["response_format"]["type"] == "json_schema"
    assert sent["response_format"]["json_schema"]["schema"]["properties"]["value"]["type"] == "string"


def test_429_honours_retry_after_then_succeeds(fake):
    sleeps: list[float] = []
    fake.enqueue(error(429, "slow down", headers={"retry-after": "7"}))
    client = make_client(fake, sleeps=sleeps)
    assert ask(client).value == "hello"
    assert sleeps == [7.0]
    assert client.usage.stages["map"].retries == 1
    assert len(fake.history) == 2


def test_5xx_are_retried_with_growing_backoff(fake):
    sleeps: list[float] = []
    fake.enqueue(error(500), error(503), error(502))
    client = make_client(fake, sleeps=sleeps, backoff_initial=1.0, backoff_max=30.0)
    assert ask(client).value == "hello"
    assert len(sleeps) == 3
    assert client.usage.stages["map"].retries == 3
    # exponential: base waits 1, 2, 4 plus jitter of at most 1 s each
    assert [int(s) for s in sleeps] == [1, 2, 4]


def test_gives_up_after_max_attempts(fake):
    fake.enqueue(*[error(500)] * 3)
    client = make_client(fake, max_attempts=3)
    with pytest.raises(LLMUnavailable, match="gave up after 3 attempts"):
        ask(client)
    assert client.usage.stages["map"].failures == 1
    assert len(fake.history) == 3


def test_hung_response_hits_timeout_then_retries(fake):
    fake.enqueue(Step(body=completion(GOOD), delay=3.0))
    client = make_client(fake, timeout=0.5)
    assert ask(client).value == "hello"
    assert client.usage.stages["map"].retries == 1


def test_dropped_connection_is_retried(fake):
    fake.enqueue(Step(drop=True))
    client = make_client(fake)
    assert ask(client).value == "hello"
    assert client.usage.stages["map"].retries == 1


@pytest.mark.parametrize("bad", [
    Step(body=completion('{"value": "hel', finish_reason="stop")),  # truncated JSON
    Step(body="<html>gateway error</html>", headers={"content-type": "text/html"}),  # not JSON at all
    Step(body={"id": "x", "object": "chat.completion", "created": 0, "model": "m", "choices": []}),  # no choices
    Step(body=completion('{"answer": 42}')),  # ignores the schema
    Step(body=completion("")),  # empty content
    Step(body={"choices": [{"index": 0, "message": {"role": "assistant", "content": None}, "finish_reason": "stop"}]}),
    Step(body={"choices": [{"index": 0, "message": None}]}),  # no message
    Step(body='"a bare JSON string"'),  # JSON, but no completion
    Step(body=[1, 2]),
])
def test_bad_answers_are_asked_again(fake, bad):
    fake.enqueue(bad)
    client = make_client(fake)
    assert ask(client).value == "hello"
    assert client.usage.stages["map"].retries == 1


def test_cut_off_answer_is_retried_with_more_tokens_never_half_parsed(fake):
    fake.enqueue(Step(body=completion('{"value": "hello"}', finish_reason="length")))
    client = make_client(fake)
    assert ask(client, max_tokens=100).value == "hello"
    assert [r["max_tokens"] for r in fake.history] == [100, 200]


def test_server_refusing_json_schema_falls_back_to_json_object():
    with FakeOpenAI(responder=answer_step, reject_json_schema=True) as fake:
        client = make_client(fake)
        assert ask(client).value == "hello"
        assert ask(client, text="second").value == "hello"
        kinds = [(r.get("response_format") or {}).get("type") for r in fake.history]
        assert kinds == ["json_schema", "json_object", "json_object"]
        assert client.mode == "json_object"


def test_server_refusing_every_format_falls_back_to_plain_text(fake):
    fake.enqueue(error(400, "no json_schema"), error(400, "no json_object"))
    client = make_client(fake)
    assert ask(client).value == "hello"
    assert "response_format" not in fake.history[2]
    assert client.mode == "text"


@pytest.mark.parametrize("status, message", [
    (401, "refused the API key \\(401\\): set a valid OPENAI_API_KEY"),
    (403, "denied access \\(403\\)"),
    (404, "model 'fake-model' not found at .* \\(404\\): check --model"),
])
def test_auth_and_model_errors_fail_fast(fake, status, message):
    fake.enqueue(error(status, "Incorrect API key provided: sk-secret"))
    client = make_client(fake)
    with pytest.raises(LLMFatalError, match=message) as caught:
        ask(client)
    assert len(fake.history) == 1
    assert "sk-secret" not in str(caught.value)


def test_api_key_goes_in_the_header_only(fake):
    client = OpenAIChatClient(LLMSettings(base_url=fake.base_url, model="m", api_key="sk-test-abc"))
    ask(client)
    assert fake.headers[0]["authorization"] == "Bearer sk-test-abc"
    assert "sk-test-abc" not in json.dumps(fake.history)


def test_cache_makes_reruns_free(fake, tmp_path):
    cache = ResponseCache(tmp_path / "llm.sqlite")
    first = make_client(fake, cache=cache)
    ask(first, text="same")
    second = make_client(fake, cache=ResponseCache(tmp_path / "llm.sqlite"))
    assert ask(second, text="same").value == "hello"
    assert (second.usage.calls, second.usage.stages["map"].cached, second.usage.total_tokens) == (0, 1, 0)
    ask(second, text="different")
    assert second.usage.calls == 1
    assert len(fake.history) == 2


@pytest.mark.parametrize("usage", [None, {"prompt_tokens": None, "completion_tokens": "7"}, "lots"])
def test_missing_or_odd_usage_counts_nothing(fake, usage):
    body = completion(GOOD)
    body["usage"] = usage
    fake.enqueue(Step(body=body))
    client = make_client(fake)
    assert ask(client).value == "hello"
    assert (client.usage.calls, client.usage.total_tokens) == (1, 0)


def test_one_client_serves_successive_event_loops(fake):
    # The engine drafts in one asyncio.run and --judge asks in the next, on the same client: its semaphore
    # (which had requests waiting) and kept-alive connections of the first loop must not leak into the second.
    client = make_client(fake, concurrency=1)

    async def three(tag: str, close: bool) -> list[str]:
        requests = [ChatRequest("map", [{"role": "user", "content": f"{tag} {i}"}], "t/1") for i in range(3)]
        answers = await asyncio.gather(*(client.complete_json(r, Answer) for r in requests))
        if close:
            await client.aclose()
        return [a.value for a in answers]

    for tag, close in (("draft", True), ("judge", False), ("again", False)):
        assert asyncio.run(three(tag, close)) == ["hello"] * 3
    assert [r["messages"][0]["content"] for r in fake.history] == [
        f"{tag} {i}" for tag in ("draft", "judge", "again") for i in range(3)]


def test_invalid_answers_are_never_cached(fake, tmp_path):
    cache = ResponseCache(tmp_path / "llm.sqlite")
    fake.enqueue(*[Step(body=completion('{"wrong": 1}'))] * 2)
    with pytest.raises(LLMUnavailable):
        ask(make_client(fake, cache=cache, max_attempts=2))
    assert ask(make_client(fake, cache=cache)).value == "hello"
    assert len(fake.history) == 3


def test_token_budget_stops_before_exceeding(fake):
    client = make_client(fake, max_tokens_per_run=104)
    ask(client, max_tokens=100)
    with pytest.raises(BudgetExceeded, match="token budget reached: 4 spent.*limit 104"):
        ask(client, max_tokens=100)
    assert len(fake.history) == 1


def test_concurrency_is_bounded():
    in_flight, peak = [0], [0]
    lock = threading.Lock()

    def slow(request: dict) -> Step:
        with lock:
            in_flight[0] += 1
            peak[0] = max(peak[0], in_flight[0])
        import time
        time.sleep(0.1)
        with lock:
            in_flight[0] -= 1
        return ok(GOOD, request)

    with FakeOpenAI(responder=slow) as fake:
        client = make_client(fake, concurrency=2)

        async def many():
            requests = [ChatRequest("map", [{"role": "user", "content": str(i)}], "t/1") for i in range(6)]
            return await asyncio.gather(*(client.complete_json(r, Answer) for r in requests))

        assert len(asyncio.run(many())) == 6
    assert peak[0] == 2


def test_500_naming_response_format_counts_as_a_refusal(fake):
    # llama-cpp-python answers an unknown response_format type with a 500, not a 422
    fake.enqueue(error(500, "1 validation error: ('body', 'response_format', 'type') Input should be 'text'"))
    client = make_client(fake)
    assert ask(client).value == "hello"
    assert client.mode == "json_object"
    assert client.usage.stages["map"].retries == 0
