"""What a batch tells the person or CI job watching it: a line per article, progress, and a summary.

On a terminal the progress is a bar with articles/s and the time left; elsewhere (CI logs) it is a
plain line every ``interval`` seconds. Article lines go to ``log`` (stdout in the CLI): one per
article with its status and reasons; with ``quiet`` only those blocked, failing or not checked.
"""

from __future__ import annotations

import re
import time
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from mtcheck.batch.entries import STATUSES, BatchEntry, BatchResult

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # article text must not move the cursor or fake a line


def _plain(text: str) -> str:
    return _CONTROL.sub("?", text)


def article_line(entry: BatchEntry) -> str:
    detail = entry.error if entry.status in ("error", "skipped") else "; ".join(entry.reasons)
    line = f"{entry.status.upper()} {entry.name}"
    if entry.unchanged:
        line += " (unchanged)"
    return _plain(f"{line}: {detail}" if detail else line)


def _duration(seconds: float) -> str:
    minutes, rest = divmod(int(round(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m{rest:02d}s" if hours else f"{minutes}m{rest:02d}s"


class BatchProgress:
    def __init__(
        self,
        total: int,
        console: Console | None,
        log: Console | None,
        quiet: bool = False,
        interval: float = 10.0,
    ) -> None:
        self.total, self.console, self.log, self.quiet, self.interval = total, console, log, quiet, interval
        self.done = 0
        self.start = self.last_line = time.monotonic()
        self.bar: Progress | None = None
        if console is not None and console.is_terminal:
            self.bar = Progress(
                TextColumn("[bold]articles"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=console,
                transient=False,
            )
            self.task = self.bar.add_task("articles", total=total, rate="")

    def __enter__(self) -> BatchProgress:
        if self.bar is not None:
            self.bar.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.bar is not None:
            self.bar.stop()
        elif self.console is not None and self.done:
            self.console.print(self.status_line(), markup=False, highlight=False)  # the last word in a CI log

    def rate(self) -> float:
        elapsed = time.monotonic() - self.start
        return self.done / elapsed if elapsed > 0 else 0.0

    def advance(self, entry: BatchEntry) -> None:
        self.done += 1
        if self.log is not None and (not self.quiet or (entry.fails or entry.status in ("block", "error"))):
            # on a terminal, through the live bar's console, so the line scrolls above the bar
            target = self.bar.console if self.bar is not None and self.log.is_terminal else self.log
            target.print(article_line(entry), markup=False, highlight=False, soft_wrap=True)
        if self.bar is not None:
            self.bar.update(self.task, completed=self.done, rate=f"{self.rate():.2f} articles/s")
        elif self.console is not None and (time.monotonic() - self.last_line >= self.interval):
            self.last_line = time.monotonic()
            self.console.print(self.status_line(), markup=False, highlight=False)

    def status_line(self) -> str:
        rate = self.rate()
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        return f"batch: {self.done}/{self.total} articles, {rate:.2f} articles/s, ETA {_duration(left)}"


def summary_lines(result: BatchResult, slowest: int = 5) -> list[str]:
    """Totals per status, the slowest articles and each worker's peak memory."""
    entries = result.entries
    totals = ", ".join(f"{result.count(s)} {s}" for s in STATUSES if result.count(s))
    unchanged = sum(e.unchanged for e in entries)
    checked = [e for e in entries if e.seconds is not None and not e.unchanged]
    lines = [
        f"{len(entries)} articles: {totals}"
        + (f" ({unchanged} unchanged since the last run, not re-checked)" if unchanged else ""),
        f"time: {_duration(result.seconds)}"
        + (f", {len(checked) / result.seconds * 60:.1f} articles/min checked" if checked else ""),
    ]
    if result.interrupted:
        lines.append("interrupted: the reports finished so far are kept; run again to continue")
    if checked:
        ranked = sorted(checked, key=lambda e: e.seconds or 0.0, reverse=True)[:slowest]
        lines.append("slowest: " + ", ".join(f"{_plain(e.name)} {e.seconds:.1f} s" for e in ranked))
    if result.peak_mb:
        peaks = ", ".join(f"{worker} {mb:.0f} MB" for worker, mb in sorted(result.peak_mb.items()))
        lines.append(f"peak memory per worker: {peaks}")
    return lines
