"""A fault-injecting HTTP proxy on 127.0.0.1 in front of an OpenAI-compatible server (tests only).

Point the client's base URL at `FaultProxy.base_url`. Each POST is forwarded to the upstream server,
or, for a share `rate` of them, answered with a fault instead (the upstream never sees those): 429
with Retry-After (0 or 1 s), 500, 503 (Retry-After too), a connection reset, a response held past
the client's timeout, a JSON body cut in half, a non-JSON body, a completion with empty `choices`,
or one whose answer ignores the schema.

Whether a request faults is decided by a generator seeded with (seed, request body, how often that
body was seen), so a run's faults do not depend on the order concurrent requests arrive in; which
fault comes next rotates through `kinds`, so every kind occurs once enough faults are drawn. A request
is never failed more than `max_streak` times in a row: whether the run completes depends on the retry
policy (attempts >= max_streak + 1), not on luck. `min_faults` fails the first requests whatever the
draw, so that a short run (a few requests to a slow local model) meets faults too.
"""

from __future__ import annotations

import hashlib
import json
import random
import socket
import struct
import time
import urllib.error
import urllib.request
from collections import Counter
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

from fake_openai import LoopbackServer

KINDS = ("429", "500", "503", "reset", "timeout", "truncated", "not_json", "no_choices", "off_schema")


class FaultProxy(LoopbackServer):
    """The proxy; use as a context manager. `injected` counts the faults served, by kind."""

    def __init__(self, upstream: str, rate: float = 0.3, seed: int = 7, hold: float = 2.0, max_streak: int = 3,
                 kinds: tuple[str, ...] = KINDS, upstream_timeout: float = 900.0, min_faults: int = 0) -> None:
        parts = urlsplit(upstream)  # e.g. http://127.0.0.1:8080/v1
        self.origin, self.prefix = f"{parts.scheme}://{parts.netloc}", parts.path.rstrip("/")
        self.rate, self.seed, self.hold, self.max_streak = rate, seed, hold, max_streak
        self.min_faults = min_faults
        self.kinds = kinds
        self.upstream_timeout = upstream_timeout
        self.seen: Counter[str] = Counter()  # request body digest → times received
        self.streak: Counter[str] = Counter()  # request body digest → faults in a row
        self.injected: Counter[str] = Counter()
        self.log: list[tuple[str, str | None]] = []  # (stage or path, fault kind or None) per POST
        self.headers: list[dict] = []  # request headers as received, lower-case names
        self.turn = 0
        super().__init__(self._handler())

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:PORT/v1, the path the upstream serves under."""
        return f"http://127.0.0.1:{self.port}{self.prefix}"

    @property
    def requests(self) -> int:
        """POSTs received."""
        return len(self.log)

    @property
    def faults(self) -> int:
        """Faults served."""
        return sum(self.injected.values())

    def decide(self, body: bytes) -> str | None:
        """The fault for this request, or None to pass it through."""
        digest = hashlib.sha256(body).hexdigest()
        with self.lock:
            nth = self.seen[digest]
            self.seen[digest] += 1
            draw = random.Random(f"{self.seed}:{digest}:{nth}").random()
            if self.turn < self.min_faults:
                draw = 0.0
            if draw >= self.rate or self.streak[digest] >= self.max_streak:
                self.streak[digest] = 0
                return None
            self.streak[digest] += 1
            kind = self.kinds[self.turn % len(self.kinds)]
            self.turn += 1
            self.injected[kind] += 1
            return kind

    def forward(self, method: str, path: str, body: bytes | None, headers: dict) -> tuple[int, dict, bytes]:
        """The upstream's answer to the same request."""
        request = urllib.request.Request(self.origin + path, data=body, method=method,
                                         headers={k: v for k, v in headers.items()
                                                  if k in ("content-type", "authorization", "accept")})
        try:
            with urllib.request.urlopen(request, timeout=self.upstream_timeout) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), exc.read()

    def _handler(self):
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:
                status, headers, data = proxy.forward("GET", self.path, None, self._headers())
                self._send(status, data, headers.get("Content-Type", "application/json"))

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                headers = self._headers()
                with proxy.lock:
                    proxy.headers.append(headers)
                kind = proxy.decide(body)
                with proxy.lock:
                    proxy.log.append((_stage(body), kind))
                if kind is not None:
                    self._fail(kind)  # the upstream never sees a faulted request: a slow model costs no extra time
                    return
                status, up_headers, data = proxy.forward("POST", self.path, body, headers)
                self._send(status, data, up_headers.get("Content-Type", "application/json"))

            def _headers(self) -> dict:
                return {k.lower(): v for k, v in self.headers.items()}

            def _fail(self, kind: str) -> None:
                if kind == "reset":  # RST instead of an answer
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.close_connection = True
                    self.connection.close()
                    return
                if kind == "timeout":  # say nothing until the client has given up
                    time.sleep(proxy.hold)
                    self.close_connection = True
                    return
                if kind in ("429", "500", "503"):
                    retry_after = {"Retry-After": str(proxy.turn % 2)} if kind != "500" else {}
                    body = json.dumps({"error": {"message": f"injected {kind}", "type": "fault", "code": int(kind)}})
                    self._send(int(kind), body.encode(), "application/json", retry_after)
                    return
                content_type = "text/html" if kind == "not_json" else "application/json"
                self._send(200, _useless_answer(kind), content_type)

            def _send(self, status: int, data: bytes, content_type: str, extra: dict | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                for key, value in (extra or {}).items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up

        return Handler


def _stage(body: bytes) -> str:
    """map, reduce, repair or judge, read off the system prompt (for the log)."""
    try:
        system = json.loads(body)["messages"][0]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        return "?"
    for marker, stage in (("You extract facts", "map"), ("You correct one sentence", "repair"),
                          ("situation brief", "reduce")):
        if marker in system:
            return stage
    return "other"


def _useless_answer(kind: str) -> bytes:
    """A 200 body that carries no usable answer, in the way `kind` names."""
    if kind == "not_json":
        return b"<html><body><h1>502 Bad Gateway</h1></body></html>"
    message = {"role": "assistant", "content": json.dumps({"summary": "The article reports a conflict."})}
    completion = {"id": "chatcmpl-fault", "object": "chat.completion", "created": 0, "model": "fault",
                  "choices": [] if kind == "no_choices" else [{"index": 0, "message": message, "finish_reason": "stop"}],
                  "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}}
    data = json.dumps(completion).encode()
    return data[: len(data) // 2] if kind == "truncated" else data
