"""Structure and sentences: blocks (heading / paragraph / bullet) and sentences with exact offsets.

Structure comes from lines:

* ``#`` lines are Markdown headings; lines starting with ``- * • –`` or ``1.``/``1)`` are bullets
  (a numbered line counts only next to another numbered line, so "19. März 2025 …" at the start of a
  line stays text); a blank line ends a paragraph.
* Plain news text often has one paragraph per line (the example article). Hard-wrapped text
  (Markdown, e-mail) has paragraphs spread over several lines. Which of the two a document is, is
  decided once per document from how its consecutive lines end: in wrapped text most lines stop
  mid-sentence.
* A single short line without final punctuation (at most 25 words; "?" allowed up to 10 words) that
  is followed by more text is a heading, e.g. the subheadings of the example article, "Zur Autorin".

Sentences come from pysbd, run per block (never across blocks, and linear in the article length),
then repaired: a piece that starts in lower case ("ca. zehn", MT's stray "Voila. aus den …"), a number
after "Nr."/"Abs." or after a word without a full stop ("am" | "9. und 10. August"), an ordinal noun or
month after an ordinal ("zum 100." | "Mal"), a name after "Herr.", and what follows a dateline
("ASTANA.") or a speaker tag ("(PERSON2)") continue the sentence before it; a full stop with no space
before a capital ("an.Dann", "2007.Rocky") ends one; quotations („…“, »…«, "…") are kept whole.
Sentence spans exclude list and heading markers and surrounding whitespace, so
``text[s.start:s.end] == s.text`` always holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pysbd.languages import LANGUAGE_CODES

from mtcheck.model import Article, Block, BlockKind, Sentence

# --- lines -------------------------------------------------------------------------------------

_MD_HEADING = re.compile(r"[ \t]{0,3}(#{1,6})[ \t]+(?=\S)")
_MD_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$")
_SYMBOL_BULLET = re.compile(r"[ \t]*[-*•·–][ \t]+(?=\S)")
_NUMBER_BULLET = re.compile(r"[ \t]*\d{1,3}[.)][ \t]+(?=\S)")
_RULE = re.compile(r"[ \t]*(?:[-=*_][ \t]*){3,}$")
_MONTH_AFTER = re.compile(
    r"(?:Jan(?:uar|uary)?|Jänner|Feb(?:ruar|ruary)?|März|Mär|Mar(?:ch)?|Apr(?:il)?|Mai|May|Jun[ie]?|June|"
    r"Jul[iy]?|Aug(?:ust)?|Sep(?:tember)?|Sept|Okt(?:ober)?|Oct(?:ober)?|Nov(?:ember)?|Dez(?:ember)?|"
    r"Dec(?:ember)?)\b"
)
# a line "ends a sentence" when its last visible character is final punctuation (maybe quoted)
_FINAL = re.compile(r"[.!?…:;][\"'“”„»«’)\]]*$")
_HEADING_FORBIDDEN_END = re.compile(r"[.,;:!…][\"'“”„»«’)\]]*$")

MAX_HEADING_WORDS = 25  # decks (subtitles) run longer than subheadings; body paragraphs end with punctuation
MAX_QUESTION_HEADING_WORDS = 10
MAX_HEADING_CHARS = 200
MAX_WRAPPED_LINE = 120  # hard-wrapped text is wrapped at 72-100 characters


@dataclass
class _Line:
    kind: str  # "blank", "heading", "bullet", "text", "rule"
    start: int  # content start (after any marker)
    end: int  # content end (trailing whitespace removed)
    numbered: bool = False

    def content(self, text: str) -> str:
        return text[self.start : self.end]


def _classify_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    length = len(text)
    while pos <= length:
        newline = text.find("\n", pos)
        line_end = length if newline == -1 else newline
        raw = text[pos:line_end]
        stripped = raw.rstrip()
        end = pos + len(stripped)
        if not stripped.strip():
            lines.append(_Line("blank", pos, pos))
        elif match := _MD_HEADING.match(raw):
            closing = _MD_CLOSING_HASHES.search(stripped)
            heading_end = pos + closing.start() if closing and closing.start() > match.end() else end
            lines.append(_Line("heading", pos + match.end(), heading_end))
        elif _RULE.match(stripped):
            lines.append(_Line("rule", pos, end))
        elif match := _SYMBOL_BULLET.match(raw):
            lines.append(_Line("bullet", pos + match.end(), end))
        elif (match := _NUMBER_BULLET.match(raw)) and not _MONTH_AFTER.match(raw, match.end()):
            lines.append(_Line("bullet", pos + match.end(), end, numbered=True))
        else:
            lines.append(_Line("text", pos + len(raw) - len(raw.lstrip()), end))
        if newline == -1:
            break
        pos = newline + 1
    _demote_lone_numbers(text, lines)
    return lines


def _demote_lone_numbers(text: str, lines: list[_Line]) -> None:
    """A numbered line with no numbered neighbour is text ("1. FC Köln …", a date)."""
    content_lines = [line for line in lines if line.kind != "blank"]
    for index, line in enumerate(content_lines):
        if not line.numbered:
            continue
        neighbours = content_lines[max(index - 1, 0) : index] + content_lines[index + 1 : index + 2]
        if not any(other.numbered for other in neighbours):
            line_start = text.rfind("\n", 0, line.start) + 1
            indent = len(text[line_start : line.start]) - len(text[line_start : line.start].lstrip())
            line.kind, line.start, line.numbered = "text", line_start + indent, False


def _is_hard_wrapped(text: str, lines: list[_Line]) -> bool:
    """True when paragraphs run over several lines at a fixed width.

    Evidence: no long lines; most lines that are followed by another text line are near the
    widest line and stop mid-sentence; and some of the following lines start in lower case
    (a title followed by a deck and a body paragraph looks alike otherwise).
    """
    lengths = [line.end - line.start for line in lines if line.kind in ("text", "bullet")]
    if not lengths or sum(length > MAX_WRAPPED_LINE for length in lengths) > len(lengths) // 20:
        return False
    width = max(lengths)
    pairs = wrapped = lower_starts = 0
    for line, following in zip(lines, lines[1:], strict=False):
        if line.kind in ("text", "bullet") and following.kind == "text":
            pairs += 1
            if line.end - line.start >= 0.7 * width and not _FINAL.search(line.content(text)):
                wrapped += 1
                lower_starts += text[following.start : following.start + 1].islower()
    return pairs >= 2 and wrapped / pairs >= 0.6 and lower_starts * 3 >= wrapped


# --- blocks ------------------------------------------------------------------------------------


def build_blocks(text: str) -> list[Block]:
    """The structural blocks of a text (what segment_article stores in ``Article.blocks``)."""
    lines = _classify_lines(text)
    wrapped = _is_hard_wrapped(text, lines)
    blocks: list[Block] = []
    candidates: set[int] = set()  # single-line text blocks that may be headings
    previous: _Line | None = None
    for line in lines:
        if line.kind in ("blank", "rule"):
            if line.kind == "rule" and previous is not None and previous.kind == "text" and blocks:
                # a Setext underline ("Title\n=====") makes the line above a heading
                blocks[-1].kind = "heading"
                candidates.discard(len(blocks) - 1)
            previous = None if line.kind == "blank" else previous
            continue
        continues = wrapped and previous is not None and line.kind == "text" and previous.kind != "heading"
        if continues and blocks:
            blocks[-1].end = line.end
            candidates.discard(len(blocks) - 1)
        else:
            kind: BlockKind = "paragraph" if line.kind == "text" else line.kind  # type: ignore[assignment]
            blocks.append(Block(kind, line.start, line.end))
            if line.kind == "text":
                candidates.add(len(blocks) - 1)
        previous = line
    for index in sorted(candidates):
        if index + 1 < len(blocks) and _looks_like_heading(text[blocks[index].start : blocks[index].end]):
            blocks[index].kind = "heading"
    return blocks


def _looks_like_heading(line: str) -> bool:
    words = line.split()
    if not words or len(words) > MAX_HEADING_WORDS or len(line) > MAX_HEADING_CHARS:
        return False
    if not any(ch.isalpha() for ch in line) or _HEADING_FORBIDDEN_END.search(line):
        return False
    if line.rstrip("\"'“”»«’)]").endswith("?"):
        return len(words) <= MAX_QUESTION_HEADING_WORDS
    return True


# --- sentences ---------------------------------------------------------------------------------

PYSBD_LANGUAGES = frozenset(LANGUAGE_CODES)

# a possible sentence end inside a block: final punctuation, optional closer, space, more text
_INNER_BOUNDARY = re.compile(r"[.!?…][\"'“”»«’)\]]*\s+\S")
# pysbd gets at most _MAX_PYSBD characters, cut at safe-looking boundaries
_MAX_PYSBD = 1000
_CONTROLS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")
_ANY_END = re.compile(r"(?<=[.!?])\s+")
_SAFE_CUT = re.compile(r"(?<=[a-zäöüß)][.!?])\s+(?=[A-ZÄÖÜ])")
# abbreviations that are followed by a number and never end a sentence in news text
_NUMBER_ABBREVIATION = re.compile(
    r"(?:(?:\b|(?<=[a-zäöü]))nr\.|\b(?:Nr|Abs|Art|Bd|Kap|Ziff|Tab|Abb|No|Nos|Vol|Fig|Sec|Sect|Par|pp?|S|ca|Ca|approx|Mio|Mrd)\.)$"
)
_CLEAR_END = re.compile(
    r"(?<![\w.\-'’])([A-Za-zÄÖÜäöüßàáâçèéêëíîïñóôöúûü]?[a-zäöüßàáâçèéêëíîïñóôöúûü]{3,})([.!?][\"'“”»«’)\]]*)\s+(?=[\"„»“‚(]?[A-ZÄÖÜ])"
)
_OPEN_QUOTES = {"de": "„»", "en": "“"}
_CLOSE_QUOTES = {"de": "“”«", "en": "”"}
_QUOTE_CHARS = re.compile(r'["„“”»«]')
_ANY_CLOSER = '“”«»"’'
MAX_QUOTE_MERGE = 4  # a quotation is kept whole only if it closes within this many pieces


def _pysbd_abbreviations() -> frozenset[str]:
    from pysbd.lang.deutsch import Deutsch
    from pysbd.lang.english import English

    words = list(Deutsch.Abbreviation.ABBREVIATIONS) + list(English.Abbreviation.ABBREVIATIONS)
    return frozenset(word.strip().lower() for word in words)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# German and English abbreviations pysbd does not list, which a lower-case word may follow
_EXTRA_ABBREVIATIONS = _words(
    "inkl zzgl abs jh jhd jahrh geb tel max bspw insb mind hrsg dt engl franz lat röm eigtl allg "
    "approx incl ital span russ amerik urspr bes entspr hl ursprüngl"
)
_ABBREVIATIONS = _pysbd_abbreviations() | _EXTRA_ABBREVIATIONS

# --- repairs of pysbd's cuts (German ordinals, titles, lower-case starts, glued sentences) -----

#: the piece ends like a sentence (else a cut after it was a list-item or ordinal guess of pysbd)
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'“”„»«’)\]]*$")
#: an ordinal at the end of a piece: "am 9.", "zum 100." (not a decimal "3.5." nor a year "2020.")
_ORDINAL_END = re.compile(r"(?:^|(?<=\s))(\d{1,3})\.$")
_WORD_BEFORE_ORDINAL = re.compile(r"([A-Za-zÄÖÜäöüß]+)[\s(]+\d{1,3}\.$")
_FIRST_WORD = re.compile(r"[\"„»“‚(]?([A-Za-zÄÖÜäöüß]+)")
_MONTHS_DE = _words(
    "januar jänner februar märz april mai juni juli august september oktober november dezember "
    "jan feb mär apr jun jul aug sep sept okt nov dez"
)
#: nouns that follow an ordinal in German news ("zum 100. Mal", "im 19. Jh.", "den 3. Platz")
_ORDINAL_NOUNS = _words(
    "mal jahrhundert jh jhd jahrtausend platz rang stock stockwerk etage geburtstag jahrestag "
    "todestag runde spieltag liga bundesliga weltkrieg klasse quartal halbjahr tag woche monat "
    "minute sekunde amtszeit legislaturperiode auflage ausgabe staffel folge episode kapitel "
    "absatz artikel lauf satz durchgang wahlgang stufe grades grad generation kongress parteitag "
    "sitzung strophe bezirk arrondissement armee division brigade kompanie symphonie sinfonie"
)
#: words that take an ordinal after them; a cut after "am 9." is pysbd's, not the author's
_ORDINAL_GOVERNORS = _words(
    "am zum im vom beim bis ab seit den dem der die das des ein eine einem einen einer dessen "
    "deren ihr ihre ihrem ihren sein seine seinem seinen jeder jedem jeden jedes und oder bzw"
)
#: words that start a new sentence far more often than they follow an ordinal
_SENTENCE_STARTERS = _words(
    "der die das den dem des ein eine er sie es ich wir ihr man dies diese dieser dieses dann "
    "doch aber und auch in im am auf bei mit nach vor seit so da als wenn wie was wer wo noch nur "
    "schon the a an he she it they we i this that there"
)
#: a dateline word in capitals ("ASTANA.KAZINFORM - …", "WASHINGTON. Der …") opens its sentence
_DATELINE = re.compile(r"^[A-ZÄÖÜ]{3,}\.$")
#: a transcript speaker tag or placeholder alone: "(PERSON2)", "[PERSON8]"
_SPEAKER_TAG = re.compile(r"^[(\[][A-Z]+\d*[)\]]$")
#: a courtesy title that MT sometimes writes with a full stop ("Herr. Müller")
_TITLE_END = re.compile(r"(?:^|(?<=[\s(„»\"]))(?:Herr|Herrn|Hr|Fr|Mr|Mrs|Ms|Dr|Prof)\.$")
#: a sentence end with the space missing: "kam an.Dann ging" (not "z.B.", "U.S.", "bild.de")
_GLUED_END = re.compile(
    r"(?<![\w.\-/@])([A-Za-zÄÖÜäöüß][a-zäöüß]+|(?:19|20)\d\d)([.!?])(?=[A-ZÄÖÜ][A-Za-zÄÖÜäöüß]{2,}\b|I\s)"
)


def _segmenter(language: str):
    from mtcheck.segment_pysbd import pysbd_segmenter

    return pysbd_segmenter(language if language in PYSBD_LANGUAGES else "en")


def segment_article(article: Article) -> Article:
    """Fill ``article.blocks`` and ``article.sentences`` (ids 0..n-1 in text order)."""
    text = article.text
    blocks = build_blocks(text)
    sentences: list[Sentence] = []
    language = (article.language or "en").split("-")[0].lower()
    for block_index, block in enumerate(blocks):
        for start, end in split_sentences(text, block.start, block.end, language):
            sentences.append(Sentence(len(sentences), start, end, text[start:end], block_index, block.kind))
    article.blocks = blocks
    article.sentences = sentences
    return article


def split_sentences(text: str, start: int, end: int, language: str = "de") -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]`` (whitespace-trimmed, absolute offsets)."""
    # newlines inside a (wrapped) block are just spaces for the splitter, and so are other control
    # characters (pysbd crashes on "\x1c1."); the same length keeps offsets
    view = _CONTROLS.sub(" ", text[start:end])
    spans: list[tuple[int, int]] = []
    for piece_start, piece_end in _clear_cuts(view):
        if not _INNER_BOUNDARY.search(view, piece_start, piece_end):
            spans.append((piece_start, piece_end))
            continue
        for sub_start, sub_end in _pieces(view, piece_start, piece_end):
            spans.extend(_pysbd_spans(view, sub_start, sub_end, language))
    if len(spans) > 1:
        spans = _repair(view, spans, language)
    spans = _split_glued(view, spans, language)
    result = []
    for span_start, span_end in spans:
        piece = view[span_start:span_end]
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        if right > left:
            result.append((start + span_start + left, start + span_start + right))
    return result


