"""The report as one self-contained HTML page: inline CSS, SVG and script, no external file.

Every string that comes from the model is escaped with `html.escape`; every element holding
such text carries `dir="auto"`, so right-to-left labels (Arabic) lay out right-to-left. The one
script is the Explore panel's (`explore.js`, inlined); a Content-Security-Policy lets that script
and nothing else run, and forbids every network fetch, so even a label that slipped past escaping
could not execute or phone home.
"""

from __future__ import annotations

import html
import math
import os
from pathlib import Path
from typing import Any

from ...errors import UsageError
from . import explore, figures
from .sections import Bullets, Chart, Explore, Num, Section, Table, heading_note, sections

CSS = """
:root { --ink: #1a1a1a; --muted: #555; --rule: #d0d0d0; --band: #f4f6f8; --accent: #0072B2; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", "DejaVu Sans", sans-serif; }
main { max-width: 1000px; margin: 0 auto; padding: 1.5rem 1.5rem 4rem; }
header h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 .3rem; }
header p { color: var(--muted); margin: .2rem 0; }
nav { margin: 1rem 0 1.5rem; padding: .6rem 1rem; background: var(--band); border-radius: 6px; }
nav ol { margin: 0; padding-left: 1.3rem; columns: 2; column-gap: 2rem; }
nav a { color: var(--accent); text-decoration: none; }
section { margin-top: 2.2rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid var(--accent); padding-bottom: .2rem; }
#summary ul { padding-left: 1.2rem; }
#summary li { margin: .45rem 0; }
figure { margin: 1rem 0; }
figure svg { display: block; height: auto; }
figcaption, .caption { color: var(--muted); font-size: .85rem; margin: .3rem 0; }
.table-wrap { overflow-x: auto; margin: .8rem 0 1.2rem; }
table { border-collapse: collapse; font-size: .85rem; }
th, td { padding: .3rem .55rem; border-bottom: 1px solid var(--rule); vertical-align: top;
  text-align: start; }
th { background: var(--band); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: 600; border-top: 2px solid var(--rule); }
@media print {
  @page { size: A4; margin: 14mm; }
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  h2 { break-after: avoid; }
  figure, tr { break-inside: avoid; }
  .table-wrap { overflow: visible; }
  table { font-size: 8pt; }
  a { color: inherit; text-decoration: none; }
}
"""


def check_file(path: str | os.PathLike[str]) -> Path:
    """Raise UsageError unless an HTML file can be written at `path` (its folder exists and it is
    not itself a folder); `present.write_atomic` checks again when writing."""
    path = Path(path)
    if not path.parent.is_dir():
        raise UsageError.at("--output", str(path), f"folder {str(path.parent)!r} does not exist")
    if path.is_dir():
        raise UsageError.at("--output", str(path), "is a folder; give a file name")
    return path


def esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


def table_html(t: Table) -> str:
    head = "".join(f'<th scope="col" dir="auto">{esc(c)}</th>' for c in t.columns)
    body = []
    for i, row in enumerate(t.rows):
        cells = []
        for k, cell in enumerate(row):
            if isinstance(cell, Num):
                value = "" if math.isnan(cell.value) else f' data-value="{cell.value!r}"'
                cells.append(f'<td class="num"{value} dir="auto">{esc(cell.text)}</td>')
            elif k == 0:
                cells.append(f'<th scope="row" dir="auto">{esc(cell)}</th>')
            else:
                cells.append(f'<td dir="auto">{esc(cell)}</td>')
        cls = ' class="total"' if t.total and i == len(t.rows) - 1 else ""
        body.append(f"<tr{cls}>{''.join(cells)}</tr>")
    caption = f'<p class="caption" dir="auto">{esc(t.caption)}</p>' if t.caption else ""
    return (
        f'<div class="table-wrap"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>{caption}"
    )


def chart_html(c: Chart) -> str:
    fig = c.draw()
    return f'<figure>{figures.to_svg(fig, c.alt)}<figcaption dir="auto">{esc(c.alt)}</figcaption></figure>'


def block_html(b: Any) -> str:
    if isinstance(b, Table):
        return table_html(b)
    if isinstance(b, Chart):
        return chart_html(b)
    if isinstance(b, Explore):
        return explore.panel_html(b.model)
    if isinstance(b, Bullets):
        return "<ul>" + "".join(f'<li dir="auto">{esc(i)}</li>' for i in b.items) + "</ul>"
    return f'<p dir="auto">{esc(b)}</p>'


def section_html(s: Section) -> str:
    inner = "\n".join(block_html(b) for b in s.blocks)
    return f'<section id="{esc(s.key)}">\n<h2 dir="auto">{esc(s.title)}</h2>\n{inner}\n</section>'


def render_html(report: Any) -> str:
    """The whole page as a string."""
    secs = sections(report)
    m = report.model
    toc = "".join(f'<li><a href="#{esc(s.key)}" dir="auto">{esc(s.title)}</a></li>' for s in secs)
    source = f'<p dir="auto">{esc(m.source)}</p>' if m.source else ""
    created = report.settings.get("Created", "")
    version = report.settings.get("scenarios version", "")
    js = explore.script()
    # charts hold inline styles and data: PNGs (matplotlib's colour bars); the one script is ours
    csp = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src "
    csp += explore.script_hash(js)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta http-equiv="Content-Security-Policy" content="{csp}">',
            f'<meta name="generator" content="scenarios {esc(version)}">',
            f"<title>{esc(m.title)} — sensitivity report</title>",
            f"<style>{CSS}{explore.CSS}</style>",
            "</head>",
            "<body>",
            "<main>",
            f'<header><h1 dir="auto">{esc(m.title)}</h1>{source}'
            f'<p dir="auto">{esc(heading_note(report))}</p>'
            f"<p>Sensitivity report · {esc(created)}</p></header>",
            f'<nav aria-label="Contents"><ol>{toc}</ol></nav>',
            *(section_html(s) for s in secs),
            "</main>",
            f"<script>{js}</script>",
            "</body>",
            "</html>",
            "",
        ]
    )
