"""Typography and mechanics of the translation (target only), in the manner of pofilter/Xbench.

* ``typography.quotes``: quotation marks that are not closed (or closed without being opened) within
  a paragraph, and quotations whose style („…“, »…«, "…", “…”) differs from the style the article
  mostly uses.
* ``typography.brackets``: ( [ { without their partner in the same paragraph, or closed by the
  wrong kind.
* ``typography.doubled-word``: a word written twice in a row ("und und"). German legitimately
  doubles articles and pronouns ("die Frau, die die Zeitung liest", "ob sie sie kennt"), so those
  are never flagged: precision first.
* ``typography.spaces``: two or more spaces inside a line, and a space before , ; : ! ? or a final
  full stop.

All work per block (heading, paragraph, bullet), so a quotation never "closes" in another
paragraph and a word at the end of a heading is not "doubled" by the first word of the next line.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from mtcheck.analysis.text import article_blocks
from mtcheck.checks.registry import CheckContext, register_check
from mtcheck.model import Article, Category, Evidence, Finding, Report, Severity

# --- blocks ------------------------------------------------------------------------------------


def _blocks(article: Article) -> list[tuple[int, int]]:
    """(start, end) of each structural block."""
    return [(block.start, block.end) for block in article_blocks(article)]


def aligned_source_text(report: Report, start: int, end: int) -> str | None:
    """The source sentences aligned to target text overlapping ``[start, end)``.

    None without a source or alignment. Used to leave alone what the translation only mirrors:
    a quotation opened in an earlier paragraph of the source, "zoom zoom" doubled in the source.
    """
    if report.source is None or not report.pairs:
        return None
    target = report.target
    texts = []
    for pair in report.pairs:
        if not pair.target_ids or not pair.source_ids:
            continue
        pair_start = target.sentences[pair.target_ids[0]].start
        pair_end = target.sentences[pair.target_ids[-1]].end
        if pair_start < end and pair_end > start:
            texts.append(report.pair_text(pair, "source"))
    return " ".join(texts) if texts else None


def _unbalanced_quotes(text: str) -> bool:
    return text.count('"') % 2 == 1 or text.count("“") != text.count("”") or text.count("„") > text.count("“")


def _unbalanced_brackets(text: str) -> bool:
    return any(text.count(opener) != text.count(closer) for opener, closer in _BRACKETS.items())


# --- quotes ------------------------------------------------------------------------------------

#: Opening and closing mark of each quotation style.
QUOTE_MARKS: dict[str, tuple[str, str]] = {
    "german": ("„", "“"),
    "guillemets": ("»", "«"),
    "swiss": ("«", "»"),
    "straight": ('"', '"'),
    "english": ("“", "”"),
}
QUOTE_STYLE_NAMES = {style: f"{opening}…{closing}" for style, (opening, closing) in QUOTE_MARKS.items()}


@dataclass(frozen=True)
class _Quote:
    style: str
    open: int  # offset of the opening mark
    close: int  # offset of the closing mark


@dataclass(frozen=True)
class _StrayMark:
    position: int
    mark: str
    problem: str  # "unclosed" or "unopened"


def _after_digit(text: str, position: int, start: int) -> bool:
    return position > start and text[position - 1].isdigit()


class _QuoteScanner:
    """Pairs the double quotation marks of one block, mark by mark, on a stack of open quotes."""

    def __init__(self, text: str, start: int):
        self.text, self.start = text, start
        self.pairs: list[_Quote] = []
        self.stray: list[_StrayMark] = []
        self.stack: list[tuple[str, int]] = []  # (style, offset of the opening mark)

    def _close(self, style: str, position: int) -> bool:
        if self.stack and self.stack[-1][0] == style:
            self.pairs.append(_Quote(style, self.stack.pop()[1], position))
            return True
        return False

    def _after_digit(self, position: int) -> bool:
        return _after_digit(self.text, position, self.start)

    def german_opening(self, position: int) -> None:  # „
        self.stack.append(("german", position))

    def english_opening(self, position: int) -> None:  # “
        # closes „ in German typography, opens in English typography; 5'5“ is a height
        if not self._close("german", position) and not self._after_digit(position):
            self.stack.append(("english", position))

    def english_closing(self, position: int) -> None:  # ”
        # „…” is a common variant of „…“; accept it as German
        closed = self._close("english", position) or self._close("german", position)
        if not closed and not self._after_digit(position):
            self.stray.append(_StrayMark(position, "”", "unopened"))

    def right_guillemet(self, position: int) -> None:  # »
        if not self._close("swiss", position):
            self.stack.append(("guillemets", position))

    def left_guillemet(self, position: int) -> None:  # «
        if not self._close("guillemets", position):
            self.stack.append(("swiss", position))

    def straight(self, position: int) -> None:  # "
        if self._after_digit(position) and not (self.stack and self.stack[-1][0] == "straight"):
            return  # 5" (inches), not a quotation mark
        if not self._close("straight", position):
            self.stack.append(("straight", position))

    def result(self) -> tuple[list[_Quote], list[_StrayMark]]:
        stray = list(self.stray)
        for style, position in self.stack:
            # a lone “ in German text is a closing mark whose „ is missing
            stray.append(
                _StrayMark(position, self.text[position], "unopened" if style == "english" else "unclosed")
            )
        return self.pairs, sorted(stray, key=lambda s: s.position)


_QUOTE_HANDLERS = {
    "„": _QuoteScanner.german_opening,
    "“": _QuoteScanner.english_opening,
    "”": _QuoteScanner.english_closing,
    "»": _QuoteScanner.right_guillemet,
    "«": _QuoteScanner.left_guillemet,
    '"': _QuoteScanner.straight,
}


def scan_quotes(text: str, start: int, end: int) -> tuple[list[_Quote], list[_StrayMark]]:
    """Pair the double quotation marks of one block; return the pairs and the marks left over."""
    scanner = _QuoteScanner(text, start)
    for position in range(start, end):
        handler = _QUOTE_HANDLERS.get(text[position])
        if handler is not None:
            handler(scanner, position)
    return scanner.result()


@register_check(
    "typography.quotes",
    category=Category.PUNCTUATION,
    severity=Severity.MINOR,
    description="Quotation marks not closed within the paragraph, or in a different style from the rest",
)
def check_quotes(ctx: CheckContext) -> Iterator[Finding]:
    article = ctx.report.target
    text = article.text
    blocks = _blocks(article)
    all_pairs: list[_Quote] = []
    for index, (start, end) in enumerate(blocks):
        pairs, stray = scan_quotes(text, start, end)
        all_pairs.extend(pairs)
        next_start = blocks[index + 1][0] if index + 1 < len(blocks) else None
        if stray:
            source = aligned_source_text(ctx.report, start, end)
            if source is not None and _unbalanced_quotes(source):
                stray = []  # the source paragraph is unbalanced too: a quotation spanning paragraphs
        for mark in stray:
            if mark.problem == "unclosed" and _continued_quotation(text, mark, next_start):
                continue
            if mark.problem == "unclosed":
                message = f"Quotation mark {mark.mark} is not closed in this paragraph"
            else:
                message = f"Closing quotation mark {mark.mark} has no opening mark in this paragraph"
            yield ctx.finding(
                message=message,
                target_span=article.span(mark.position, mark.position + 1),
                evidence=[Evidence(text[start:end], start, end, "target", "the paragraph it belongs to")],
                confidence=0.8,
            )
    yield from _mixed_styles(ctx, article, all_pairs)


def _continued_quotation(text: str, mark: _StrayMark, next_start: int | None) -> bool:
    """German convention: a quotation running over paragraphs is reopened, not closed, at the break."""
    return next_start is not None and text[next_start : next_start + 1] == mark.mark


def _mixed_styles(ctx: CheckContext, article: Article, pairs: list[_Quote]) -> Iterator[Finding]:
    counts = Counter(pair.style for pair in pairs)
    if len(counts) < 2:
        return
    # the article's style is the most frequent one; on a tie, German „…“ wins
    dominant = max(counts, key=lambda style: (counts[style], style == "german"))
    example = next(pair for pair in pairs if pair.style == dominant)
    usage = ", ".join(f"{QUOTE_STYLE_NAMES[s]} {n}×" for s, n in counts.most_common())
    for pair in pairs:
        if pair.style == dominant:
            continue
        quoted = article.span(pair.open, pair.close + 1)
        yield ctx.finding(
            message=(
                f"Quotation marks {QUOTE_STYLE_NAMES[pair.style]} differ from the article's "
                f"{QUOTE_STYLE_NAMES[dominant]}"
            ),
            target_span=quoted,
            evidence=[
                Evidence(
                    article.text[example.open : example.close + 1],
                    example.open,
                    example.close + 1,
                    "target",
                    f"quotation styles in this article: {usage}",
                )
            ],
            suggestion=_restyle(quoted.text, dominant),
            confidence=0.9,
        )


def _restyle(quoted: str, style: str) -> str:
    opening, closing = QUOTE_MARKS[style]
    return opening + quoted[1:-1] + closing


# --- brackets ----------------------------------------------------------------------------------

_BRACKETS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = {v: k for k, v in _BRACKETS.items()}
# "a) …", "1) …", "iv) …": enumerations close a bracket that was never opened, on purpose
_ENUMERATION = re.compile(r"(?:^|(?<=[\s:;,]))(?:[a-zA-Z]|\d{1,2}|[ivxIVX]{1,4})\)")
_SMILEY = re.compile(r"[:;=]-?[()\[\]]")


def _bracket_problems(text: str, start: int, end: int) -> list[tuple[int, str, list[Evidence]]]:
    """(offset, message, evidence) of each bracket of one block without its partner."""
    block = text[start:end]
    paragraph = Evidence(block, start, end, "target", "the paragraph it belongs to")
    enumerations = {start + m.end() - 1 for m in _ENUMERATION.finditer(block)}
    smileys = {start + m.end() - 1 for m in _SMILEY.finditer(block)}
    stack: list[int] = []
    problems: list[tuple[int, str, list[Evidence]]] = []
    for position in range(start, end):
        char = text[position]
        if position in smileys:
            continue
        if char in _BRACKETS:
            stack.append(position)
        elif char not in _CLOSERS:
            continue
        elif stack and text[stack[-1]] == _CLOSERS[char]:
            stack.pop()
        elif position in enumerations:
            continue  # "a) …": closes nothing on purpose
        elif stack:
            opener = stack.pop()
            evidence = [Evidence(text[opener], opener, opener + 1, "target", "the opening bracket")]
            problems.append((position, f"'{text[opener]}' is closed by '{char}'", evidence))
        else:
            message = f"Closing bracket '{char}' has no opening bracket in this paragraph"
            problems.append((position, message, [paragraph]))
    for opener in stack:
        problems.append((opener, f"Bracket '{text[opener]}' is not closed in this paragraph", [paragraph]))
    return problems


@register_check(
    "typography.brackets",
    category=Category.PUNCTUATION,
    severity=Severity.MINOR,
    description="A bracket ( [ { is not closed in its paragraph, or a closing bracket has no opening one",
)
def check_brackets(ctx: CheckContext) -> Iterator[Finding]:
    article = ctx.report.target
    for start, end in _blocks(article):
        problems = _bracket_problems(article.text, start, end)
        if not problems:
            continue
        source = aligned_source_text(ctx.report, start, end)
        if source is not None and _unbalanced_brackets(source):
            continue  # the translation mirrors the source
        for position, message, evidence in sorted(problems, key=lambda problem: problem[0]):
            yield ctx.finding(
                message=message,
                target_span=article.span(position, position + 1),
                evidence=evidence,
                confidence=0.8,
            )


# --- doubled words -----------------------------------------------------------------------------

# Words German (and English) legitimately write twice in a row: relative pronoun + article
# ("die Frau, die die Zeitung liest"), pronoun + pronoun ("ob sie sie kennt"), separable particle +
# preposition ("von Anfang an an alle", "er hat vor, vor Ort"), verb + modal ("auch mögen mögen"),
# "that that", "had had", and emphatic repetitions in quoted speech ("sehr sehr", "ja ja").
LEGITIMATE_DOUBLES = frozenset(
    [
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "denen",
        "deren",
        "dessen",
        "sie",
        "es",
        "er",
        "ihr",
        "ihm",
        "ihn",
        "ihnen",
        "wir",
        "uns",
        "euch",
        "man",
        "was",
        "wer",
        "wen",
        "wem",
        "ob",
        "so",
        "ja",
        "nein",
        "na",
        "nun",
        "sehr",
        "oh",
        "ah",
        "ha",
        "haha",
        "hm",
        "bla",
        "tam",
        "tamtam",
        "wau",
        "pst",
        "an",
        "auf",
        "aus",
        "vor",
        "nach",
        "mit",
        "um",
        "zu",
        "ab",
        "bei",
        "durch",
        "über",
        "unter",
        "hin",
        "her",
        "mögen",
        "that",
        "had",
        "is",
    ]
)
_DOUBLED = re.compile(r"(?<![\w-])([^\W\d_]+)[ \t\u00a0]+(\1)(?![\w-])", re.IGNORECASE)


@register_check(
    "typography.doubled-word",
    category=Category.GRAMMAR,  # a duplicated word breaks the sentence (MQM has no "duplication" here)
    severity=Severity.MINOR,
    description="The same word twice in a row (German article/pronoun pairs like 'die die' are allowed)",
)
def check_doubled_words(ctx: CheckContext) -> Iterator[Finding]:
    article = ctx.report.target
    text = article.text
    for start, end in _blocks(article):
        for match in _DOUBLED.finditer(text, start, end):
            first, second = match.group(1), match.group(2)
            if first.lower() in LEGITIMATE_DOUBLES or len(first) == 1:
                continue
            if first != second and not _sentence_start(text, start, match.start()):
                continue  # "warum ich Spiele spiele": noun and verb, not a doubled word
            source = aligned_source_text(ctx.report, match.start(), match.end())
            if source is not None and _DOUBLED.search(source):
                continue  # the source doubles too ("zoom zoom")
            yield ctx.finding(
                message=f"'{first}' is written twice in a row",
                target_span=article.span(match.start(), match.end()),
                suggestion=first,
                confidence=0.9,
            )


def _sentence_start(text: str, block_start: int, position: int) -> bool:
    before = text[block_start:position].rstrip()
    return not before or before[-1] in '.!?:„“"»«'


# --- spaces ------------------------------------------------------------------------------------

_SENTENCE_FINAL = frozenset('.!?:;…"“”»«)')
_DOUBLE_SPACE = re.compile(r"(?<=\S)  +(?=\S)")
# a space before , ; : ! ? followed by a space, a closer or the end; before "." only when the
# stop is not part of "..." and not the start of ".com" or ".5"
_SPACE_BEFORE = re.compile(r"(?<=\w) +([,;:!?]|\.(?!\.))(?=[\s\"'“”»«)\]]|$)")


@register_check(
    "typography.spaces",
    category=Category.PUNCTUATION,
    severity=Severity.MINOR,
    description="Two spaces in a row, or a space before a punctuation mark",
)
def check_spaces(ctx: CheckContext) -> Iterator[Finding]:
    article = ctx.report.target
    text = article.text
    for start, end in _blocks(article):
        for match in _DOUBLE_SPACE.finditer(text, start, end):
            if text.rfind("\t", start, match.start()) != -1 or "|" in text[start:end]:
                continue  # tab- or pipe-aligned table rows use runs of spaces on purpose
            if text[match.start() - 1] in _SENTENCE_FINAL:
                continue  # typewriter spacing between sentences: invisible on the web, not a slip
            source = aligned_source_text(ctx.report, match.start(), match.end())
            if source is not None and "  " in source:
                continue  # the spacing comes from the source text
            yield ctx.finding(
                message=f"{len(match.group())} spaces in a row: a word or dash may have been dropped here",
                target_span=article.span(match.start(), match.end()),
                suggestion=" ",
                confidence=0.95,
            )
        for match in _SPACE_BEFORE.finditer(text, start, end):
            mark = match.group(1)
            yield ctx.finding(
                message=f"Space before '{mark}'",
                target_span=article.span(match.start(), match.end()),
                suggestion=mark,
                confidence=0.9,
            )
