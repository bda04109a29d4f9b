"""``cmkpi insights`` output: a terminal table grouped by section, or Markdown."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table

from classicmodels_kpi.insights.model import InsightsResult

_STYLE = {"info": "cyan", "warning": "yellow", "critical": "bold red"}


def print_insights_table(result: InsightsResult, console: Console) -> None:
    console.print(f"[bold]Insights[/bold] as of {result.as_of.isoformat()}", highlight=False)
    for group, findings in result.by_group().items():
        if not findings:
            continue
        table = Table(
            "severity",
            "finding",
            title=group.capitalize(),
            title_justify="left",
            box=box.SIMPLE_HEAD,
            show_header=False,
            expand=True,
        )
        table.columns[0].no_wrap = True
        for f in findings:
            body = f"{f.headline}\n[dim]source: {f.source}[/dim]"
            if f.recommendation:
                body += f"\n[green]→ {f.recommendation}[/green]"
            style = _STYLE[f.severity]
            table.add_row(f"[{style}]{f.severity}[/{style}]", body)
        console.print(table)
    if result.skipped:
        console.print("[bold]Not reported[/bold] (data missing; nothing was estimated)")
        for s in result.skipped:
            console.print(f"  {s.id} ({s.group}): {s.reason}", highlight=False, markup=False)


def insights_markdown(result: InsightsResult) -> str:
    lines = [f"# Insights as of {result.as_of.isoformat()}", ""]
    for group, findings in result.by_group().items():
        if not findings:
            continue
        lines += [f"## {group.capitalize()}", ""]
        for f in findings:
            lines.append(f"- **{f.severity}** {f.headline} — `{f.source}`")
            if f.recommendation:
                lines.append(f"  - Recommendation: {f.recommendation}")
        lines.append("")
    if result.skipped:
        lines += ["## Not reported", "", "Left out because their data is missing:", ""]
        lines += [f"- `{s.id}` ({s.group}): {s.reason}" for s in result.skipped]
        lines.append("")
    return "\n".join(lines)
