"""The ``llm`` back-translation backend: German → English through the OpenAI-compatible endpoint of
``[judge]`` (``--bt-model llm``, or ``llm:MODEL`` for another model there), sentence by sentence, each
with its neighbouring German sentences as context. Caching, batching and splitting are the engine's;
the requests of one batch run ``max-concurrency`` at a time.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor

from mtcheck.judge.client import Endpoint, chat
from mtcheck.translate.base import GenerationSettings, register_backend

#: characters of context on each side of the sentence (a long paragraph is cut)
CONTEXT_CHARS = 300
INSTRUCTION = "Translate the German sentence into English. Answer with the English translation only."
EXAMPLE = (
    "Der Zug kam um 9 Uhr an.",
    "Die Strecke war am Morgen gesperrt worden.",
    "The train arrived at 9 o'clock.",
)
PROMPT_VERSION = "bt-1-" + hashlib.sha256((INSTRUCTION + "".join(EXAMPLE)).encode()).hexdigest()[:8]


def _user(sentence: str, context: str) -> str:
    context = " ".join(context.split())[: 2 * CONTEXT_CHARS]
    lines = [INSTRUCTION]
    if context:
        lines.append(f"(Context, not to be translated: {context})")
    return "\n".join(lines) + f"\n\n{sentence}"


def translation_messages(sentence: str, context: str) -> list[dict[str, str]]:
    german, example_context, english = EXAMPLE
    return [
        {"role": "user", "content": _user(german, example_context)},
        {"role": "assistant", "content": english},
        {"role": "user", "content": _user(sentence, context)},
    ]


def first_line(content: str) -> str:
    """The translation: the answer's first non-empty line (models often run on after it)."""
    return next((line.strip() for line in content.splitlines() if line.strip()), "")


@register_backend("llm")
class LLMBackTranslator:
    backend = "llm"
    uses_context = True

    def __init__(
        self,
        model: str | None = None,
        *,
        endpoint: Endpoint,
        generation: GenerationSettings | None = None,
        concurrency: int = 1,
        seed: int = 42,
        max_input_tokens: int | None = None,
        **_ignored: object,  # the uniform factory arguments of the local backends (threads, …)
    ) -> None:
        self.endpoint = endpoint
        self.model_id = endpoint.model
        # the endpoint and the prompt are part of the cache key: another server or wording, other outputs
        self.revision = f"{endpoint.display}|{PROMPT_VERSION}|seed={seed}"
        self.generation = generation or GenerationSettings()
        self.max_input_tokens = max_input_tokens or 1000
        self.concurrency = max(1, concurrency)
        self.seed = seed
        self.characters_sent = 0  # German text in requests this run (for the privacy note)
        self.calls = 0

    def count_tokens(self, texts: list[str]) -> list[int]:
        # About 3 characters per token for German with the usual LLM vocabularies; only long-input
        # splitting reads this, and a sentence of 3,000 characters is no sentence.
        return [max(1, len(t) // 3) for t in texts]

    def _one(self, sentence: str, context: str) -> str:
        body = {
            "messages": translation_messages(sentence, context),
            "temperature": 0,
            "seed": self.seed,
            "max_tokens": self.generation.max_new_tokens(self.count_tokens([sentence])[0], 1024) + 16,
            "stop": ["\n"],
        }
        self.characters_sent += len(sentence) + len(context)
        self.calls += 1
        return first_line(chat(self.endpoint, body).content)

    def translate_batch(self, texts: list[str], contexts: list[str] | None = None) -> list[str]:
        contexts = contexts or [""] * len(texts)
        if self.concurrency == 1:
            return [self._one(t, c) for t, c in zip(texts, contexts, strict=True)]
        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            return list(pool.map(self._one, texts, contexts))
