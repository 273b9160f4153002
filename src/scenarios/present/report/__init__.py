"""Reports: every analysis computed once, written as one self-contained HTML page or a Markdown folder.

- `build.py`: run the analyses, gather them in a `Report`
- `summary.py`: the plain-language sentences, generated from the numbers
- `sections.py`: the content (text, formatted tables, charts) in reading order
- `figures.py`: the charts as matplotlib figures, serialized to SVG or PNG
- `html.py`, `markdown.py`: the two renderers
"""

from .build import Report, build_report
from .html import check_file
from .markdown import check_folder
from .summary import summarize

FORMATS = ("html", "markdown")

__all__ = ["FORMATS", "Report", "build_report", "check_file", "check_folder", "summarize"]
