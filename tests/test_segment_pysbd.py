"""pysbd's sentences are located with str.find instead of a regex per sentence: the same spans as
pysbd's own ``sentences_with_char_spans``, and the same segmentation."""

import random
from pathlib import Path

import pysbd
import pytest

from mtcheck.segment_pysbd import locate_sentences, pysbd_segmenter

CORPORA = Path(__file__).resolve().parent.parent / "corpora"


def pysbd_spans(text: str, sentences: list[str]) -> list[tuple[int, int]]:
    original = pysbd.Segmenter(language="de", clean=False)
    original.original_text = text
    return [(span.start, span.end) for span in original.sentences_with_char_spans(sentences)]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Er kam. Er kam. Er kam.", ["Er kam.", "Er kam.", "Er kam."]),  # the same sentence again
        ("A b.\u00a0\u2009 C d.\n\n\x1cE f.  ", ["A b.", "C d.", "E f."]),  # Unicode and control spaces
        ("Ein Satz. Noch einer.", ["Ein Satz.", "Ein geänderter Satz.", "Noch einer."]),  # not found
        ("aa aa aa", ["aa", "a", "aa", "aa"]),  # overlapping occurrences
        ("x.   ", ["x.", "x."]),  # the second ends where the first did: left out
        ("", ["a"]),
    ],
)
def test_same_spans_as_pysbd(text: str, sentences: list[str]) -> None:
    assert locate_sentences(text, sentences) == pysbd_spans(text, sentences)


def test_same_spans_as_pysbd_on_random_text() -> None:
    rng = random.Random(16)
    alphabet = ["a", "b", ".", " ", " ", "\n", "\u00a0", "\u2009", "\x1c", "ä", "(", "?"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        sentences = []
        for _ in range(rng.randint(0, 6)):
            if text and rng.random() < 0.8:
                start = rng.randrange(len(text))
                sentence = text[start : start + rng.randint(1, 8)]
            else:
                sentence = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4)))
            sentences.append(sentence)
        assert locate_sentences(text, sentences) == pysbd_spans(text, sentences), (text, sentences)


@pytest.mark.parametrize("language", ["de", "en"])
def test_same_segmentation_as_pysbd(language: str) -> None:
    ours, theirs = pysbd_segmenter(language), pysbd.Segmenter(language=language, clean=False)
    suffix = "de.txt" if language == "de" else "en.txt"
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPORA.glob(f"*/*.{suffix}"))]
    assert texts
    for text in texts:
        for paragraph in text.split("\n\n"):
            assert ours.segment(paragraph) == theirs.segment(paragraph)
    assert ours.segment("") == []
