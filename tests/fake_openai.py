"""A scripted OpenAI-compatible HTTP server on 127.0.0.1 for tests (real sockets, real SDK).

`enqueue()` queues exact responses (status, body, headers, delay, dropped connection) that are
served first, in order; when the queue is empty, `responder(request) -> Step` answers. Every
request is kept in `history`. `scripted_model` is a deterministic stand-in for an LLM that
answers the map, reduce and repair prompts correctly, quoting the source verbatim.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable


@dataclass
class Step:
    """One scripted HTTP answer."""

    status: int = 200
    body: object = None  # dict → JSON; str → sent as is
    headers: dict = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False  # close the connection without answering


def completion(content: str, finish_reason: str = "stop", prompt_tokens: int = 0, completion_tokens: int = 0) -> dict:
    """A chat.completion body."""
    return {
        "id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": "fake-model",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": finish_reason}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    }


def ok(content: str, request: dict | None = None) -> Step:
    """A 200 answer with token counts derived from the words exchanged."""
    prompt = sum(len(str(m.get("content", "")).split()) for m in (request or {}).get("messages", []))
    return Step(body=completion(content, prompt_tokens=prompt, completion_tokens=len(content.split())))


def error(status: int, message: str = "error", headers: dict | None = None) -> Step:
    """An OpenAI-style error answer."""
    return Step(status=status, body={"error": {"message": message, "type": "fake", "code": status}},
                headers=headers or {})


class LoopbackServer:
    """A threaded HTTP server on a free 127.0.0.1 port, serving while used as a context manager."""

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False  # a deliberately held response must not hold up shutdown
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    @property
    def port(self) -> int:
        """The port the server listens on."""
        return self.server.server_address[1]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


class FakeOpenAI(LoopbackServer):
    """The server; use as a context manager, `base_url` is ready for the openai SDK."""

    def __init__(self, responder: Callable[[dict], Step] | None = None, reject_json_schema: bool = False):
        self.responder = responder or scripted_model
        self.reject_json_schema = reject_json_schema
        self.queue: deque[Step] = deque()
        self.history: list[dict] = []
        self.headers: list[dict] = []
        super().__init__(self._handler())

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:PORT/v1"""
        return f"http://127.0.0.1:{self.port}/v1"

    def enqueue(self, *steps: Step) -> None:
        """Serve these answers next, in order."""
        with self.lock:
            self.queue.extend(steps)

    def _next(self, request: dict) -> Step:
        """Queued step first, then the json_schema refusal, then the responder."""
        with self.lock:
            self.history.append(request)
            if self.queue:
                return self.queue.popleft()
        fmt = (request.get("response_format") or {}).get("type")
        if self.reject_json_schema and fmt == "json_schema":
            return error(400, "response_format json_schema is not supported")
        return self.responder(request)

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            # Keep-alive, as real servers do: a new connection (and server thread) per request would be the
            # test server's cost, and keep-alive is what exposes clients that reuse connections across loops.
            # No Nagle: the body must not wait for the ACK of the header segment (40 ms delayed ACK).
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:
                self._send(Step(body={"object": "list", "data": [{"id": "fake-model", "object": "model"}]}))

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                request = json.loads(self.rfile.read(length) or b"{}")
                with fake.lock:
                    fake.headers.append({k.lower(): v for k, v in self.headers.items()})
                self._send(fake._next(request))

            def _send(self, step: Step) -> None:
                if step.delay:
                    time.sleep(step.delay)
                if step.drop:
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                body = step.body if isinstance(step.body, str) else json.dumps(step.body)
                data = body.encode()
                self.send_response(step.status)
                self.send_header("content-type", step.headers.pop("content-type", "application/json"))
                for key, value in step.headers.items():
                    self.send_header(key, value)
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test)

        return Handler


# ---- a deterministic model that answers the three prompts correctly ----

_SOURCE = re.compile(r'(?s)<<<SOURCE article="[^"]*">>>\n(.*?)\n<<<END SOURCE>>>')
_FACT_LINE = re.compile(r"^(F\d+) (.*)$", re.M)
_REPAIR_FACT = re.compile(r"^(F\d+) · (.*?) · «(.*)»$", re.M)


def stage_of(request: dict) -> str:
    """Which prompt a request carries: map, reduce, repair or judge."""
    system = request["messages"][0]["content"]
    if "You extract facts" in system:
        return "map"
    if "You correct one sentence" in system:
        return "repair"
    if "You check one sentence" in system:
        return "judge"
    return "reduce"


def sentences_of(text: str) -> list[str]:
    """Crude sentence split good enough for the scripted model."""
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"\u201c])", text) if len(s.split()) >= 6]


def map_answer(request: dict, per_part: int = 2, part_words: int = 250) -> dict:
    """Facts = the first sentences of every `part_words` words of the passage, quoted verbatim."""
    text = _SOURCE.search(request["messages"][1]["content"]).group(1)
    facts, words, taken = [], 0, {}
    for s in sentences_of(text):
        part = words // part_words
        words += len(s.split())
        if taken.get(part, 0) < per_part and s.count('"') % 2 == 0 and s.count("\u201c") == s.count("\u201d"):
            taken[part] = taken.get(part, 0) + 1
            facts.append({"fact": s, "quote": s})
    return {"facts": facts}


def reduce_answer(request: dict) -> dict:
    """Sentences = every n-th fact's text; the first four form the bottom line."""
    facts = _FACT_LINE.findall(request["messages"][1]["content"])
    n = min(14, len(facts))  # spread the picks over all articles, as an editor would
    spread = [facts[(i * len(facts)) // n] for i in range(n)]
    sentences = [{"text": fact, "facts": [fid]} for fid, fact in spread]
    return {"sections": [{"key": "bluf", "sentences": sentences[:4]},
                         {"key": "developments", "sentences": sentences[4:14]}]}


def repair_answer(request: dict) -> dict:
    """The repaired sentence is the first offered fact's quote."""
    fid, _, quote = _REPAIR_FACT.findall(request["messages"][1]["content"])[0]
    return {"text": quote, "facts": [fid]}


def judge_answer(_request: dict) -> dict:
    """The scripted judge confirms every sentence it is asked about."""
    return {"supported": True, "reason": ""}


def scripted_model(request: dict) -> Step:
    """Correct answers to every prompt, as JSON text."""
    stage = stage_of(request)
    answer = {"map": map_answer, "reduce": reduce_answer, "repair": repair_answer, "judge": judge_answer}[stage](request)
    return ok(json.dumps(answer, ensure_ascii=False), request)


def answer_with(stage_answers: dict[str, Callable[[dict], dict]]) -> Callable[[dict], Step]:
    """A responder that overrides some stages' answers (as JSON objects) and scripts the rest."""
    def responder(request: dict) -> Step:
        stage = stage_of(request)
        if stage in stage_answers:
            return ok(json.dumps(stage_answers[stage](request), ensure_ascii=False), request)
        return scripted_model(request)
    return responder
