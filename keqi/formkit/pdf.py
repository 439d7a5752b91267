"""Official forms as PDF (P10): WeasyPrint from HTML with an embedded (subset) CJK font.

Fast and flat in a deadline rush (issue 9; figures and method in docs/performance.md):

- one WeasyPrint `FontConfiguration` per process, reused by every render. A new one per render
  (WeasyPrint's default) re-initialises fontconfig, and an ``@font-face`` pointing at the 19 MB
  Noto CJK collection was read, copied to a temporary folder and scanned on every render; its
  cyclic garbage held hundreds of MB until a full collection;
- templates name the family ``KeqiCJK``; the shared configuration gives that family (by a
  fontconfig scan rule, no copy) to a pre-subset font — GB 2312 and common symbols from Noto
  Sans CJK SC, 3 MB instead of the 19 MB collection (`build_subset_font`, kept under
  ``var/fonts`` or ``KEQI_PDF_FONT``) — or, until it is built, to the system's collection.
  Rarer characters (喆, 堃 …) fall back to the full system font. WeasyPrint reads the whole file
  of every face it embeds on every render, and bold text pulled a second 20 MB face: one small
  face (bold synthesised) is faster and gives 2.5× smaller PDFs;
- renders take a per-process lock (Pango/fontconfig objects are shared) and end with a
  garbage collection of the young generations, where WeasyPrint leaves its cycles;
- `warm_up()` (called by `keqi.wsgi`) builds the configuration, lays out the common characters
  with the documents' styles and freezes the heap, so a worker forked after it (gunicorn
  ``--preload``), or one that imported `keqi.wsgi` as it booted, renders its first document at
  warm speed.
"""

import fcntl
import gc
import logging
import os
import sys
import threading
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.template.loader import render_to_string

FAMILY = "KeqiCJK"
FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
)
SUBSET_FAMILY = "KeqiCJK Subset"
SUBSET_SOURCE = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "Noto Sans CJK SC")
# Beside GB 2312: Latin-1, general punctuation, letterlike symbols (℃ №), Roman numerals
# (Ⅰ类知识产权), arrows, maths, enclosed numbers (①), box drawing and shapes (■□☐), CJK
# symbols and punctuation, fullwidth forms.
SUBSET_RANGES = (
    (0x20, 0x7E),
    (0xA0, 0xFF),
    (0x2000, 0x206F),
    (0x2100, 0x218F),
    (0x2190, 0x22FF),
    (0x2460, 0x24FF),
    (0x2500, 0x26FF),
    (0x3000, 0x303F),
    (0xFF00, 0xFFEF),
)
logger = logging.getLogger(__name__)

_lock = threading.RLock()
_font_config = None
_base_url = str(Path(__file__).parent)


def subset_font_path() -> Path:
    """Where the pre-subset CJK font lives (built once by `build_subset_font`)."""
    configured = os.environ.get("KEQI_PDF_FONT")
    if configured:
        return Path(configured)
    return Path(getattr(settings, "VAR_DIR", "var")) / "fonts" / "KeqiCJK-SC-Regular.otf"


