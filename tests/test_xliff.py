"""Bilingual XLIFF input: units become lines, both sides with languages, bad files refused in one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import mtcheck
from mtcheck.cli import app
from mtcheck.load.xliff import load_xliff
from mtcheck.model import Article, InputError
from mtcheck.pipeline import load_report

XLIFF_12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="article.html" source-language="en-US" target-language="de-DE" datatype="html">
    <body>
      <group id="g1">
        <trans-unit id="1">
          <source>Rail strike halts trains across Germany</source>
          <target>Bahnstreik legt Züge in ganz Deutschland lahm</target>
        </trans-unit>
      </group>
      <trans-unit id="2">
        <source>The union called on <g id="1">all train drivers</g> to stop work on Monday morning.</source>
        <target>Die Gewerkschaft rief <g id="1">alle Lokführer</g> auf, am Montagmorgen
          die Arbeit niederzulegen.</target>
        <alt-trans><source>A suggestion.</source><target>Ein Vorschlag.</target></alt-trans>
      </trans-unit>
      <trans-unit id="3">
        <source>Commuters in Berlin and Munich faced long delays and crowded platforms.</source>
      </trans-unit>
      <trans-unit id="4">
        <source>The railway company said that it would ask a court to stop the strike.</source>
        <target>Das Bahnunternehmen erklärte, es werde ein Gericht bitten, den Streik zu stoppen.</target>
      </trans-unit>
      <trans-unit id="5">
        <source>Talks are <bpt id="1">&lt;b&gt;</bpt>expected<ept id="1">&lt;/b&gt;</ept> to resume.</source>
        <target>Die Gespräche sollen <bpt id="1">&lt;b&gt;</bpt>voraussichtlich<ept id="1">&lt;/b&gt;</ept>
          weitergehen.</target>
      </trans-unit>
      <trans-unit id="6" translate="no">
        <source>ID-4711</source>
        <target>ID-4711</target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""

GERMAN_LINES_12 = [
    "Bahnstreik legt Züge in ganz Deutschland lahm",
    "Die Gewerkschaft rief alle Lokführer auf, am Montagmorgen die Arbeit niederzulegen.",
    "",
    "Das Bahnunternehmen erklärte, es werde ein Gericht bitten, den Streik zu stoppen.",
    "Die Gespräche sollen voraussichtlich weitergehen.",
]

XLIFF_20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="de">
  <file id="f1">
    <unit id="u1">
      <segment>
        <source>The museum reopens on Friday.</source><target>Das Museum öffnet am Freitag wieder.</target>
      </segment>
      <ignorable><source> </source><target> </target></ignorable>
      <segment>
        <source>Tickets cost <pc id="1">twelve euros</pc><ph id="2"/>.</source>
        <target>Eintrittskarten kosten <pc id="1">zwölf Euro</pc><ph id="2"/>.</target>
      </segment>
    </unit>
    <unit id="u2">
      <segment><source>Children under six enter free of charge.</source><target/></segment>
    </unit>
    <unit id="u3">
      <segment>
        <source>The building was closed for <mrk id="m1" translate="yes">three years</mrk>.</source>
        <target>Das Gebäude war <mrk id="m1" translate="yes">drei Jahre</mrk> lang geschlossen.</target>
      </segment>
    </unit>
  </file>
</xliff>
"""


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def one_line_error(path: Path) -> str:
    with pytest.raises(InputError) as excinfo:
        load_xliff(path)
    message = str(excinfo.value)
    assert "\n" not in message and str(path) in message
    return message


def assert_offsets(article: Article) -> None:
    assert article.sentences
    for sentence in article.sentences:
        assert article.text[sentence.start : sentence.end] == sentence.text


def line_of(article: Article, offset: int) -> int:
    return article.text.count("\n", 0, offset)


