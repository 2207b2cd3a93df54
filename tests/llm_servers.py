"""OpenAI-compatible servers for the tests.

- :func:`real_llm_server`: llama-cpp-python's server with the Gemma 3 270M GGUF from PyPI, started on
  127.0.0.1 at a free port (``MTCHECK_LLM_PYTHON`` and ``MTCHECK_LLM_MODEL``, set by ``.ci/run``'s
  llm_setup). Where they are missing the tests skip, unless ``MTCHECK_REQUIRE_LLM=1`` (CI): then fail.
- :func:`replay_server`: a stdlib server that answers with recorded response bodies, in order.
- :func:`slow_server`: a stdlib server that answers only after ``delay`` seconds (timeouts).
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

LAUNCHER = Path(__file__).with_name("llm_server_launcher.py")
FIXTURES = Path(__file__).with_name("fixtures") / "llm"
MODEL_ALIAS = "gemma-3-270m"
READY_DEADLINE_S = 180


def recorded(name: str) -> tuple[dict, bytes]:
    """A recorded request body (parsed) and the raw response bytes of ``tests/fixtures/llm/NAME``."""
    request = json.loads((FIXTURES / f"{name}.request.json").read_text(encoding="utf-8"))
    return request, (FIXTURES / f"{name}.response.json").read_bytes()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_ready(process: subprocess.Popen, base: str, log: Path) -> None:
    deadline = time.monotonic() + READY_DEADLINE_S
    while True:
        if process.poll() is not None:
            raise RuntimeError(
                f"LLM server exited with {process.returncode}:\n{log.read_text(errors='replace')[-4000:]}"
            )
        try:
            with urllib.request.urlopen(base + "/v1/models", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:  # refused until uvicorn listens, which it does once the model is loaded
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"LLM server not ready after {READY_DEADLINE_S} s:\n{log.read_text(errors='replace')[-4000:]}"
            )
        time.sleep(0.25)


@contextlib.contextmanager
def real_llm_server(log_dir: Path) -> Iterator[str]:
    """Start the real server; yield its base URL (``http://127.0.0.1:PORT/v1``); stop it."""
    python, model = os.environ.get("MTCHECK_LLM_PYTHON"), os.environ.get("MTCHECK_LLM_MODEL")
    if not (python and model and Path(python).exists() and Path(model).is_file()):
        if os.environ.get("MTCHECK_REQUIRE_LLM") == "1":
            pytest.fail("MTCHECK_LLM_PYTHON / MTCHECK_LLM_MODEL not set or missing (.ci/run's llm_setup)")
        pytest.skip("local LLM server not installed (MTCHECK_LLM_PYTHON / MTCHECK_LLM_MODEL unset)")
    port = free_port()
    log = log_dir / "llm-server.log"
    command = [
        python, str(LAUNCHER), "--model", model, "--model_alias", MODEL_ALIAS,
        "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048",
        "--n_threads", "2", "--n_threads_batch", "2", "--chat_format", "gemma3-system",
        "--logits_all", "false", "--verbose", "false",
    ]  # fmt: skip
    with log.open("wb") as handle:
        process = subprocess.Popen(
            command,
            stdout=handle,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "OMP_WAIT_POLICY": "PASSIVE"},
        )
    try:
        _wait_ready(process, f"http://127.0.0.1:{port}", log)
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:  # uvicorn waits for a generation still running
            process.kill()
            process.wait()


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


@contextlib.contextmanager
def _serving(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


def _reply(handler: http.server.BaseHTTPRequestHandler, status: int, body: bytes) -> None:
    try:
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
    except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
        pass


@contextlib.contextmanager
def replay_server(answers: list[tuple[int, bytes]]) -> Iterator[tuple[str, list[dict]]]:
    """Answer the i-th request with ``answers[i]`` (the last one repeats); yield (URL, requests seen)."""
    seen: list[dict] = []
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
            with lock:
                seen.append({"path": self.path, "headers": dict(self.headers), "body": body})
                status, reply = answers[min(len(seen), len(answers)) - 1]
            _reply(self, status, reply)

        def log_message(self, *args: object) -> None:
            pass

    with _serving(Handler) as url:
        yield url, seen


@contextlib.contextmanager
def slow_server(delay: float) -> Iterator[str]:
    """A server that answers ``{"errors": []}`` only after ``delay`` seconds (released at teardown)."""
    release = threading.Event()
    content = json.dumps({"errors": []})
    choice = {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}
    answer = json.dumps({
        "id": "slow", "object": "chat.completion", "created": 0, "model": "slow", "choices": [choice],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }).encode()  # fmt: skip

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            release.wait(delay)
            _reply(self, 200, answer)

        def log_message(self, *args: object) -> None:
            pass

    with _serving(Handler) as url:
        try:
            yield url
        finally:
            release.set()  # a request still waiting answers now, so the server stops at once
