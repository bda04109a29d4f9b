"""The report page's fixed beginning (styles and plotly.js), shared by every HTML report.

Kept apart from the renderer, and cheap to import (no pandas, no database layer), because the PDF
path hands this beginning to Chromium before the report's numbers are gathered: the browser
parses the 1.2 MB of plotly.js, its largest single cost, while Python is still working.
"""

from __future__ import annotations

import contextlib
import os
from functools import cache
from pathlib import Path

import jinja2
import jinja2.bccache
from markupsafe import Markup

TEMPLATES = Path(__file__).parent / "templates"
PLOTLY_BUNDLE = Path(__file__).parent / "assets" / "plotly-basic.min.js"
#: The trace types the bundle draws; a chart of another type would stay blank.
PLOTLY_TRACES = frozenset({"bar", "pie", "scatter"})
HEAD_TEMPLATE = "report_head.html.j2"
#: The same variable as ``classicmodels_kpi.database.sqlcache.CACHE_ENV_VAR`` (a test holds them
#: equal); spelt out so that this module does not load the database layer.
CACHE_ENV_VAR = "CMKPI_CACHE_DIR"


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        bytecode_cache=_TemplateCache(),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2")),
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
    )


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept on disk: compiling the page's templates costs a fresh process
    about 50 ms, loading them a few. Beside the SQL cache (``$CMKPI_CACHE_DIR/templates``, else
    the user cache folder); Jinja checks each entry against its template's source and its own
    version. A cache that cannot be read or written only costs the compilation."""

    def __init__(self) -> None:
        configured = os.environ.get(CACHE_ENV_VAR, "").strip()
        if configured:
            folder = Path(configured).expanduser() / "templates"
        else:
            import platformdirs

            folder = Path(platformdirs.user_cache_dir("classicmodels-kpi")) / "templates"
        self.folder = folder
        super().__init__(str(folder))

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # unreadable or damaged: compile again
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)


@cache
def plotly_js() -> str:
    """plotly.js, embedded inline so the HTML opens with no network (no CDN).

    The "basic" bundle of plotly.js (bar, scatter and pie traces; npm
    ``plotly.js-basic-dist-min``, MIT, ``assets/LICENSE-plotly-js``), of the same plotly.js
    version as the plotly package (a test holds them equal): every chart of the report is a bar
    or a scatter trace. It is a quarter of the full bundle (1.2 MB, not 4.8 MB), which Chromium
    parses for about 0.8 s less CPU in every PDF and every browser that opens the page.
    """
    return PLOTLY_BUNDLE.read_text(encoding="utf-8")


@cache
def html_head() -> str:
    """The first bytes of every HTML report, up to and including the plotly.js script."""
    # plotly.js is trusted, pre-built code: mark it safe so it is embedded verbatim.
    return environment().get_template(HEAD_TEMPLATE).render(plotlyjs=Markup(plotly_js()))
