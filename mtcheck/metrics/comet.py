"""COMET-class metrics (Unbabel COMET, CometKiwi, xCOMET) as an optional backend.

Install with ``pip install 'mtcheck[comet]'`` (unbabel-comet pins numpy<2 and its own
pytorch-lightning, so it may be best in its own environment). Models load from a local checkpoint
(a ``.ckpt`` file, or a directory holding ``checkpoints/model.ckpt`` and ``hparams.yaml``) or from a
Hugging Face hub id that is already in the local cache: mtcheck never downloads unless asked to
(``allow_download=True``), and loads with ``local_files_only`` and ``HF_HUB_OFFLINE=1``.

The checkpoint's encoder (``pretrained_model`` in ``hparams.yaml``, e.g. ``xlm-roberta-large``)
must be available offline too; ``encoder=`` points it at a local copy.

Licences: wmt22-comet-da is Apache-2.0; CometKiwi and xCOMET are CC-BY-NC-SA-4.0 (non-commercial).
The score signature names the licence, and the report warns when it is non-commercial.

Pipeline use: ``mtcheck check … --comet MODEL`` (or ``comet-model`` in mtcheck.toml) adds the
``comet`` metric to the registry's scores.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtcheck.metrics.base import Metric, register_metric
from mtcheck.model import InputError, Score, Signature, package_version
from mtcheck.shared import reuse

if TYPE_CHECKING:
    from mtcheck.run import Run

#: Licences of the published COMET checkpoints (from their model cards).
KNOWN_LICENCES: dict[str, str] = {
    "Unbabel/wmt22-comet-da": "Apache-2.0",
    "Unbabel/wmt22-cometkiwi-da": "CC-BY-NC-SA-4.0",
    "Unbabel/wmt23-cometkiwi-da-xl": "CC-BY-NC-SA-4.0",
    "Unbabel/wmt23-cometkiwi-da-xxl": "CC-BY-NC-SA-4.0",
    "Unbabel/XCOMET-XL": "CC-BY-NC-SA-4.0",
    "Unbabel/XCOMET-XXL": "CC-BY-NC-SA-4.0",
}
REFERENCE_FREE_CLASSES = frozenset({"referenceless_regression_metric"})
INSTALL_HINT = "COMET metrics need unbabel-comet: pip install 'mtcheck[comet]'"
_LICENCE_LINE = re.compile(r"^licen[cs]e:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


def is_non_commercial(licence: str | None) -> bool:
    return licence is not None and "-nc" in licence.lower()


def read_licence(model_id: str, checkpoint: Path | None = None) -> str | None:
    """The licence of a model: known hub ids, else the ``license:`` line of the model card
    (README.md) next to the checkpoint, else None (unknown)."""
    for known, licence in KNOWN_LICENCES.items():
        if model_id.lower().rstrip("/").endswith(known.lower()):
            return licence
    if checkpoint is not None:
        for folder in (checkpoint.parent, *checkpoint.parents[:3]):
            card = folder / "README.md"
            if card.is_file():
                match = _LICENCE_LINE.search(card.read_text(encoding="utf-8", errors="replace"))
                if match:
                    licence = match.group(1)
                    return licence.upper() if licence.lower().startswith("cc") else licence
    return None


@contextlib.contextmanager
def _offline(enabled: bool) -> Iterator[None]:
    """HF_HUB_OFFLINE / TRANSFORMERS_OFFLINE for the duration of a load, restored afterwards."""
    names = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
    saved = {name: os.environ.get(name) for name in names}
    if enabled:
        for name in names:
            os.environ[name] = "1"
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def resolve_checkpoint(model: str, allow_download: bool = False) -> Path:
    """The ``model.ckpt`` of a local checkpoint path or directory, or of a cached hub id."""
    path = Path(model).expanduser()
    if path.is_file():
        return path
    if path.is_dir():
        candidate = path / "checkpoints" / "model.ckpt"
        if candidate.is_file():
            return candidate
        raise InputError(f"{path}: no checkpoints/model.ckpt in this COMET model directory")
    if path.is_absolute() or model.startswith((".", "~")) or model.count("/") != 1:
        raise InputError(f"{model}: no such COMET checkpoint file or directory")
    comet = _import_comet()
    with _offline(not allow_download):
        try:
            return Path(comet.download_model(model, local_files_only=not allow_download))
        except (KeyError, OSError, ValueError) as error:
            raise InputError(
                f"COMET model {model!r} is not in the local Hugging Face cache and downloads are off; "
                "download it once where the network allows, or pass a local checkpoint directory"
            ) from error


def _import_comet() -> Any:
    try:
        import comet
    except ImportError as error:
        raise InputError(INSTALL_HINT) from error
    return comet


@dataclass
class CometOutput:
    scores: list[float]
    system_score: float


class CometScorer:
    """One COMET-class model, loaded lazily from a local checkpoint or cached hub id."""

    def __init__(
        self, model: str, batch_size: int = 8, allow_download: bool = False, encoder: str | None = None
    ):
        self.model_ref = model
        self.batch_size = batch_size
        self.allow_download = allow_download
        self.encoder = encoder
        self._model: Any = None
        self._checkpoint: Path | None = None

    @property
    def model_id(self) -> str:
        return self.model_ref.rstrip("/")

    @property
    def licence(self) -> str | None:
        return read_licence(self.model_id, self._checkpoint)

    def load(self) -> Any:
        if self._model is None:
            comet = _import_comet()
            self._checkpoint = resolve_checkpoint(self.model_ref, self.allow_download)
            with _offline(not self.allow_download):
                if self.encoder is None:
                    self._model = comet.load_from_checkpoint(
                        str(self._checkpoint), local_files_only=not self.allow_download
                    )
                else:  # the checkpoint's encoder from a local directory instead of its hub name
                    self._model = _load_with_encoder(self._checkpoint, self.encoder, not self.allow_download)
        return self._model

    @property
    def reference_free(self) -> bool:
        return self.load().hparams.get("class_identifier") in REFERENCE_FREE_CLASSES

    def score(
        self, sources: Sequence[str], translations: Sequence[str], references: Sequence[str] | None = None
    ) -> CometOutput:
        model = self.load()
        samples: list[dict[str, str]] = []
        for i, (src, mt) in enumerate(zip(sources, translations, strict=True)):
            sample = {"src": src, "mt": mt}
            if references is not None and not self.reference_free:
                sample["ref"] = references[i]
            samples.append(sample)
        if not samples:
            return CometOutput([], float("nan"))
        if references is None and "ref" in _required_inputs(model):
            raise InputError(f"COMET model {self.model_id} needs a human reference")
        output = model.predict(samples, batch_size=self.batch_size, gpus=0, progress_bar=False)
        return CometOutput([float(s) for s in output.scores], float(output.system_score))

    @property
    def signature(self) -> Signature:
        licence = self.licence or "unknown"
        licence += "(non-commercial)" if is_non_commercial(licence) else ""
        params = (("model", self.model_id), ("comet", package_version("unbabel-comet")), ("licence", licence))
        return Signature("comet", params)


def _required_inputs(model: Any) -> set[str]:
    return {"ref"} if model.hparams.get("class_identifier") == "regression_metric" else set()


def _load_with_encoder(checkpoint: Path, encoder: str, local_only: bool) -> Any:
    import yaml
    from comet.models import str2model

    hparams = yaml.safe_load((checkpoint.parents[1] / "hparams.yaml").read_text(encoding="utf-8"))
    model_class = str2model[hparams["class_identifier"]]
    import torch

    return model_class.load_from_checkpoint(
        checkpoint_path=checkpoint,
        map_location=torch.device("cpu"),
        strict=False,
        load_pretrained_weights=False,
        local_files_only=local_only,
        pretrained_model=encoder,
    )


class CometMetric(Metric):
    """The ``comet`` score of the metric registry: one COMET-class model, configured by the user."""

    name = "comet"

    def __init__(self, scorer: CometScorer):
        self.scorer = scorer

    @property
    def signature(self) -> Signature:
        return self.scorer.signature

    def score(self, run: Run) -> Score | None:
        """COMET scores per pair and for the document (the mean of the pairs). Uses the reference when
        the model takes one and the report has it; needs the source."""
        report, scorer = run.report, self.scorer
        if report.source is None:
            report.warnings.append(f"COMET ({scorer.model_id}) skipped: it needs the source text")
            return None
        pairs = [p for p in report.pairs if p.source_ids and p.target_ids]
        references = None
        if report.reference is not None:
            references = [report.pair_text(p, "reference") for p in pairs]
        output = scorer.score(
            [report.pair_text(p, "source") for p in pairs],
            [report.pair_text(p, "target") for p in pairs],
            references,
        )
        for pair, value in zip(pairs, output.scores, strict=True):
            pair.scores["comet"] = round(value, 4)
        if is_non_commercial(scorer.licence):
            report.warnings.append(
                f"COMET model {scorer.model_id} is licensed {scorer.licence}: non-commercial use only"
            )
        return Score("comet", round(output.system_score, 4), scorer.signature)


def _comet_metric(run: Run) -> CometMetric | None:
    settings = run.settings
    if not settings.comet_model:
        return None
    model, download = settings.comet_model, settings.allow_network
    # one scorer (one model load) for every run of a shared_models() block, e.g. both sides of compare
    return CometMetric(reuse(("comet", model, download), lambda: CometScorer(model, allow_download=download)))


def register() -> None:
    register_metric("comet", _comet_metric)
