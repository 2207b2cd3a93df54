"""MetricX-24 on a tiny checkpoint built here: the mT5 architecture of the real models (gated-GELU
encoder-decoder, untied embeddings, the 250,112-entry vocabulary whose id 250089 is the regression
output) with 2 encoder layers, 1 decoder layer, width 16 and random weights, and a sentencepiece
tokenizer trained on a few sentences instead of mT5's 250k-piece one. The scores mean nothing; the
tests check the input format, the computation against google-research/metricx's MT5ForRegression, the
clipping, QE against reference mode, the signature and the licence."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from report_helpers import make_article

from mtcheck.config import Settings
from mtcheck.metrics.metricx import (
    MAX_SCORE,
    SCORE_TOKEN_ID,
    MetricXMetric,
    MetricXScorer,
    metricx_input,
)
from mtcheck.model import AlignedPair, InputError, Report
from mtcheck.run import Run

pytestmark = pytest.mark.mt
pytest.importorskip("transformers")

SENTENCES = [
    "source: The police arrested 15 people. candidate: Die Polizei nahm 15 Menschen fest.",
    "reference: Die Polizei verhaftete 15 Personen.",
    "The mayor said the city would pay. Der Bürgermeister sagte, die Stadt werde zahlen.",
]


def build_tiny_metricx(folder: Path) -> Path:
    """Saved the way the released checkpoints are: shared, encoder, decoder and an untied lm_head in
    model.safetensors, and a config.json with tie_word_embeddings false."""
    import sentencepiece
    import torch
    from safetensors.torch import save_file
    from transformers import MT5Config, MT5Model

    folder.mkdir(parents=True, exist_ok=True)
    model_file = io.BytesIO()
    # mT5's special ids: <pad> 0, </s> 1, <unk> 2
    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter(SENTENCES * 10), model_writer=model_file, vocab_size=80,
        hard_vocab_limit=False, model_type="unigram", character_coverage=1.0,
        pad_id=0, eos_id=1, unk_id=2, bos_id=-1, minloglevel=2,
    )  # fmt: skip
    (folder / "spiece.model").write_bytes(model_file.getvalue())
    # as the mT5 tokenizers on the hub ship it: spiece.model and a config naming the class
    tokenizer_config = {"tokenizer_class": "T5Tokenizer", "extra_ids": 0}
    (folder / "tokenizer_config.json").write_text(json.dumps(tokenizer_config))
    config = MT5Config(
        vocab_size=250112, d_model=16, d_kv=8, d_ff=32, num_layers=2, num_decoder_layers=1, num_heads=2,
        feed_forward_proj="gated-gelu", decoder_start_token_id=0, pad_token_id=0, eos_token_id=1,
    )  # fmt: skip
    torch.manual_seed(13)
    body = MT5Model(config)
    state = {k: v.contiguous() for k, v in body.state_dict().items() if not k.endswith("embed_tokens.weight")}
    state["lm_head.weight"] = torch.randn(config.vocab_size, config.d_model) * 0.3  # its own, untied
    save_file(state, str(folder / "model.safetensors"), metadata={"format": "pt"})
    config.save_pretrained(folder)
    raw = json.loads((folder / "config.json").read_text())
    raw.update(tie_word_embeddings=False, architectures=["MT5ForRegression"])
    (folder / "config.json").write_text(json.dumps(raw, indent=2))
    (folder / "README.md").write_text("---\nlicense: apache-2.0\n---\n# tiny MetricX-24 test model\n")
    return folder


@pytest.fixture(scope="module")
def tiny_metricx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_metricx(tmp_path_factory.mktemp("metricx"))


def test_input_format_of_metricx_24():
    assert metricx_input("A.", "B.", "C.") == "source: A. candidate: B. reference: C."
    assert metricx_input("A.", "B.", None) == "source: A. candidate: B."  # QE: no reference part


def test_the_final_end_of_sentence_token_is_removed(tiny_metricx):
    scorer = MetricXScorer(str(tiny_metricx))
    batch = scorer.encode(["source: a candidate: b", "source: a longer text candidate: b"])
    ids, mask = batch["input_ids"], batch["attention_mask"]
    for row, row_mask in zip(ids.tolist(), mask.tolist(), strict=True):
        real = row[: sum(row_mask)]
        assert real and real[-1] != 1  # </s> is id 1
    assert ids.shape[0] == 2 and (mask.sum(dim=1) >= 1).all()


def _reference_forward(folder: Path, batch, head_name: str = "lm_head.weight"):
    """google-research/metricx MT5ForRegression.forward on the saved weights: encoder, one decoder
    step from token 0, the head's logit of id 250089 (no rescaling: the checkpoint is untied), clipped."""
    import torch
    from safetensors.torch import load_file
    from transformers import MT5Config, MT5Model

    state = load_file(str(folder / "model.safetensors"))
    model = MT5Model(MT5Config.from_pretrained(folder))
    model.load_state_dict(state, strict=False)
    model.eval()
    encoded = model.encoder(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"])[0]
    start = torch.LongTensor([0]).repeat(batch["input_ids"].size(0)).reshape(-1, 1)
    decoded = model.decoder(
        input_ids=start, encoder_hidden_states=encoded, encoder_attention_mask=batch["attention_mask"]
    )[0]
    logits = decoded @ state[head_name].T
    return torch.clamp(logits[:, 0, SCORE_TOKEN_ID], 0, 25)


def test_scores_are_metricx_regression_outputs(tiny_metricx):
    import torch

    scorer = MetricXScorer(str(tiny_metricx), batch_size=2)
    sources = ["The police arrested 15 people.", "The mayor said the city would pay.", "Hello.", "Rain."]
    candidates = [
        "Die Polizei nahm 15 Menschen fest.",
        "Der Bürgermeister sagte, die Stadt zahle.",
        "Hallo.",
        "Es",
    ]
    output = scorer.score(sources, candidates)
    assert len(output.scores) == 4 and all(0.0 <= s <= MAX_SCORE for s in output.scores)
    texts = [metricx_input(s, c, None) for s, c in zip(sources, candidates, strict=True)]
    with torch.inference_mode():
        batch = scorer.encode(texts)
        expected = _reference_forward(tiny_metricx, batch)
        tied = _reference_forward(tiny_metricx, batch, head_name="shared.weight")
    assert output.scores == pytest.approx([float(v) for v in expected], abs=1e-4)
    assert len(set(output.scores)) > 1 and max(output.scores) > 0  # not all clipped to 0
    # the trained head, not the input embeddings transformers 5 ties MT5ForConditionalGeneration to
    assert output.scores != pytest.approx([float(v) for v in tied], abs=1e-4)
    with_reference = scorer.score(
        sources, candidates, ["Die Polizei verhaftete 15 Personen.", "Ja.", "Hallo.", "Re"]
    )
    assert with_reference.scores != output.scores  # the reference is read


def test_metric_in_the_registry_with_its_signature(tiny_metricx):
    def article(side, text, language):
        return make_article(text, side, language)

    report = Report(
        target=article("target", "Die Polizei nahm 15 Menschen fest.", "de"),
        source=article("source", "The police arrested 15 people.", "en"),
        pairs=[AlignedPair(0, source_ids=(0,), target_ids=(0,), kind="1-1")],
    )
    run = Run(report, Settings(metricx_model=str(tiny_metricx)))
    from mtcheck.metrics import active_metrics

    (metric,) = [m for m in active_metrics(run) if m.name == "metricx"]
    score = metric.score(run)
    assert score is not None and 0 <= score.value <= 25 and "metricx" in report.pairs[0].scores
    signature = str(score.signature)
    assert (
        signature.startswith("metricx-24|") and "mode:qe" in signature and "licence:apache-2.0" in signature
    )
    report.reference = article("reference", "Die Polizei verhaftete 15 Personen.", "de")
    report.pairs[0].reference_ids = (0,)
    assert "mode:ref" in str(MetricXMetric(MetricXScorer(str(tiny_metricx))).score(run).signature)


def test_a_checkpoint_without_tokenizer_or_config_is_an_input_error(tiny_metricx, tmp_path):
    bare = tmp_path / "bare"
    bare.mkdir()
    (bare / "config.json").write_text((tiny_metricx / "config.json").read_text())
    with pytest.raises(InputError, match="no mT5 tokenizer"):
        MetricXScorer(str(bare))
    assert MetricXScorer(str(bare), tokenizer=str(tiny_metricx)).tokenizer_path == tiny_metricx
    with pytest.raises(InputError, match="not a MetricX checkpoint"):
        MetricXScorer(str(tmp_path))
