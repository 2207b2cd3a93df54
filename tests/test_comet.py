"""The optional COMET backend.

The first tests need no unbabel-comet. The last ones build a tiny COMET checkpoint offline (a
2-layer XLM-R encoder with random weights and a tokenizer trained here) and score with it; they
need the [comet] extra (unbabel-comet pins numpy<2, so it usually lives in its own environment:
``python -m venv .venv-comet && .venv-comet/bin/pip install -e '.[comet,test]' 'setuptools<81'``).
Where it is missing they are skipped, unless MTCHECK_REQUIRE_COMET=1, which makes them fail.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

from mtcheck.metrics.comet import (
    INSTALL_HINT,
    CometMetric,
    CometScorer,
    is_non_commercial,
    read_licence,
    resolve_checkpoint,
)
from mtcheck.model import AlignedPair, Article, InputError, Report, Sentence
from mtcheck.run import Run


def test_published_licences_and_the_non_commercial_flag():
    assert read_licence("Unbabel/wmt22-comet-da") == "Apache-2.0"
    assert is_non_commercial(read_licence("Unbabel/wmt22-cometkiwi-da"))
    assert is_non_commercial(read_licence("Unbabel/XCOMET-XL"))
    assert not is_non_commercial(read_licence("Unbabel/wmt22-comet-da"))
    assert read_licence("someone/unknown-model") is None


def test_local_checkpoint_directory_and_its_model_card(tmp_path):
    (tmp_path / "checkpoints").mkdir()
    (tmp_path / "checkpoints" / "model.ckpt").write_bytes(b"")
    (tmp_path / "README.md").write_text("---\nlicense: cc-by-nc-sa-4.0\n---\n# a model\n", encoding="utf-8")
    checkpoint = resolve_checkpoint(str(tmp_path))
    assert checkpoint == tmp_path / "checkpoints" / "model.ckpt"
    assert read_licence(str(tmp_path), checkpoint) == "CC-BY-NC-SA-4.0"
    with pytest.raises(InputError, match="no checkpoints/model.ckpt"):
        resolve_checkpoint(str(tmp_path / "checkpoints"))
    with pytest.raises(InputError, match="no such COMET checkpoint"):
        resolve_checkpoint(str(tmp_path / "missing"))


def test_missing_unbabel_comet_is_a_one_line_input_error(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "comet", None)  # as if the [comet] extra were not installed
    with pytest.raises(InputError, match="pip install 'mtcheck\\[comet\\]'") as error:
        CometScorer("Unbabel/wmt22-cometkiwi-da").load()
    assert str(error.value) == INSTALL_HINT


def test_report_without_source_is_skipped_with_a_warning():
    target = Article("target", "Ein Satz.", "de", sentences=[Sentence(0, 0, 9, "Ein Satz.", 0, "paragraph")])
    report = Report(target=target, pairs=[AlignedPair(0, target_ids=(0,))])
    assert CometMetric(CometScorer("Unbabel/wmt22-cometkiwi-da")).score(Run(report)) is None
    assert "needs the source" in report.warnings[0]


# --- with unbabel-comet: a tiny checkpoint built offline ------------------------------------------

HAS_COMET = importlib.util.find_spec("comet") is not None
# unbabel-comet pins numpy<2 and an older transformers, so it lives in its own environment: .ci/run
# deselects these tests (marker "comet") in the main one and runs them in .venv-comet with
# MTCHECK_REQUIRE_COMET=1, where a missing package makes them fail instead of skip.
_skip_without_comet = pytest.mark.skipif(
    not HAS_COMET and os.environ.get("MTCHECK_REQUIRE_COMET") != "1",
    reason="unbabel-comet not installed ([comet] extra)",
)


def needs_comet(test):
    return pytest.mark.comet(_skip_without_comet(test))


TEXTS = [
    "Police arrested 15 people after the protest.",
    "Die Polizei nahm nach dem Protest 15 Menschen fest.",
    "The mayor said the city would pay.",
    "Der Bürgermeister sagte, die Stadt werde zahlen.",
]


def build_tiny_checkpoint(root: Path, class_identifier: str, licence: str) -> Path:
    """A COMET model directory (checkpoints/model.ckpt, hparams.yaml, README.md) whose encoder is a
    2-layer XLM-R with random weights and a 60-piece unigram tokenizer trained on TEXTS."""
    import pytorch_lightning as ptl
    import yaml
    from comet.models import str2model
    from tokenizers import SentencePieceUnigramTokenizer
    from transformers import XLMRobertaConfig, XLMRobertaModel, XLMRobertaTokenizerFast

    encoder = root / "encoder"
    if not encoder.is_dir():
        encoder.mkdir(parents=True)
        specials = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]
        raw = SentencePieceUnigramTokenizer()
        raw.train_from_iterator(TEXTS * 20, vocab_size=60, special_tokens=specials, unk_token="<unk>")
        raw.save(str(root / "tokenizer.json"))
        tokenizer = XLMRobertaTokenizerFast(
            tokenizer_file=str(root / "tokenizer.json"),
            bos_token="<s>",
            eos_token="</s>",
            sep_token="</s>",
            cls_token="<s>",
            unk_token="<unk>",
            pad_token="<pad>",
            mask_token="<mask>",
        )
        tokenizer.save_pretrained(encoder)
        config = XLMRobertaConfig(
            vocab_size=len(tokenizer),
            hidden_size=32,
            num_hidden_layers=2,
            num_attention_heads=2,
            intermediate_size=64,
            max_position_embeddings=130,
        )
        XLMRobertaModel(config).save_pretrained(encoder)
    model = str2model[class_identifier](
        pretrained_model=str(encoder),
        encoder_model="XLM-RoBERTa",
        layer="mix",
        hidden_sizes=[16],
        load_pretrained_weights=True,
        local_files_only=True,
    )
    folder = root / class_identifier
    (folder / "checkpoints").mkdir(parents=True)
    trainer = ptl.Trainer(accelerator="cpu", devices=1, logger=False, enable_checkpointing=False)
    trainer.strategy.connect(model)
    trainer.save_checkpoint(folder / "checkpoints" / "model.ckpt")
    hparams = {**dict(model.hparams), "class_identifier": class_identifier}
    (folder / "hparams.yaml").write_text(yaml.safe_dump(hparams), encoding="utf-8")
    (folder / "README.md").write_text(f"---\nlicense: {licence}\n---\n", encoding="utf-8")
    return folder


def _report() -> Report:
    def article(side, text, language):
        sentence = Sentence(0, 0, len(text), text, 0, "paragraph")
        return Article(side, text, language, sentences=[sentence])

    return Report(
        target=article("target", TEXTS[1], "de"),
        source=article("source", TEXTS[0], "en"),
        reference=article("reference", "Die Polizei verhaftete nach dem Protest 15 Menschen.", "de"),
        pairs=[AlignedPair(0, source_ids=(0,), target_ids=(0,), reference_ids=(0,), kind="1-1")],
    )


@needs_comet
def test_tiny_reference_free_checkpoint_scores_offline(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    folder = build_tiny_checkpoint(tmp_path, "referenceless_regression_metric", "cc-by-nc-sa-4.0")
    scorer = CometScorer(str(folder))
    output = scorer.score([TEXTS[0], TEXTS[2]], [TEXTS[1], TEXTS[3]])
    assert len(output.scores) == 2 and all(isinstance(s, float) for s in output.scores)
    assert scorer.reference_free
    report = _report()
    score = CometMetric(scorer).score(Run(report))
    assert "comet" in report.pairs[0].scores
    assert score is not None and "licence:CC-BY-NC-SA-4.0(non-commercial)" in str(score.signature)
    assert any("non-commercial" in w for w in report.warnings)


@needs_comet
def test_tiny_reference_based_checkpoint_uses_the_reference(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    folder = build_tiny_checkpoint(tmp_path, "regression_metric", "apache-2.0")
    scorer = CometScorer(str(folder))
    report = _report()
    CometMetric(scorer).score(Run(report))
    assert not scorer.reference_free and "comet" in report.pairs[0].scores
    assert not any("non-commercial" in w for w in report.warnings)
    with pytest.raises(InputError, match="needs a human reference"):
        scorer.score([TEXTS[0]], [TEXTS[1]])