def test_xliff_12_units_become_lines(tmp_path: Path) -> None:
    source, target = load_xliff(write(tmp_path, "a.xlf", XLIFF_12))
    assert source is not None
    assert target.text.split("\n") == GERMAN_LINES_12  # inline <g> kept as text, native code <bpt> dropped
    assert (
        source.text.split("\n")[1] == "The union called on all train drivers to stop work on Monday morning."
    )
    assert source.text.split("\n")[4] == "Talks are expected to resume."
    assert len(source.text.split("\n")) == 5  # translate="no" unit left out, <alt-trans> ignored
    assert (source.language, target.language) == ("en", "de")
    assert not source.language_detected and not target.language_detected
    for article in (source, target):
        assert article.format == "xliff" and article.extracted and article.path == tmp_path / "a.xlf"
        assert_offsets(article)
    assert [line_of(source, s.start) for s in source.sentences] == [0, 1, 2, 3, 4]
    assert [line_of(target, s.start) for s in target.sentences] == [0, 1, 3, 4]  # line 2: no target


def test_xliff_20_segments_of_a_unit_share_a_line(tmp_path: Path) -> None:
    source, target = load_xliff(write(tmp_path, "a.xliff", XLIFF_20))
    assert source is not None
    assert target.text.split("\n") == [
        "Das Museum öffnet am Freitag wieder. Eintrittskarten kosten zwölf Euro.",
        "",
        "Das Gebäude war drei Jahre lang geschlossen.",
    ]
    assert source.text.split("\n")[1] == "Children under six enter free of charge."
    assert (source.language, target.language) == ("en", "de")
    for article in (source, target):
        assert_offsets(article)
    assert [line_of(target, s.start) for s in target.sentences] == [0, 0, 2]


def test_languages_detected_when_not_declared(tmp_path: Path) -> None:
    undeclared = XLIFF_20.replace(' srcLang="en" trgLang="de"', "")
    source, target = load_xliff(write(tmp_path, "a.xlf", undeclared))
    assert source is not None and source.language_detected and target.language_detected
    assert (source.language, target.language) == ("en", "de")


def xliff_12(*units: tuple[str, str]) -> str:
    """A minimal XLIFF 1.2 file (no namespace, as some tools write it) with (source, target) units."""
    body = "".join(
        f'<trans-unit id="{i}"><source>{en}</source><target>{de}</target></trans-unit>'
        for i, (en, de) in enumerate(units)
    )
    languages = 'source-language="en" target-language="de"'
    return f'<xliff version="1.2"><file {languages}><body>{body}</body></file></xliff>'


def test_no_source_text_gives_no_source(tmp_path: Path) -> None:
    content = xliff_12(("", "Das Museum öffnet am Freitag wieder."), (" ", "Der Eintritt ist frei."))
    source, target = load_xliff(write(tmp_path, "a.xlf", content))
    assert source is None
    assert target.text == "Das Museum öffnet am Freitag wieder.\nDer Eintritt ist frei."


def test_lines_never_merge_into_one_block(tmp_path: Path) -> None:
    """Fragments that look like hard-wrapped text would be joined into one paragraph by plain segmentation."""
    fragments = [
        ("The president of the regional council said on Monday that the new", "Der Präsident des"),
        ("rules for the city centre would come into force at the start of the", "Regionalrats sagte am"),
        ("year, after months of debate among the members of the council there", "Montag, die neuen Regeln"),
        ("and a vote that was closer than most of the observers had expected.", "gelten ab Januar."),
    ]
    content = xliff_12(*fragments)
    source, _ = load_xliff(write(tmp_path, "wrapped.xlf", content))
    assert source is not None
    assert len(source.blocks) == 4
    assert [line_of(source, s.start) for s in source.sentences] == [0, 1, 2, 3]
    assert_offsets(source)


def test_dtd_is_refused(tmp_path: Path) -> None:
    attack = (
        '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        + XLIFF_12.split("\n", 1)[1].replace("Rail strike", "&b;")
    )
    assert "DTD" in one_line_error(write(tmp_path, "attack.xlf", attack))


