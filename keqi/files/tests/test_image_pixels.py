"""Issue 11 item 7: an image whose header declares too many pixels (a decompression bomb) is
refused at upload with a clear Chinese message, before anything decodes it; Pillow's own limit
is the same, so no decode elsewhere goes beyond it."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from keqi.files.services import inspect
from keqi.files.sniff import max_image_pixels


def png_declaring(width: int, height: int) -> bytes:
    """A few hundred bytes whose IHDR claims width × height pixels."""
    buffer = io.BytesIO()
    Image.new("L", (8, 8)).save(buffer, format="PNG")
    data = bytearray(buffer.getvalue())
    ihdr = data.index(b"IHDR")
    data[ihdr + 4 : ihdr + 12] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[ihdr : ihdr + 17]))
    data[ihdr + 17 : ihdr + 21] = struct.pack(">I", crc)
    return bytes(data)


def check(content: bytes, name="扫描件.png"):
    return inspect(
        SimpleUploadedFile(name, content), types=("image", "pdf"), max_bytes=10 * 1024 * 1024, label="证明材料"
    )


def test_an_image_over_the_pixel_limit_is_refused_with_its_size():
    with pytest.raises(ValidationError) as refused:
        check(png_declaring(8000, 8000))
    assert refused.value.message_dict["file"] == [
        "证明材料：图片尺寸过大（8000×8000像素），请缩小到50百万像素以内（如4000×3000）后重新上传"
    ]


def test_a_bomb_far_over_the_limit_is_refused_before_decoding():
    with pytest.raises(ValidationError) as refused:
        check(png_declaring(60000, 60000))  # 3.6 billion pixels in a few hundred bytes
    assert "图片尺寸过大" in refused.value.message_dict["file"][0]


def test_an_ordinary_scan_passes_and_pillow_uses_the_same_limit():
    found, _listing = check(png_declaring(4000, 3000))
    assert found.mime == "image/png" and not found.problem
    assert Image.MAX_IMAGE_PIXELS == max_image_pixels() == 50_000_000
