"""Start llama-cpp-python's OpenAI-compatible server (0.3.36) for the tests, with two changes:

1. No KV-prefix reuse: the server otherwise evaluates only the part of a prompt that differs from the
   previous request, which changes the batch shape of the last prompt token and can flip a greedy
   choice. Reset per request, identical requests give identical answers at temperature 0 whatever came
   before, so the tests' second run and the recorded fixtures are reproducible.
2. A chat format "gemma3-system": the built-in "gemma" format drops system messages; this one puts
   them before the first user turn, as Gemma 3's own template does.

Run with the LLM environment's Python: ``python llm_server_launcher.py --model PATH --chat_format
gemma3-system --host 127.0.0.1 --port N …`` (any llama_cpp.server flag).
"""

import os
import sys

# Before libgomp loads: idle OpenMP threads otherwise spin, 5-20x slower on a busy 2-core machine.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import llama_cpp.llama as _llama  # noqa: E402
from llama_cpp import llama_chat_format as _chat_format  # noqa: E402

_generate = _llama.Llama.generate


def _generate_from_scratch(self, tokens, *args, **kwargs):
    self.reset()  # the whole prompt is evaluated again, always in the same batch shape
    return _generate(self, tokens, *args, **kwargs)


_llama.Llama.generate = _generate_from_scratch


@_chat_format.register_chat_format("gemma3-system")
def _gemma3_with_system(messages, **kwargs):
    system = "\n\n".join(
        m["content"] for m in messages if m["role"] == "system" and isinstance(m.get("content"), str)
    )
    rest = [dict(m) for m in messages if m["role"] != "system"]
    if system and rest and rest[0]["role"] == "user" and isinstance(rest[0].get("content"), str):
        rest[0]["content"] = system + "\n\n" + rest[0]["content"]
    return _chat_format.format_gemma(rest, **kwargs)


from llama_cpp.server.__main__ import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