def subset_characters() -> set[int]:
    codepoints = {code for start, end in SUBSET_RANGES for code in range(start, end + 1)}
    for first in range(0xA1, 0xF8):
        for second in range(0xA1, 0xFF):
            try:
                codepoints.add(ord(bytes((first, second)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return codepoints


def build_subset_font(target: Path | None = None, characters=None) -> Path | None:
    """Write the pre-subset CJK font (family ``KeqiCJK Subset``) from the system's Noto Sans CJK
    SC; about 10–15 s once per machine. None when the system font is missing."""
    from fontTools import subset
    from fontTools.ttLib import TTCollection

    path, family = SUBSET_SOURCE
    if not Path(path).is_file():
        return None
    target = Path(target or subset_font_path())
    target.parent.mkdir(parents=True, exist_ok=True)
    font = next(f for f in TTCollection(path, lazy=True).fonts if f["name"].getDebugName(1) == family)
    options = subset.Options()
    options.hinting = False
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["VORG", "vhea", "vmtx"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset_characters() if characters is None else characters)
    subsetter.subset(font)
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 16):
            names.setName(SUBSET_FAMILY, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID in (3, 4):
            names.setName(f"{SUBSET_FAMILY} Regular", record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 6:
            names.setName("KeqiCJKSubset-Regular", record.nameID, record.platformID, record.platEncID, record.langID)
    partial = target.with_name(f".{target.name}.{os.getpid()}")
    font.save(partial)
    os.replace(partial, target)
    return target


def ensure_subset_font() -> Path | None:
    """Build the subset font when it is missing; concurrent workers wait for one build."""
    target = subset_font_path()
    if target.is_file() or os.environ.get("KEQI_PDF_FONT_BUILD", "1") == "0":
        return target if target.is_file() else None
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.with_name(target.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not target.is_file():
            print(f"正在生成 PDF 中文字体子集（仅首次，约 15 秒）：{target}", file=sys.stderr, flush=True)
            try:
                build_subset_font(target)
            except Exception:  # the full system font still works, only slower
                logger.exception("PDF 字体子集生成失败，使用系统字体")
    return target if target.is_file() else None


def reset_font_config() -> None:
    """Forget the shared configuration (tests, or after building the subset font)."""
    global _font_config
    with _lock:
        _font_config = None


def font_css() -> str:
    """Kept for templates that include ``{{ font_css|safe }}``: the family is now configured in
    fontconfig by the shared configuration, so no ``@font-face`` (and no font copy) is needed."""
    return ""


def _family_rule(path: str) -> bytes:
    """fontconfig rule: faces scanned from `path` also answer to the family ``KeqiCJK`` (what
    WeasyPrint does for an ``@font-face``, without copying the file)."""
    return (
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd"><fontconfig>'
        f'<match target="scan"><test name="file" compare="eq"><string>{escape(path)}</string></test>'
        f'<edit name="family" mode="prepend"><string>{FAMILY}</string></edit></match>'
        "</fontconfig>"
    ).encode()


def font_files() -> list[str]:
    """The font files that answer to ``KeqiCJK``: the subset font when built, else the system's."""
    subset = subset_font_path()
    if subset.is_file():
        return [str(subset)]
    return [candidate for candidate in FONT_CANDIDATES if Path(candidate).is_file()][:1]


def font_config():
    """The process's one FontConfiguration, with ``KeqiCJK`` registered from `font_files`."""
    global _font_config
    if _font_config is None:
        with _lock:
            if _font_config is None:
                from weasyprint.text.ffi import ffi, fontconfig, pangoft2
                from weasyprint.text.fonts import FontConfiguration

                config = FontConfiguration()
                for path in font_files():
                    fontconfig.FcConfigParseAndLoadFromMemory(config._config, _family_rule(path), True)
                    fontconfig.FcConfigAppFontAddFile(config._config, path.encode())
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


WARM_UP_HTML = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 18mm 16mm;
  @bottom-left {{ content: "第1版 · 校验码 0123ABCD"; font-family: "{family}"; font-size: 8pt; }}
  @bottom-right {{ content: counter(page) " / " counter(pages); font-family: "{family}"; font-size: 9pt; }} }}
body {{ font-family: "{family}", sans-serif; font-size: 10.5pt; line-height: 1.5; }}
h1 {{ font-size: 20pt; text-align: center; }} h2 {{ font-size: 13pt; }}
table {{ width: 100%; border-collapse: collapse; }} th, td {{ border: 0.5pt solid #333; padding: 2mm; }}
th {{ background: #eee; }} .fixed {{ table-layout: fixed; }}
</style></head><body><h1>科技型中小企业信息表</h1><h2>企业基本信息</h2>
<table><tr><th>企业名称</th><td>北京科企通测试科技有限公司</td><th>金额（万元）</th><td>1,234.50</td></tr></table>
<table class="fixed"><tr><th>序号</th><th>项目名称</th></tr><tr><td>1</td><td>{text}</td></tr></table>
<p><b>法定代表人（签字）：＿＿＿＿</b> 日期：　　年　　月　　日</p></body></html>"""


def warm_up() -> None:
    """Load WeasyPrint, fontconfig, the CJK font and the metrics of the common characters (GB 2312
    level 1) now rather than in the first request, building the subset font first if this
    machine has none yet; then freeze the heap (`gc.freeze`). About 1 s of CPU, once per process
    (or once in gunicorn's master)."""
    if _font_config is None:
        ensure_subset_font()
    common = "".join(
        bytes((first, second)).decode("gb2312")
        for first in range(0xB0, 0xD8)
        for second in range(0xA1, 0xFF)
        if (first, second) < (0xD7, 0xFA)
    )
    html_to_pdf(WARM_UP_HTML.format(family=FAMILY, text=common))
    # What is alive now (Django, WeasyPrint, font caches) lives as long as the process: keep it out
    # of full collections (they took ~40 ms each after renders) and, before gunicorn forks its
    # workers, out of the pages a collection would copy.
    gc.collect()
    gc.freeze()
