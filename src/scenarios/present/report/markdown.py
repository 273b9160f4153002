"""The report as Markdown: report.md with its charts as files beside it, in one folder.

Model text is escaped for Markdown renderers that pass raw HTML through (`<`, `>`, `&`) and for
tables (`|`). The folder is written whole or not at all: a temporary sibling, then a rename.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ...errors import UsageError
from . import figures
from .sections import Bullets, Chart, Explore, Num, Section, Table, heading_note, sections

IMAGE_FORMATS = ("svg", "png")
REPORT_FILE = "report.md"
_OURS = re.compile(r"^\d\d-[a-z0-9-]+\.(svg|png)$")  # chart files a report folder holds


def md_text(text: Any) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def md_cell(text: Any) -> str:
    return md_text(text).replace("|", "\\|").replace("\n", " ")


def table_md(t: Table) -> str:
    numeric = [any(isinstance(r[k], Num) for r in t.rows) for k in range(len(t.columns))]
    head = "| " + " | ".join(md_cell(c) for c in t.columns) + " |"
    rule = "|" + "|".join("---:" if n else "---" for n in numeric) + "|"
    rows = [
        "| " + " | ".join(md_cell(c.text if isinstance(c, Num) else c) for c in row) + " |" for row in t.rows
    ]
    out = "\n".join([head, rule, *rows])
    return out + (f"\n\n*{md_text(t.caption)}*" if t.caption else "")


def render_markdown(report: Any, image_format: str = "svg") -> tuple[str, dict[str, bytes]]:
    """report.md's text and the chart files it links to (file name → bytes)."""
    if image_format not in IMAGE_FORMATS:
        raise UsageError.at("image_format", image_format, f"expected one of {', '.join(IMAGE_FORMATS)}")
    secs = sections(report)
    files: dict[str, bytes] = {}
    parts = [f"# {md_text(report.model.title)}", ""]
    if report.model.source:
        parts += [md_text(report.model.source), ""]
    parts += [md_text(heading_note(report)), ""]
    parts += [f"Sensitivity report · {report.settings.get('Created', '')}", ""]
    parts += [f"{k}. [{md_text(s.title)}](#{s.key})" for k, s in enumerate(secs, 1)] + [""]
    for s in secs:
        parts.append(section_md(s, image_format, files))
    return "\n".join(parts).rstrip() + "\n", files


def section_md(s: Section, image_format: str, files: dict[str, bytes]) -> str:
    out = [f'<a id="{s.key}"></a>', "", f"## {md_text(s.title)}", ""]
    for b in s.blocks:
        if isinstance(b, Table):
            out.append(table_md(b))
        elif isinstance(b, Chart):
            name = f"{b.name}.{image_format}"
            files[name] = figures.to_bytes(b.draw(), image_format)
            out.append(f"![{md_text(b.alt)}]({name})")
        elif isinstance(b, Bullets):
            out.append("\n".join(f"- {md_text(i)}" for i in b.items))
        elif isinstance(b, Explore):
            out.append(b.note)  # the panel needs the HTML page's script
        else:
            out.append(md_text(b))
        out.append("")
    return "\n".join(out)


def is_report_folder(folder: Path) -> bool:
    """True for a folder this module wrote: report.md and chart files, nothing else."""
    names = [p.name for p in folder.iterdir()]
    return REPORT_FILE in names and all(n == REPORT_FILE or _OURS.match(n) for n in names)


def check_folder(folder: str | os.PathLike[str]) -> Path:
    """Raise UsageError unless a report folder can be written at `folder`: its parent exists, and
    it is absent, empty, or an earlier report (report.md and chart files alone)."""
    folder = Path(folder)
    parent = folder.parent
    if not parent.is_dir():
        raise UsageError.at("--output", str(folder), f"folder {str(parent)!r} does not exist")
    if folder.exists() and not folder.is_dir():
        raise UsageError.at("--output", str(folder), "is a file; give a folder name for --format markdown")
    if folder.is_dir() and any(folder.iterdir()) and not is_report_folder(folder):
        raise UsageError.at(
            "--output", str(folder), "folder exists and holds files other than a report; choose another"
        )
    return folder


def write_markdown(report: Any, folder: str | os.PathLike[str], image_format: str = "svg") -> Path:
    """Write `folder`/report.md and its charts. The folder is built as a temporary sibling and
    renamed into place; an existing folder is replaced only if it is an earlier report (report.md
    and chart files alone), never a folder holding anything else."""
    folder = check_folder(folder)
    parent = folder.parent
    text, files = render_markdown(report, image_format)
    try:
        tmp = Path(tempfile.mkdtemp(dir=parent, prefix=f".{folder.name}.", suffix=".tmp"))
    except OSError as e:
        raise UsageError.at("--output", str(folder), f"cannot write there ({e.strerror})") from None
    old = None
    try:
        (tmp / REPORT_FILE).write_text(text, encoding="utf-8")
        for name, data in files.items():
            (tmp / name).write_bytes(data)
        tmp.chmod(0o755)
        if folder.exists():
            old = Path(tempfile.mkdtemp(dir=parent, prefix=f".{folder.name}.", suffix=".old"))
            os.replace(folder, old / folder.name)
        os.replace(tmp, folder)
    except BaseException:
        if old is not None and not folder.exists():
            os.replace(old / folder.name, folder)  # put the earlier report back
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    return folder
