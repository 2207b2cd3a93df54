"""The load stage: every input mtcheck reads comes in through this package.

Articles (text, Markdown, HTML), bilingual XLIFF, glossaries (CSV, TBX) and back-translation files;
plus articles built from text already split into sentences. No other stage reads files.
"""

from __future__ import annotations

from mtcheck.load.articles import EXPECTED_LANGUAGE, article_from_text, load_article, resolve_language
from mtcheck.load.back_translation import link_back_translation, read_back_translation
from mtcheck.load.files import (
    FORMAT_BY_SUFFIX,
    MAX_BYTES,
    decode_bytes,
    provided_files,
    read_bytes,
    read_text_file,
)
from mtcheck.load.glossary import Glossary, GlossaryEntry, load_glossary
from mtcheck.load.html import extract_html
from mtcheck.load.sentences import article_from_sentences, report_from_sentences
from mtcheck.load.xliff import XLIFF_SUFFIXES, is_xliff_path, load_xliff

__all__ = [
    "EXPECTED_LANGUAGE",
    "FORMAT_BY_SUFFIX",
    "MAX_BYTES",
    "XLIFF_SUFFIXES",
    "Glossary",
    "GlossaryEntry",
    "article_from_sentences",
    "article_from_text",
    "decode_bytes",
    "extract_html",
    "is_xliff_path",
    "link_back_translation",
    "load_article",
    "load_glossary",
    "load_xliff",
    "provided_files",
    "read_back_translation",
    "read_bytes",
    "read_text_file",
    "report_from_sentences",
    "resolve_language",
]
