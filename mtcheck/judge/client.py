"""A small client for OpenAI-compatible chat-completions endpoints (llama.cpp, Ollama, vLLM, hosted
APIs), shared by the LLM judge and the ``llm`` back-translation backend.

Standard library only (urllib): no SDK to install, and the request is exactly what the docs say.
Failures (timeout, refused connection, HTTP error, a body that is not a completion) raise
:class:`EndpointError` with a one-line reason; callers turn it into one warning line.
"""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from mtcheck.config import JudgeSettings
from mtcheck.model import InputError


class EndpointError(Exception):
    """The endpoint did not answer with a completion (timeout, connection, HTTP status, bad body)."""


@dataclass(frozen=True)
class Endpoint:
    url: str  # …/chat/completions
    model: str
    api_key: str | None = field(default=None, repr=False)
    timeout: float = 120.0

    @property
    def display(self) -> str:
        """The endpoint as reports show it: scheme, host, port and path; never credentials or a query."""
        parts = urlsplit(self.url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
        return f"{parts.scheme}://{host}{port}{parts.path}"

    @property
    def local(self) -> bool:
        return is_local(self.url)


def endpoint_from_settings(settings: JudgeSettings, model: str | None = None) -> Endpoint:
    """The configured endpoint; a missing url/model or an unset key variable is an input error."""
    if not settings.url:
        raise InputError(
            "the LLM endpoint has no url: set url in [judge] of mtcheck.toml or pass --judge-url"
        )
    chosen = model or settings.model
    if not chosen:
        raise InputError(
            "the LLM endpoint has no model: set model in [judge] of mtcheck.toml or pass --judge-model"
        )
    key = None
    if settings.api_key_env:
        key = os.environ.get(settings.api_key_env)
        if not key:
            raise InputError(
                f"[judge] api-key-env names {settings.api_key_env}, but that variable is not set"
            )
    url = settings.url.rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise InputError(f"[judge] url must start with http:// or https://, not {settings.url!r}")
    if not url.endswith("/chat/completions"):
        url += "/chat/completions"
    return Endpoint(url, chosen, key, settings.timeout)


@cache
def _own_addresses() -> frozenset[str]:
    """This machine's addresses (its host name resolved), for "is the endpoint on this machine?"."""
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None)
    except OSError:
        return frozenset()
    return frozenset(str(info[4][0]) for info in infos)


def is_local(url: str) -> bool:
    """True when the endpoint is on this machine: a loopback address, localhost or this host's own
    address. Anything else counts as elsewhere, so the report says that article text left the machine."""
    host = urlsplit(url).hostname or ""
    if host in ("localhost", "localhost.localdomain") or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        try:  # a host name: local only if every address it resolves to is
            resolved = {str(info[4][0]) for info in socket.getaddrinfo(host, None)}
        except OSError:
            return False
        return bool(resolved) and all(_is_own(a) for a in resolved)
    return _is_own(str(address))


def _is_own(address: str) -> bool:
    try:
        parsed = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return False
    return parsed.is_loopback or address in _own_addresses()


@dataclass(frozen=True)
class Completion:
    content: str
    finish_reason: str | None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0


def _error_reason(error: urllib.error.HTTPError) -> str:
    """HTTP status plus the server's own message, shortened to one line."""
    try:
        body = error.read().decode("utf-8", errors="replace")
        message = json.loads(body).get("error", {}).get("message", body)
    except (OSError, ValueError, AttributeError):
        message = ""
    text = " ".join(str(message).split())
    return f"HTTP {error.code}" + (f": {text[:200]}" if text else "")


def chat(endpoint: Endpoint, body: dict[str, Any]) -> Completion:
    """POST one chat-completions request (``model`` is filled in) and return the first choice."""
    payload = json.dumps({"model": endpoint.model, **body}, ensure_ascii=False).encode("utf-8")
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if endpoint.api_key:
        headers["Authorization"] = f"Bearer {endpoint.api_key}"
    request = urllib.request.Request(endpoint.url, data=payload, headers=headers, method="POST")
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=endpoint.timeout) as response:
            raw = response.read()
    except urllib.error.HTTPError as error:
        raise EndpointError(_error_reason(error)) from None
    except TimeoutError:
        raise EndpointError(f"no answer within {endpoint.timeout:g} s") from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            raise EndpointError(f"no answer within {endpoint.timeout:g} s") from None
        raise EndpointError(f"cannot connect ({reason})") from None
    except (ConnectionError, OSError) as error:
        raise EndpointError(f"connection failed ({error})") from None
    return _completion(raw, time.monotonic() - started)


def _completion(raw: bytes, seconds: float) -> Completion:
    try:
        data = json.loads(raw)
        choice = data["choices"][0]
        content = choice["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise EndpointError("the answer is not a chat completion") from None
    usage = data.get("usage") or {}
    return Completion(
        content=content if isinstance(content, str) else "",
        finish_reason=choice.get("finish_reason"),
        prompt_tokens=int(usage.get("prompt_tokens") or 0),
        completion_tokens=int(usage.get("completion_tokens") or 0),
        seconds=seconds,
    )