def _clear_cuts(view: str) -> list[tuple[int, int]]:
    """Cut at unambiguous sentence ends before pysbd sees the text (pysbd does ~0.5 MB/s).

    Unambiguous: a word ending in 3+ lower-case letters ("tappen", "Haus") that is not an
    abbreviation pysbd knows ("Prof", "bzw", "etc"), then . ! or ?, space, and a capital letter.
    Everything else (numbers, initials, "D.C.", "z. B.") is left to pysbd.
    """
    cuts, piece_start = [], 0
    for match in _CLEAR_END.finditer(view):
        if match.group(1).lower() not in _ABBREVIATIONS:
            cuts.append((piece_start, match.end(2)))
            piece_start = match.end(2)
    cuts.append((piece_start, len(view)))
    return cuts


def _pieces(view: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut runs longer than _MAX_PYSBD at the likeliest boundary in the window.

    pysbd is quadratic on some inputs (its list-item rules: 5 kB of "12. 3. 4." takes 1.5 s), so it
    never sees more than _MAX_PYSBD characters. Prefer a safe sentence end, then any ". ", then a space.
    """
    pieces: list[tuple[int, int]] = []
    piece_start = start
    while end - piece_start > _MAX_PYSBD:
        window_start, limit = piece_start + _MAX_PYSBD // 3, piece_start + _MAX_PYSBD
        cut = _last_match(_SAFE_CUT, view, window_start, limit) or _last_match(
            _ANY_END, view, window_start, limit
        )
        if cut is not None:
            pieces.append((piece_start, cut[0]))
            piece_start = cut[1]
            continue
        space = view.rfind(" ", window_start, limit)
        cut_at = space if space != -1 else limit
        pieces.append((piece_start, cut_at))
        piece_start = cut_at
    pieces.append((piece_start, end))
    return pieces


def _last_match(pattern: re.Pattern[str], view: str, start: int, end: int) -> tuple[int, int] | None:
    last = None
    for match in pattern.finditer(view, start, end):
        last = (match.start(), match.end())
    return last


def _pysbd_spans(view: str, start: int, end: int, language: str) -> list[tuple[int, int]]:
    """pysbd's sentences, located in the view (pysbd returns strings, not trustworthy offsets)."""
    spans: list[tuple[int, int]] = []
    cursor = start
    for sentence in _segmenter(language).segment(view[start:end]):
        needle = sentence.strip()
        if not needle:
            continue
        found = view.find(needle, cursor, end)
        if found == -1:  # pysbd altered the text: keep the rest as one sentence
            break
        spans.append((found, found + len(needle)))
        cursor = found + len(needle)
    if view[cursor:end].strip():  # text pysbd did not return (or could not be located)
        spans.append((cursor, end))
    return spans


def _repair(view: str, spans: list[tuple[int, int]], language: str) -> list[tuple[int, int]]:
    spans = _shift_leading_closers(view, spans, language)
    merged: list[tuple[int, int]] = []
    for span in spans:
        if merged and _continues(
            view[merged[-1][0] : merged[-1][1]], view[span[0] : span[1]].lstrip(), language
        ):
            merged[-1] = (merged[-1][0], span[1])
        else:
            merged.append(span)
    return _keep_quotes_whole(view, merged, language)


def _continues(previous: str, following: str, language: str = "de") -> bool:
    """Whether pysbd's cut between two pieces of one block is not a sentence end."""
    if not following:
        return True
    previous = previous.rstrip()
    first = following[0]
    if first.islower():
        # "ca. zehn", "u. a. die", and MT's "Voila. aus den …" for one English "Voila...there":
        # ending a sentence at a lower-case start doubled false additions on the TUNE split
        return True
    if first.isdigit():
        # "Nr. 5", "Abs. 2"; "am" | "9. und 10. August": pysbd guessed a list item
        return bool(_NUMBER_ABBREVIATION.search(previous)) or not _ENDS_SENTENCE.search(previous)
    if _TITLE_END.search(previous) or _DATELINE.match(previous):
        return True  # "Herr. Müller", "ASTANA." | "KAZINFORM - …"
    if _SPEAKER_TAG.match(previous):
        return True  # "(PERSON2)" | "Ja, wenn …": a tag opens the sentence, it is not one
    return _ordinal_continues(previous, following)


def _ordinal_continues(previous: str, following: str) -> bool:
    """ "zum 100." | "Mal statt.": the number is an ordinal when a month or an ordinal noun follows,
    or when an article/preposition precedes it and the next word does not start a sentence."""
    if not _ORDINAL_END.search(previous):
        return False
    match = _FIRST_WORD.match(following)
    if match is None:
        return False
    word = match.group(1).lower()
    if word in _MONTHS_DE or word in _ORDINAL_NOUNS:
        return True
    before = _WORD_BEFORE_ORDINAL.search(previous)
    return bool(before) and before.group(1).lower() in _ORDINAL_GOVERNORS and word not in _SENTENCE_STARTERS


def _split_glued(view: str, spans: list[tuple[int, int]], language: str = "de") -> list[tuple[int, int]]:
    """Cut where a full stop is followed by a capitalised word without a space ("an.Dann",
    "it.THanks", "2007.Rocky"): pysbd keeps them together on one side while MT separates them."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        cuts = [m.end(2) for m in _GLUED_END.finditer(view, start, end) if _real_end(view, m, start, end)]
        for cut in sorted(set(cuts)):
            out.append((start, cut))
            start = cut
        out.append((start, end))
    return out


def _real_end(view: str, match: re.Match[str], start: int, end: int) -> bool:
    """The word before the stop is no abbreviation, and the stop is not inside a URL."""
    if match.group(1).lower() in _ABBREVIATIONS:
        return False
    token_start = view.rfind(" ", start, match.start()) + 1
    token_end = view.find(" ", match.end(), end)
    token = view[token_start : token_end if token_end != -1 else end].lower()
    return "www" not in token and "http" not in token


def _quote_state(chunk: str, depth: int, straight_open: bool, language: str) -> tuple[int, bool]:
    opens = _OPEN_QUOTES.get(language, "„»“")
    closes = _CLOSE_QUOTES.get(language, "“”«")
    for char in _QUOTE_CHARS.findall(chunk):  # only the quote marks, not every character
        if char == '"':
            straight_open = not straight_open
        elif char in opens:
            depth += 1
        elif char in closes and depth:
            depth -= 1
    return depth, straight_open


def _shift_leading_closers(view: str, spans: list[tuple[int, int]], language: str) -> list[tuple[int, int]]:
    """'…sicher.', '« Dann' → '…sicher.«', 'Dann': a closing quote belongs to the sentence before."""
    out: list[tuple[int, int]] = []
    depth, straight = 0, False
    for span_start, span_end in spans:
        if out and span_start < span_end and view[span_start] in _ANY_CLOSER and (depth or straight):
            is_closer = view[span_start] != '"' or straight
            followed_by_space = span_start + 1 == span_end or view[span_start + 1].isspace()
            if is_closer and followed_by_space:
                out[-1] = (out[-1][0], span_start + 1)
                depth, straight = _quote_state(view[span_start], depth, straight, language)
                span_start += 1
        if view[span_start:span_end].strip():
            out.append((span_start, span_end))
            depth, straight = _quote_state(view[span_start:span_end], depth, straight, language)
    return out


def _keep_quotes_whole(view: str, spans: list[tuple[int, int]], language: str) -> list[tuple[int, int]]:
    """Merge pieces that split a quotation, if the quotation closes within a few pieces."""
    out: list[tuple[int, int]] = []
    index = 0
    while index < len(spans):
        depth, straight = _quote_state(view[spans[index][0] : spans[index][1]], 0, False, language)
        last = index
        if depth or straight:
            for ahead in range(index + 1, min(index + MAX_QUOTE_MERGE, len(spans))):
                depth, straight = _quote_state(
                    view[spans[ahead][0] : spans[ahead][1]], depth, straight, language
                )
                if not depth and not straight:
                    last = ahead
                    break
        out.append((spans[index][0], spans[last][1]))
        index = last + 1
    return out
