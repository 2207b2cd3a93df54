"""``mtcheck checks``: the check registry as a table, a Markdown table, or blocks on a narrow terminal."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

#: Below this terminal width ``mtcheck checks`` prints one block per check instead of a table.
NARROW = 110
INDENT = (0, 0, 0, 2)


def checks_command(
    markdown: Annotated[bool, typer.Option("--markdown", help="Print a Markdown table (for docs).")] = False,
) -> None:
    """List every check: id, MQM category, default severity and the inputs it needs."""
    from mtcheck.checks import CHECKS

    header = ("check", "category", "severity", "needs", "what it finds")
    rows = [
        (
            spec.id,
            spec.category.value,
            spec.severity.value,
            spec.needs,
            spec.description + ("" if spec.default_on else " (off by default: --enable or [checks] enable)"),
        )
        for spec in sorted(CHECKS.values(), key=lambda s: s.id)
    ]
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
        sys.stdout.write("\n".join(lines) + "\n")
        return
    console = Console()
    if console.width < NARROW:
        # A table this narrow would cut ids to "alig…": one block per check keeps every id whole
        # (ids are what an editor types into ``ignore = [...]``).
        for check_id, category, severity, needs, description in rows:
            console.print(Text(check_id, style="bold"), soft_wrap=True)
            details = Text(f"{category} · {severity} · needs {needs}", style="dim")
            console.print(Padding(details, INDENT), Padding(Text(description), INDENT))
        return
    table = Table(*header)
    table.columns[0].no_wrap = True
    for row in rows:
        table.add_row(*row)
    console.print(table)
