"""Reports and exports of one borger's SMTTE history (``smtte export`` and the app's export key).

No Textual here: the app calls these in a worker, the CLI calls them directly.
"""

from __future__ import annotations

from smtte_tui.report.export import (
    FORMATS,
    ExportError,
    Format,
    Report,
    export_borger,
    export_filename,
    find_borger,
    gather,
    record_export,
    render_csv,
    render_export,
    render_html,
    render_markdown,
    write_export,
)
from smtte_tui.report.svg import chart_svg

__all__ = [
    "FORMATS",
    "ExportError",
    "Format",
    "Report",
    "chart_svg",
    "export_borger",
    "export_filename",
    "find_borger",
    "gather",
    "record_export",
    "render_csv",
    "render_export",
    "render_html",
    "render_markdown",
    "write_export",
]