def test_bad_files_are_refused_in_one_line(tmp_path: Path) -> None:
    assert "not well-formed XML" in one_line_error(
        write(tmp_path, "a.xlf", "Das ist kein XML, sondern Text.")
    )
    assert "not an XLIFF file" in one_line_error(write(tmp_path, "b.xlf", "<html><p>Hallo</p></html>"))
    no_units = '<xliff version="1.2"><file source-language="en" target-language="de"><body/></file></xliff>'
    assert "no translation units" in one_line_error(write(tmp_path, "c.xlf", no_units))
    untranslated = xliff_12(("The museum reopens on Friday.", ""), ("Entry is free.", "  "))
    assert "no translated text" in one_line_error(write(tmp_path, "d.xlf", untranslated))
    assert "file not found" in one_line_error(tmp_path / "missing.xlf")
    (tmp_path / "e.xlf").write_bytes(b"%PDF-1.4 binary")
    assert "binary" in one_line_error(tmp_path / "e.xlf")
    assert "folder" in one_line_error(tmp_path)


def test_english_target_language_is_refused(tmp_path: Path) -> None:
    english_target = XLIFF_12.replace('target-language="de-DE"', 'target-language="en-GB"')
    message = one_line_error(write(tmp_path, "en.xlf", english_target))
    assert "target-language" in message and "English" in message and "German" in message


def test_given_source_wins_over_the_xliff_source(tmp_path: Path) -> None:
    xlf = write(tmp_path, "a.xlf", XLIFF_12)
    own = write(tmp_path, "a.en.txt", "Rail strike halts trains across Germany\nThe union called a strike.\n")
    report = load_report(xlf, source=own)
    assert report.source is not None and report.source.path == own and report.source.format == "txt"
    assert report.target.format == "xliff"
    only_xlf = load_report(xlf)
    assert only_xlf.source is not None and only_xlf.source.format == "xliff"


def test_check_pairs_units_one_to_one_and_reports_the_missing_target(tmp_path: Path) -> None:
    report = mtcheck.check(write(tmp_path, "a.xlf", XLIFF_12))
    assert [(pair.kind, pair.source_ids, pair.target_ids) for pair in report.pairs] == [
        ("1-1", (0,), (0,)),
        ("1-1", (1,), (1,)),
        ("1-0", (2,), ()),
        ("1-1", (3,), (2,)),
        ("1-1", (4,), (3,)),
    ]
    omissions = [f for f in report.findings if f.category.value == "Accuracy/Omission"]
    assert omissions and "Commuters in Berlin" in (
        omissions[0].source_span.text if omissions[0].source_span else ""
    )


def test_cli_checks_an_xliff_file(tmp_path: Path) -> None:
    xlf = write(tmp_path, "a.xlf", XLIFF_12)
    out = tmp_path / "out.json"
    result = CliRunner().invoke(app, ["check", str(xlf), "--json", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["inputs"]["target"]["format"] == "xliff"
    assert data["inputs"]["source"]["language"] == "en"


def test_deeply_nested_inline_markup_is_read_without_recursion(tmp_path: Path) -> None:
    """Issue 11, item 6: 994 nested <pc> hit Python's recursion limit ("internal error")."""
    depth = 5000
    target = '<pc id="p">' * depth + "Die Regierung legte am Dienstag einen Haushalt vor." + "</pc>" * depth
    text = (
        '<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="de">'
        '<file id="f"><unit id="u"><segment><source>The government presented a budget on Tuesday.</source>'
        f"<target>{target}</target></segment></unit></file></xliff>"
    )
    source, article = load_xliff(write(tmp_path, "deep.xlf", text))
    assert article.text == "Die Regierung legte am Dienstag einen Haushalt vor."
    assert source is not None and source.text.startswith("The government")


def test_inline_text_keeps_document_order_and_drops_native_code(tmp_path: Path) -> None:
    unit = (
        'Die <g id="1">Regierung <g id="2">legte</g> am</g> Dienstag <bpt id="3">&lt;b&gt;</bpt>'
        'einen<ept id="3">&lt;/b&gt;</ept> Haushalt <x id="4"/>vor.'
    )
    _, article = load_xliff(write(tmp_path, "o.xlf", xliff_12(("The government presented a budget.", unit))))
    assert article.text == "Die Regierung legte am Dienstag einen Haushalt vor."


def test_external_entity_is_refused(tmp_path: Path) -> None:
    attack = '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY e SYSTEM "file:///etc/hostname">]>\n' + (
        xliff_12(("The government presented a budget.", "&e;"))
    )
    assert "entity" in one_line_error(write(tmp_path, "x.xlf", attack))
