"""Official forms as PDF (P10): WeasyPrint from HTML with an embedded CJK font."""

from pathlib import Path

from django.template.loader import render_to_string

FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
)


def font_css() -> str:
    """@font-face for the CJK font; WeasyPrint embeds (subsets) it into every PDF."""
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return f'@font-face {{ font-family: "KeqiCJK"; src: url("file://{candidate}"); }}'
    return ""


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, {**context, "font_css": font_css()})
    return HTML(string=html, base_url=str(Path(__file__).parent)).write_pdf()
