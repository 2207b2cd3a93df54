"""glossary.*: required and forbidden German terms from a CSV or TBX glossary."""

from pathlib import Path

import pytest
from report_helpers import run_check

from mtcheck.load import report_from_sentences
from mtcheck.load.glossary import Glossary, GlossaryEntry, load_glossary
from mtcheck.model import Category, Finding, InputError, Report, Severity

FIXTURES = Path(__file__).parent / "fixtures" / "checks_glossary"


def run(check_id: str, report: Report, glossary: Glossary | None = None, **options: object) -> list[Finding]:
    return run_check(check_id, report, options, glossary=glossary)


def test_csv_columns() -> None:
    glossary = load_glossary(FIXTURES / "glossary.csv")
    assert GlossaryEntry("ceasefire", "Waffenstillstand", False, "house style") in glossary.entries
    assert GlossaryEntry(None, "Nato", True, "we write NATO") in glossary.entries
    assert [e.target for e in glossary.required_by_source()["ceasefire"]] == [
        "Waffenstillstand",
        "Waffenruhe",
    ]


@pytest.mark.parametrize("name", ["glossary.tbx", "glossary_v3.tbx"])
def test_tbx_preferred_and_deprecated_terms(name: str) -> None:
    glossary = load_glossary(FIXTURES / name)
    assert GlossaryEntry("ceasefire", "Waffenstillstand", False) in glossary.entries
    assert GlossaryEntry("ceasefire", "Feuerpause", True) in glossary.entries


def test_required_term_missing_is_a_major_terminology_finding() -> None:
    glossary = load_glossary(FIXTURES / "glossary.csv")
    source = ["Trump proposed a 30-day ceasefire.", "The ceasefire held."]
    target = ["Trump schlug eine 30-tägige Feuerpause vor.", "Der Waffenstillstand hielt."]
    (finding,) = run("glossary.required", report_from_sentences(target, source=source), glossary)
    assert finding.category is Category.TERMINOLOGY and finding.severity is Severity.MAJOR
    assert finding.source_span is not None and finding.source_span.text == "ceasefire"
    assert finding.target_span.text == target[0] and finding.suggestion == "Waffenstillstand"


def test_required_term_inflected_alternative_or_in_compound_is_fine() -> None:
    glossary = load_glossary(FIXTURES / "glossary.csv")
    source = ["Ceasefires rarely last.", "The ceasefire talks began.", "A ceasefire is near."]
    target = [
        "Waffenstillstände halten selten.",
        "Die Waffenstillstandsgespräche begannen.",
        "Eine Waffenruhe naht.",
    ]
    report = report_from_sentences(target, source=source)
    found = run("glossary.required", report, glossary)
    # "Waffenstillstände" has an umlaut plural: the glossary must list it to accept it
    assert [f.pair for f in found] == [0]


def test_forbidden_terms_point_at_the_term() -> None:
    glossary = load_glossary(FIXTURES / "glossary.csv")
    target = ["Die NATO forderte eine Feuerpause.", "Die Nato schwieg."]
    found = run("glossary.forbidden", report_from_sentences(target), glossary)
    assert [f.target_span.text for f in found] == ["Feuerpause", "Nato"]
    assert found[0].suggestion == "Waffenstillstand" and "Waffenruhe" in found[0].message


def test_glossary_path_from_check_options_and_none_without_glossary() -> None:
    report = report_from_sentences(["Eine Feuerpause."])
    assert run("glossary.forbidden", report) == []
    found = run("glossary.forbidden", report, path=str(FIXTURES / "glossary.tbx"))
    assert [f.target_span.text for f in found] == ["Feuerpause"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("term,translation\na,b\n", "needs a header row"),
        ("source,target,forbidden\nceasefire,Feuerpause,maybe\n", "line 2: 'forbidden' must be yes or no"),
        ("source,target\nceasefire,\n", "line 2: empty 'target'"),
        ("source,target\n", "has no terms"),
        ("<martif><text><body><termEntry>", "not valid TBX"),
        ("<martif><text><body/></text></martif>", "no termEntry"),
    ],
)
def test_bad_glossaries_raise_one_line_input_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / ("g.tbx" if content.startswith("<") else "g.csv")
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as error:
        load_glossary(path)
    assert "\n" not in str(error.value)


def test_csv_with_cr_only_line_ends_loads(tmp_path: Path) -> None:
    """Issue 11, item 6: old Mac Excel exports end lines with CR alone (csv raised "new-line character")."""
    path = tmp_path / "g.csv"
    path.write_bytes("source,target,forbidden\rceasefire,Waffenruhe,\r,Flüchtling,yes\r".encode())
    glossary = load_glossary(path)
    assert glossary.entries == [
        GlossaryEntry("ceasefire", "Waffenruhe", False),
        GlossaryEntry(None, "Flüchtling", True),
    ]


def test_csv_field_over_128_kb_is_one_line_input_error(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("source,target\nceasefire," + "W" * 140_000 + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"near line 2: a field is longer than 128 KB") as error:
        load_glossary(path)
    assert "\n" not in str(error.value)


ENTITY_TBX = """<?xml version="1.0"?>
<!DOCTYPE martif [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<martif type="TBX"><text><body><termEntry id="1">
<langSet xml:lang="de"><tig><term>&lol2;</term>
<termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig></langSet>
</termEntry></body></text></martif>
"""


def test_tbx_with_entities_is_refused(tmp_path: Path) -> None:
    """Issue 11, item 15: TBX was parsed by the plain expat parser, which expands entities."""
    path = tmp_path / "g.tbx"
    path.write_text(ENTITY_TBX, encoding="utf-8")
    with pytest.raises(InputError, match="entity declarations is refused"):
        load_glossary(path)
    external = ENTITY_TBX.replace('<!ENTITY lol "lol">', '<!ENTITY lol SYSTEM "file:///etc/hostname">')
    path.write_text(external, encoding="utf-8")
    with pytest.raises(InputError, match="entity declarations is refused"):
        load_glossary(path)


def test_tbx_with_a_doctype_naming_its_dtd_still_loads(tmp_path: Path) -> None:
    """TBX-Basic files carry <!DOCTYPE martif SYSTEM "…dtd">: allowed, the DTD is never read."""
    path = tmp_path / "g.tbx"
    body = ENTITY_TBX.split("\n", 2)[2].replace("&lol2;", "Flüchtling")
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">\n{body}',
        encoding="utf-8",
    )
    assert load_glossary(path).entries == [GlossaryEntry(None, "Flüchtling", True)]


def test_missing_binary_and_legacy_encoded_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^glossary .*nope\.csv: file not found$"):
        load_glossary(tmp_path / "nope.csv")
    binary = tmp_path / "sheet.csv"
    binary.write_bytes(b"PK\x03\x04" + bytes(range(256)))  # an .xlsx saved under a .csv name
    with pytest.raises(InputError, match="^glossary .*binary file"):
        load_glossary(binary)
    # an Excel CSV export in cp1252 is decoded like an article, not refused
    latin = tmp_path / "latin.csv"
    latin.write_bytes("source,target\nstreet,Straße\n".encode("cp1252"))
    assert [e.target for e in load_glossary(latin).entries] == ["Straße"]
