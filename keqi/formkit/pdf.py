"""Official forms as PDF (P10): WeasyPrint from HTML with an embedded (subset) CJK font.

Fast and flat in a deadline rush (issue 9; figures and method in docs/performance.md):

- one WeasyPrint `FontConfiguration` per process, reused by every render. A new one per render
  (WeasyPrint's default) re-initialises fontconfig, and an ``@font-face`` pointing at the 19 MB
  Noto CJK collection was read, copied to a temporary folder and scanned on every render; its
  cyclic garbage held hundreds of MB until a full collection;
- templates name the family ``KeqiCJK``; the shared configuration maps it in fontconfig to
  the pre-subset font (``KEQI_PDF_FONT``, built by `build_subset_font`) and then the system's
  Noto CJK faces, so nothing is copied and rarer characters still fall back to the full font;
- renders take a per-process lock (Pango/fontconfig objects are shared) and end with a
  garbage collection of the young generations, where WeasyPrint leaves its cycles;
- `warm_up()` imports WeasyPrint, builds the configuration and renders a one-line page, so a
  web worker forked after it (gunicorn ``--preload``, or `keqi.wsgi` at import) renders its
  first document at warm speed.
"""

import gc
import os
import threading
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

FAMILY = "KeqiCJK"
SYSTEM_FAMILIES = ("Noto Sans CJK SC", "Noto Serif CJK SC", "WenQuanYi Zen Hei", "Source Han Sans SC")
FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
)
SUBSET_FAMILY = "KeqiCJK Subset"

_lock = threading.RLock()
_font_config = None
_base_url = str(Path(__file__).parent)


def subset_font_path() -> Path:
    """Where the pre-subset CJK font lives (built once by `build_subset_font`)."""
    configured = os.environ.get("KEQI_PDF_FONT")
    if configured:
        return Path(configured)
    return Path(getattr(settings, "VAR_DIR", "var")) / "fonts" / "KeqiCJK-SC-Regular.otf"


def font_css() -> str:
    """Kept for templates that include ``{{ font_css|safe }}``: the family is now configured in
    fontconfig by the shared configuration, so no ``@font-face`` (and no font copy) is needed."""
    return ""


def _alias_xml(families: list[str]) -> bytes:
    prefer = "".join(f"<family>{name}</family>" for name in families)
    return (
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd"><fontconfig>'
        f"<alias binding='strong'><family>{FAMILY}</family><prefer>{prefer}</prefer></alias>"
        "</fontconfig>"
    ).encode()


def font_config():
    """The process's one FontConfiguration, with ``KeqiCJK`` mapped to the subset font (when
    built) and the system's CJK faces."""
    global _font_config
    if _font_config is None:
        with _lock:
            if _font_config is None:
                from weasyprint.text.ffi import ffi, fontconfig, pangoft2
                from weasyprint.text.fonts import FontConfiguration

                config = FontConfiguration()
                families = list(SYSTEM_FAMILIES)
                subset = subset_font_path()
                if subset.is_file() and fontconfig.FcConfigAppFontAddFile(config._config, str(subset).encode()):
                    families.insert(0, SUBSET_FAMILY)
                fontconfig.FcConfigParseAndLoadFromMemory(config._config, _alias_xml(families), True)
                pangoft2.pango_fc_font_map_config_changed(ffi.cast("PangoFcFontMap *", config.font_map))
                _font_config = config
    return _font_config


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    with _lock:
        try:
            return HTML(string=html, base_url=_base_url).write_pdf(font_config=font_config())
        finally:
            gc.collect(1)


def render_pdf(template: str, context: dict) -> bytes:
    html = render_to_string(template, {**context, "font_css": font_css()})
    return html_to_pdf(html)


def warm_up() -> None:
    """Load WeasyPrint, fontconfig and the CJK font now rather than in the first request."""
    html_to_pdf(f'<html><body style="font-family: {FAMILY}"><b>科企通</b> 封面 承诺函 申报表 0123456789</body></html>')
    gc.collect()
