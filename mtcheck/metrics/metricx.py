"""MetricX-24 (Google, Apache-2.0) as an optional metric: ``--metricx PATH`` (or ``metricx-model``).

MetricX-24 is an mT5 encoder-decoder fine-tuned for regression (``MT5ForRegression`` in
google-research/metricx): the input is ``"source: … candidate: … reference: …"`` (without the
reference part for quality estimation), tokenized with the mT5 tokenizer without the final ``</s>``; the
decoder runs one step from token 0 and the score is the logit of vocabulary id 250089
(``<extra_id_10>``), clipped to [0, 25]. Lower is better: it predicts an MQM-like error score. The same
hybrid checkpoint scores with a reference when the report has one, and without (QE) otherwise.

transformers' ``MT5Model`` loads the shared embedding, encoder and decoder; the regression head
(``lm_head.weight``, of which only row 250089 is used) is read from the checkpoint file itself. Not
``MT5ForConditionalGeneration``: transformers 5 forces its ``lm_head`` to be tied to the input
embeddings (and drops the rescaling), which would silently replace MetricX's trained head. The
checkpoints on the hub ship no tokenizer: put the mT5 tokenizer (``spiece.model`` of google/mt5-large,
-xl or -xxl, matching the checkpoint) in the folder, or name it with ``metricx-tokenizer``. Needs
``mtcheck[mt]`` (torch, transformers). Nothing is downloaded.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtcheck.metrics.base import Metric, register_metric
from mtcheck.model import InputError, Score, Signature, package_version
from mtcheck.shared import reuse

if TYPE_CHECKING:
    from mtcheck.run import Run

SCORE_TOKEN_ID = 250089  # <extra_id_10> in the mT5 vocabulary: the regression head's output
MAX_SCORE = 25.0
MAX_INPUT_TOKENS = 1536  # what MetricX-24 was trained with
INSTALL_HINT = "MetricX needs torch and transformers: pip install 'mtcheck[mt]'"
_LICENCE_LINE = re.compile(r"^licen[cs]e:\s*(\S+)", re.IGNORECASE | re.MULTILINE)
_TOKENIZER_FILES = ("spiece.model", "tokenizer.json")


def metricx_input(source: str, candidate: str, reference: str | None) -> str:
    """The text MetricX-24 reads (google-research/metricx, metricx24/predict.py)."""
    text = f"source: {source} candidate: {candidate}"
    return text if reference is None else f"{text} reference: {reference}"


def read_licence(folder: Path) -> str:
    """The ``license:`` line of the checkpoint's model card; MetricX-24 as released is Apache-2.0."""
    card = folder / "README.md"
    if card.is_file():
        match = _LICENCE_LINE.search(card.read_text(encoding="utf-8", errors="replace"))
        if match:
            return match.group(1)
    return "Apache-2.0 (MetricX-24 release; no model card here)"


def _tokenizer_path(model_dir: Path, tokenizer: str | None) -> Path:
    if tokenizer:
        path = Path(tokenizer).expanduser()
        if not path.exists():
            raise InputError(f"MetricX tokenizer {tokenizer} does not exist")
        return path
    if any((model_dir / name).is_file() for name in _TOKENIZER_FILES):
        return model_dir
    raise InputError(
        f"{model_dir} has no mT5 tokenizer (spiece.model): copy the one of google/mt5-large/-xl/-xxl "
        "into the folder, or set metricx-tokenizer in mtcheck.toml"
    )


def _weight_files(model_dir: Path) -> list[Path]:
    """The checkpoint's weight files (safetensors first; sharded or not)."""
    for index_name, single in (
        ("model.safetensors.index.json", "model.safetensors"),
        ("pytorch_model.bin.index.json", "pytorch_model.bin"),
    ):
        index = model_dir / index_name
        if index.is_file():
            names = sorted(set(json.loads(index.read_text(encoding="utf-8"))["weight_map"].values()))
            return [model_dir / name for name in names]
        if (model_dir / single).is_file():
            return [model_dir / single]
    return []


def read_tensor(model_dir: Path, name: str) -> Any:
    """One tensor of a checkpoint, read from whichever weight file holds it."""
    import torch

    for path in _weight_files(model_dir):
        if path.suffix == ".safetensors":
            from safetensors import safe_open

            with safe_open(str(path), framework="pt") as handle:
                if name in handle.keys():  # noqa: SIM118 - safe_open has keys(), no __contains__
                    return handle.get_tensor(name)
        else:
            state = torch.load(path, map_location="cpu", weights_only=True, mmap=True)
            if name in state:
                return state[name]
    raise InputError(f"{model_dir}: no {name} in the checkpoint: not a MetricX (MT5ForRegression) model")


@dataclass
class MetricXOutput:
    scores: list[float]


