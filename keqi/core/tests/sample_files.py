"""Real files for tests: a minimal PDF padded to a size, a PNG, an EXE renamed as anything."""

import io

from PIL import Image

PDF_HEAD = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
PDF_TAIL = b"trailer<</Root 1 0 R>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 4000


def pdf_bytes(size: int = 2048) -> bytes:
    """A real (minimal) PDF padded with a comment to `size` bytes."""
    padding = max(0, size - len(PDF_HEAD) - len(PDF_TAIL) - 2)
    return PDF_HEAD + b"%" + b"x" * padding + b"\n" + PDF_TAIL


def png_bytes(size: int | None = None) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(buffer, format="PNG")
    data = buffer.getvalue()
    if size:
        data += b"\x00" * (size - len(data))  # trailing bytes after IEND: still a PNG to a sniffer
    return data
