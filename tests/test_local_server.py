"""The real llama.cpp server with SmolLM2-135M ([local] extra): start/stop, and `briefing run --engine local`."""

from __future__ import annotations

import json
import socket
import subprocess
import urllib.request

import pytest

from briefing.errors import ConfigError
from briefing.local_server import MODEL_FILE, free_port, llama_server, model_path
from cli_env import BRIEFING, CLEAN_ENV, ROOT

pytestmark = pytest.mark.local


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_model_ships_with_the_package():
    path = model_path()
    assert path.name == MODEL_FILE
    assert path.stat().st_size > 90_000_000


def test_server_starts_answers_and_stops():
    with llama_server() as base_url:
        port = int(base_url.split(":")[2].split("/")[0])
        with urllib.request.urlopen(f"{base_url}/models", timeout=5) as response:
            assert json.load(response)["object"] == "list"
    assert not port_open(port)


def test_a_bad_model_file_is_a_clear_error(tmp_path):
    fake = tmp_path / "broken.gguf"
    fake.write_bytes(b"not a model")
    with pytest.raises(ConfigError, match=r"llama.cpp server exited"):
        with llama_server(model=fake, startup_timeout=60):
            pass


def test_free_port_is_free():
    assert not port_open(free_port())


@pytest.fixture(scope="module")
def local_run(tmp_path_factory):
    """`briefing run --engine local` over the seed of 20 September 2023, twice (the second from the cache).

    One article keeps CI time bounded: the 135M model on 2 CPU cores writes some 30 tokens/s.
    """
    cwd = tmp_path_factory.mktemp("local")
    args = [str(BRIEFING), "run", "--engine", "local", "--input", str(ROOT / "seeds"), "--out", str(cwd / "out"),
            "--date", "2023-09-20"]
    first = subprocess.run(args, cwd=cwd, env=CLEAN_ENV, capture_output=True, text=True, timeout=1800)
    second = subprocess.run(args, cwd=cwd, env=CLEAN_ENV, capture_output=True, text=True, timeout=1800)
    return cwd, first, second


def test_local_run_completes_with_usage_and_only_verified_sentences(local_run, brief_schema):
    import jsonschema

    cwd, first, _ = local_run
    assert first.returncode == 0, first.stderr
    path = cwd / "out" / "brief-2023-09-20.json"
    brief = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(brief, brief_schema)
    assert (brief["engine"], brief["model"]) == ("llm", "SmolLM2-135M-Instruct")
    assert [a["id"] for a in brief["articles"]] == ["001_4bdb7abb272d927f"]
    # The brief on disk is the rerun's, answered from the cache: the first run's record has what it asked.
    usage = json.loads(sorted((cwd / "out" / "runs").glob("*.json"))[0].read_text(encoding="utf-8"))["usage"]
    assert usage["stages"]["map"]["calls"] >= 1  # its two chunks (285 words) make one map request
    assert usage["total"]["prompt_tokens"] > 0
    assert all(s["verdict"] == "supported" for sec in brief["sections"] for s in sec["sentences"])
    verify = subprocess.run([str(BRIEFING), "verify", str(path), "--input", str(ROOT / "seeds"), "--json"],
                            cwd=cwd, env=CLEAN_ENV, capture_output=True, text=True, timeout=120)
    assert verify.returncode == 0, verify.stdout
    assert json.loads(verify.stdout)["unsupported"] == 0


def test_local_rerun_is_served_from_the_cache(local_run):
    cwd, _, second = local_run
    assert second.returncode == 0, second.stderr
    brief = json.loads((cwd / "out" / "brief-2023-09-20.json").read_text(encoding="utf-8"))
    usage = brief["usage"]["total"]
    assert usage["cached"] > 0
    # Only requests that never got a valid answer are asked again (they are not cached).
    assert usage["calls"] == 0 or usage["failures"] > 0, usage