class MetricXScorer:
    """One MetricX-24 checkpoint, loaded on first use, on the CPU."""

    def __init__(self, model: str, tokenizer: str | None = None, batch_size: int = 4):
        self.model_dir = Path(model).expanduser()
        if not (self.model_dir / "config.json").is_file():
            raise InputError(f"{model}: not a MetricX checkpoint folder (no config.json)")
        self.tokenizer_path = _tokenizer_path(self.model_dir, tokenizer)
        self.batch_size = batch_size
        self._model: Any = None
        self._tokenizer: Any = None
        self._score_row: Any = None
        self._rescale = False

    @property
    def licence(self) -> str:
        return read_licence(self.model_dir)

    def load(self) -> tuple[Any, Any]:
        """(the mT5 encoder-decoder, the tokenizer); the head's score row is read beside them."""
        if self._model is None:
            try:
                from transformers import AutoTokenizer, MT5Model
                from transformers.utils import logging as hf_logging
            except ImportError as error:
                raise InputError(INSTALL_HINT) from error
            hf_logging.set_verbosity_error()  # "lm_head.weight not used": on purpose, it is read below
            self._tokenizer = AutoTokenizer.from_pretrained(str(self.tokenizer_path), local_files_only=True)
            self._model = MT5Model.from_pretrained(str(self.model_dir), local_files_only=True)
            self._model.eval()
            head = read_tensor(self.model_dir, "lm_head.weight")
            if head.shape[0] <= SCORE_TOKEN_ID:
                raise InputError(
                    f"{self.model_dir}: vocabulary too small for MetricX (needs id {SCORE_TOKEN_ID})"
                )
            self._score_row = head[SCORE_TOKEN_ID].clone()
            raw = json.loads((self.model_dir / "config.json").read_text(encoding="utf-8"))
            # MT5ForRegression rescales only for tied embeddings; the released checkpoints are untied
            self._rescale = bool(raw.get("tie_word_embeddings", True))
        return self._model, self._tokenizer

    def encode(self, texts: list[str]) -> dict[str, Any]:
        """Token ids without the final </s> (as MetricX was trained), right-padded into one batch."""
        import torch

        _, tokenizer = self.load()
        encoded = tokenizer(texts, max_length=MAX_INPUT_TOKENS, truncation=True, padding=False)
        ids = [row[:-1] if row and row[-1] == tokenizer.eos_token_id else row for row in encoded["input_ids"]]
        width = max(len(row) for row in ids)
        pad = tokenizer.pad_token_id or 0
        input_ids = torch.tensor([row + [pad] * (width - len(row)) for row in ids])
        mask = torch.tensor([[1] * len(row) + [0] * (width - len(row)) for row in ids])
        return {"input_ids": input_ids, "attention_mask": mask}

    def score(
        self, sources: list[str], candidates: list[str], references: list[str] | None = None
    ) -> MetricXOutput:
        import torch

        model, _ = self.load()
        texts = [
            metricx_input(s, c, references[i] if references is not None else None)
            for i, (s, c) in enumerate(zip(sources, candidates, strict=True))
        ]
        scores: list[float] = []
        with torch.inference_mode():
            for start in range(0, len(texts), self.batch_size):
                batch = self.encode(texts[start : start + self.batch_size])
                start_token = torch.zeros((batch["input_ids"].shape[0], 1), dtype=torch.long)
                hidden = model(**batch, decoder_input_ids=start_token).last_hidden_state[:, 0, :]
                if self._rescale:
                    hidden = hidden * model.config.d_model**-0.5
                values = torch.clamp(hidden @ self._score_row, 0.0, MAX_SCORE)  # the logit of id 250089
                scores.extend(float(v) for v in values)
        return MetricXOutput(scores)

    def signature(self, with_reference: bool) -> Signature:
        params = (
            ("model", str(self.model_dir)),
            ("mode", "ref" if with_reference else "qe"),
            ("lower", "better"),
            ("transformers", package_version("transformers")),
            ("licence", self.licence),
        )
        return Signature("metricx-24", params)


class MetricXMetric(Metric):
    """The ``metricx`` score: per pair and the document mean, 0 (no error) to 25; needs the source."""

    name = "metricx"
    requires = frozenset({"source", "target"})

    def __init__(self, scorer: MetricXScorer):
        self.scorer = scorer
        self._with_reference = False

    @property
    def signature(self) -> Signature:
        return self.scorer.signature(self._with_reference)

    def score(self, run: Run) -> Score | None:
        report = run.report
        pairs = [p for p in report.pairs if p.source_ids and p.target_ids]
        if not pairs:
            return None
        self._with_reference = report.reference is not None
        references = [report.pair_text(p, "reference") for p in pairs] if self._with_reference else None
        output = self.scorer.score(
            [report.pair_text(p, "source") for p in pairs],
            [report.pair_text(p, "target") for p in pairs],
            references,
        )
        for pair, value in zip(pairs, output.scores, strict=True):
            pair.scores[self.name] = round(value, 4)
        return Score(self.name, round(sum(output.scores) / len(output.scores), 4), self.signature)


def _metricx_metric(run: Run) -> MetricXMetric | None:
    settings = run.settings
    if not settings.metricx_model:
        return None
    model, tokenizer = settings.metricx_model, settings.metricx_tokenizer
    # one scorer (one model load) for every run of a shared_models() block, e.g. both sides of compare
    return MetricXMetric(reuse(("metricx", model, tokenizer), lambda: MetricXScorer(model, tokenizer)))


def register() -> None:
    register_metric("metricx", _metricx_metric)
