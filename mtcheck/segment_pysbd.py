r"""pysbd's segmenter, with its sentences located by ``str.find`` instead of a regex per sentence.

pysbd (``clean=False``) maps the sentences it found back to the text with
``re.finditer(re.escape(sentence) + r"\s*", text)`` for every sentence. Each is a new pattern, and
Python keeps only 512 compiled ones, so on a long article compiling them was a third of the time
spent in pysbd. :func:`locate_sentences` gives the same spans without a regex.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


def locate_sentences(text: str, sentences: list[str]) -> list[tuple[int, int]]:
    r"""Where pysbd's ``sentences_with_char_spans`` puts each non-empty sentence: its first
    occurrence, with the whitespace after it, that ends after the previous sentence's span; a
    sentence not found is left out. The same matches as ``re.finditer(re.escape(sentence) + r"\s*",
    text)``: occurrences do not overlap, and ``\s`` on text is ``str.isspace``."""
    spans: list[tuple[int, int]] = []
    prior_end = 0
    for sentence in sentences:
        position = 0
        while (found := text.find(sentence, position)) >= 0:
            end = found + len(sentence)
            while end < len(text) and text[end].isspace():
                end += 1
            if end > prior_end:
                spans.append((found, end))
                prior_end = end
                break
            position = end
    return spans


@lru_cache(maxsize=8)
def pysbd_segmenter(language: str) -> Any:
    """A pysbd segmenter for ``language`` (one pysbd knows), without cleaning, built once."""
    import pysbd
    from pysbd.utils import TextSpan

    class Segmenter(pysbd.Segmenter):
        def sentences_with_char_spans(self, sentences: list[str]) -> list[TextSpan]:
            if not all(sentences):  # an empty sentence: pysbd's own regex semantics, exactly
                return super().sentences_with_char_spans(sentences)
            spans = locate_sentences(self.original_text, sentences)
            return [TextSpan(self.original_text[start:end], start, end) for start, end in spans]

    return Segmenter(language=language, clean=False)
