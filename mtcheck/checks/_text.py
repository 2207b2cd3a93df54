"""Text helpers shared by the numbers, names, untranslated, consistency and glossary checks.

Everything here works on code-point offsets into ``Article.text`` so that findings can
point at the exact characters the user gave.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from mtcheck.model import AlignedPair, Article, Block, Report, Sentence, Side, Span

# A word: letters/digits, apostrophes inside ("don't"); hyphens split words so that
# "NATO-Erweiterung" yields "NATO" and "Erweiterung".
WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W\d_]+)*")


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def tokens(text: str, offset: int = 0) -> list[Token]:
    return [Token(m.start() + offset, m.end() + offset, m.group()) for m in WORD_RE.finditer(text)]


def sentence_chunks(report: Report, pair: AlignedPair, side: Side) -> Iterator[tuple[int, str]]:
    """(absolute start, text) of each sentence of one side of a pair."""
    art = report.article(side)
    if art is None:
        return
    for sid in pair.ids(side):
        sentence = art.sentences[sid]
        yield sentence.start, art.text[sentence.start : sentence.end]


@dataclass(frozen=True)
class Comparison:
    """What a pair check holds the target against: the source if there is one, else the back-translation."""

    side: Side
    article: Article

    @property
    def from_source(self) -> bool:
        return self.side == "source"

    @property
    def label(self) -> str:
        """How messages name the compared side."""
        return "source" if self.from_source else "back-translation"

    def source_span(self, start: int, end: int) -> Span | None:
        """A finding's source span: only offsets into the source are one (back-translation ones are not)."""
        return span(self.article, start, end) if self.from_source else None

    def pairs(self, report: Report) -> Iterator[AlignedPair]:
        """Pairs with sentences on both sides: omissions and additions belong to the alignment checks."""
        return (pair for pair in report.pairs if pair.target_ids and pair.ids(self.side))


def comparison(report: Report) -> Comparison:
    """For checks registered with ``any_of={"source", "back_translation"}``: one of the two is there."""
    side: Side = "source" if report.source is not None else "back_translation"
    article = report.article(side)
    assert article is not None
    return Comparison(side, article)


def article_chunks(article: Article) -> Iterator[tuple[int, str]]:
    """(absolute start, text) of each sentence, or the whole text if not segmented."""
    if not article.sentences:
        yield 0, article.text
        return
    for sentence in article.sentences:
        yield sentence.start, article.text[sentence.start : sentence.end]


def article_blocks(article: Article) -> list[Block]:
    """The article's structural blocks; built from its text when it was not segmented (tests, tools)."""
    from mtcheck.segment import build_blocks

    return article.blocks or build_blocks(article.text)


def is_german(article: Article | None) -> bool:
    return article is not None and article.language.lower().startswith("de")


def strip_accents(text: str) -> str:
    text = text.replace("ß", "ss").replace("ẞ", "SS")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Ordered rewrite rules that bring English and German romanisations of the same name
# together (Zelensky/Selenskyj, Tchaikovsky/Tschaikowski, Gorbachev/Gorbatschow).
_TRANSLIT_RULES: tuple[tuple[str, str], ...] = (
    ("tsch", "ch"),
    ("tch", "ch"),
    ("sch", "sh"),
    ("zh", "sh"),
    ("kh", "h"),
    ("ch", "h"),
    ("ph", "f"),
    ("ck", "k"),
    ("w", "v"),
    ("j", "i"),
    ("y", "i"),
    ("z", "s"),
    ("ts", "s"),
    ("c", "k"),
    ("q", "k"),
    ("x", "ks"),
)
_DOUBLED = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def translit_key(name: str) -> str:
    """A spelling-insensitive key for a name: accents, v/w, y/j, ch/tsch, doubled letters."""
    key = strip_accents(name).lower()
    key = re.sub(r"[^a-z]", "", key)
    for old, new in _TRANSLIT_RULES:
        key = key.replace(old, new)
    return _DOUBLED.sub(r"\1", key)


@lru_cache(maxsize=65536)
def zipf(word: str, language: str) -> float:
    """Word frequency on the Zipf scale (0 = unseen, 7 = "the"), from wordfreq's shipped lists."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, language)


def listed_german_noun(form: str) -> bool:
    """german-nouns (Wiktionary) lists ``form`` as a noun or a form of one (Meeting, Antiquitäten).
    The lexicon is loaded on first use and shared with the gender checks."""
    from mtcheck.checks.german_morph import noun_entries

    return any("Substantiv" in entry.get("pos", []) for entry in noun_entries(form))


def build_article(side: Side, sentences: Sequence[str], language: str, separator: str = " ") -> Article:
    """An Article from already-split sentences (one paragraph): for tests and benchmarks that
    bring their own segmentation, not a segmenter."""
    parts: list[Sentence] = []
    text = ""
    for i, sentence in enumerate(sentences):
        if i:
            text += separator
        parts.append(Sentence(i, len(text), len(text) + len(sentence), sentence, 0, "paragraph"))
        text += sentence
    article = Article(side=side, text=text, language=language)
    article.blocks = [Block("paragraph", 0, len(text))]
    article.sentences = parts
    return article


def build_parallel_report(
    target: Sequence[str],
    source: Sequence[str] | None = None,
    back_translation: Sequence[str] | None = None,
) -> Report:
    """A Report whose i-th target sentence is aligned 1-1 with the i-th source/back-translation sentence."""
    report = Report(target=build_article("target", target, "de"))
    if source is not None:
        report.source = build_article("source", source, "en")
    if back_translation is not None:
        report.back_translation = build_article("back_translation", back_translation, "en")
    for i in range(len(target)):
        report.pairs.append(
            AlignedPair(
                index=i,
                source_ids=(i,) if source is not None and i < len(source) else (),
                target_ids=(i,),
                back_translation_ids=(i,)
                if back_translation is not None and i < len(back_translation)
                else (),
                kind="1-1" if source is not None else None,
            )
        )
    return report


def span(article: Article, start: int, end: int) -> Span:
    return Span(start, end, article.text[start:end])
