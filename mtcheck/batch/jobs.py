"""What travels between the batch client and its workers, and the hash that makes re-runs incremental.

The client reads every input file itself (it must, to hash it) and sends the bytes; a worker,
local or on another machine, never touches the input folder. Results come back as the report
texts (JSON, HTML, SARIF, JUnit), which the client writes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from mtcheck import __version__
from mtcheck.config import Settings
from mtcheck.model import InputError, Side

#: the files of one article folder, written in this order: report.json last, as it holds the hash
#: that marks the article as done (a kill between two writes leaves the article to be re-checked)
REPORT_FILES = ("report.html", "report.sarif", "report.junit.xml", "report.json")


@dataclass(frozen=True)
class JobContext:
    """What every article of a batch shares: settings, the glossary's and the baseline's bytes."""

    settings: Settings
    glossary: bytes | None = None
    baseline: bytes | None = None
    digest: str = ""  # hash of the above, the mtcheck version and the back-translation model
    timeout: float | None = None  # seconds per article (None: no limit)

    @classmethod
    def build(cls, settings: Settings, timeout: float | None = None) -> JobContext:
        from mtcheck.load import load_glossary, read_bytes
        from mtcheck.translate import model_in_use

        glossary = None
        if settings.glossary is not None:
            load_glossary(settings.glossary)  # a bad glossary stops the batch here, in one line
            glossary = read_bytes(settings.glossary)
        baseline = None
        if settings.gate.baseline is not None:
            from mtcheck.load.baseline import read_baseline

            read_baseline(settings.gate.baseline)  # a malformed baseline stops the batch here
            baseline = read_bytes(settings.gate.baseline)
        fingerprint = {
            "mtcheck": __version__,
            "settings": _settings_fingerprint(settings),
            "glossary": hashlib.sha256(glossary).hexdigest() if glossary is not None else None,
            "bt_model": model_in_use(settings),
            "baseline": hashlib.sha256(baseline).hexdigest() if baseline is not None else None,
        }
        digest = hashlib.sha256(json.dumps(fingerprint, sort_keys=True, default=str).encode()).hexdigest()
        return cls(settings, glossary, baseline, digest, timeout)

    def provided(self) -> dict[str, bytes]:
        """The files a worker serves from memory besides the article's own."""
        files: dict[str, bytes] = {}
        if self.settings.glossary is not None and self.glossary is not None:
            files[str(self.settings.glossary)] = self.glossary
        if self.settings.gate.baseline is not None and self.baseline is not None:
            files[str(self.settings.gate.baseline)] = self.baseline
        return files


def _settings_fingerprint(settings: Settings) -> dict[str, object]:
    """Every setting that can change a report; where the config came from or the cache lives cannot."""
    data = dataclasses.asdict(settings)
    for name in ("config_path", "cache_dir", "bt_threads"):
        data.pop(name, None)
    return data


@dataclass(frozen=True)
class ArticleJob:
    """One article as sent to a worker: file names (as the report shows them) and their bytes."""

    name: str
    folder: str  # the article's folder under the output folder
    paths: dict[Side, str]
    data: dict[str, bytes] = field(repr=False)
    input_hash: str


def read_job(name: str, folder: str, files: dict[Side, Path], context: JobContext) -> ArticleJob:
    """Read the article's files and hash them with the context; InputError when a file is unreadable."""
    from mtcheck.load import read_bytes

    if "target" not in files:
        raise InputError(f"no target.de.txt (or NAME.de.txt) for article {name!r}")
    paths = {side: str(path) for side, path in files.items()}
    data = {str(path): read_bytes(path) for path in files.values()}
    digest = hashlib.sha256(context.digest.encode())
    for side in sorted(paths):
        digest.update(f"\0{side}\0{paths[side]}\0".encode())
        digest.update(hashlib.sha256(data[paths[side]]).digest())
    from mtcheck.load.baseline import sidecar_path
    from mtcheck.load.files import read_optional_bytes

    sidecar = sidecar_path(files["target"])  # the editor's accepted findings travel with the article
    if (accepted := read_optional_bytes(sidecar)) is not None:
        data[str(sidecar)] = accepted
        digest.update(b"\0sidecar\0" + hashlib.sha256(accepted).digest())
    return ArticleJob(name, folder, paths, data, f"sha256:{digest.hexdigest()}")


@dataclass
class ArticleResult:
    """What a worker sends back for one article: the report texts, or why there are none."""

    name: str
    folder: str
    outputs: dict[str, str] = field(default_factory=dict)  # file name (REPORT_FILES) → text
    error: str | None = None
    seconds: float = 0.0
    worker: str = ""
    peak_mb: float | None = None  # the worker's peak resident memory so far
