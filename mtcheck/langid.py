"""Language identification with lingua-language-detector (models ship inside the wheel).

Two uses share one cached detector per language set:

* :func:`detect_language`: which language is a whole article in? Runs on a bounded sample
  (start, middle and end of the text) with lingua's trigram-only "low accuracy" mode, which is
  reliable on long text and loads only small models, so it costs milliseconds on any file size.
* :func:`english_probability`: how English is one sentence (English vs. German only)? Used by
  the untranslated-text check. Short text needs lingua's full n-gram models, so this detector
  knows just the two languages involved: first call ~0.3 s, then well under 1 ms a sentence.

Models are loaded lazily by lingua and shared between detectors, so building a detector is free.
"""

from __future__ import annotations

from functools import lru_cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

#: Languages an article is told apart from. Kept small: every extra language costs load time
#: and invites confusions (Dutch/Afrikaans, Ukrainian/Belarusian) that do not matter here.
DOCUMENT_LANGUAGES: tuple[str, ...] = ("en", "de", "fr", "es", "it", "nl", "pl", "ru", "uk", "pt", "tr")

#: Characters of text looked at per sample window; three windows are used.
SAMPLE_WINDOW = 1500

#: Below this many letters a document-level guess is not trusted.
MIN_LETTERS_FOR_DETECTION = 20

#: From this many characters of sample on, the trigram-only mode decides.
LOW_ACCURACY_FROM_CHARS = 120


def _lingua_language(code: str) -> Language:
    return Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))


def language_name(code: str | None) -> str:
    """The English name of a language an article is told apart from ("de" → "German"), from lingua."""
    if code is None:
        return "an unknown language"
    if code not in DOCUMENT_LANGUAGES:
        return code
    return _lingua_language(code).name.title()


@lru_cache(maxsize=8)
def get_detector(
    languages: tuple[str, ...] = DOCUMENT_LANGUAGES, low_accuracy: bool = False
) -> LanguageDetector:
    """A lingua detector for these ISO 639-1 codes, built once per process."""
    builder = LanguageDetectorBuilder.from_languages(*(_lingua_language(c) for c in languages))
    if low_accuracy:
        builder = builder.with_low_accuracy_mode()
    return builder.build()


def _sample(text: str) -> str:
    """Start, middle and end of a long text, cut at whitespace: bounded work for any size."""
    if len(text) <= 3 * SAMPLE_WINDOW:
        return text
    middle = len(text) // 2 - SAMPLE_WINDOW // 2
    windows = []
    for start in (0, middle, len(text) - SAMPLE_WINDOW):
        piece = text[start : start + SAMPLE_WINDOW]
        # drop the partial words at both cut edges
        windows.append(piece.split(None, 1)[-1].rsplit(None, 1)[0] if start else piece.rsplit(None, 1)[0])
    return "\n".join(windows)


def count_letters(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())


def detect_language(text: str) -> tuple[str | None, float]:
    """The most likely language of a document as ``(ISO 639-1 code, confidence 0..1)``.

    ``(None, 0.0)`` when the text has too few letters to say.
    """
    sample = _sample(text)
    if count_letters(sample) < MIN_LETTERS_FOR_DETECTION:
        return None, 0.0
    # loading lingua's models is ~0.1 s of a warm re-check: the answer is kept on disk
    from mtcheck.analysis.memo import analysis_memo

    code, confidence = analysis_memo().cached(_document_kind(), sample, lambda: _detect(sample))
    return code, confidence


@lru_cache(maxsize=1)
def _document_kind() -> str:
    """What the answer depends on besides the sample: a new lingua, another language set or mode
    threshold is a new memo kind."""
    from importlib.metadata import version

    languages = ",".join(DOCUMENT_LANGUAGES)
    return f"lingua-{version('lingua-language-detector')}|{languages}|low-from:{LOW_ACCURACY_FROM_CHARS}"


def _detect(sample: str) -> tuple[str | None, float]:
    # trigram-only mode is accurate on paragraphs; short samples need the full model
    detector = get_detector(DOCUMENT_LANGUAGES, low_accuracy=len(sample) >= LOW_ACCURACY_FROM_CHARS)
    values = detector.compute_language_confidence_values(sample)
    if not values:
        return None, 0.0
    best = values[0]
    return best.language.iso_code_639_1.name.lower(), float(best.value)


def english_probability(sentence: str, other: str = "de") -> float:
    """How likely a sentence is English rather than ``other`` (default German), 0..1.

    Meant for per-sentence use (untranslated English inside a German article). Returns 0.0 for
    text without letters.
    """
    if count_letters(sentence) == 0:
        return 0.0
    detector = get_detector(("en", other))
    return float(detector.compute_language_confidence(sentence, Language.ENGLISH))
