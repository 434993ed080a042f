"""Encode 8-bit images to PNG/JPEG/WebP bytes, and the blank tile served outside the data."""

from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image
from rio_tiler.models import ImageData

from tiles.raster.params import FORMATS, ImageFormat

JPEG_BACKGROUND = (255, 255, 255)


def encode(img: ImageData, fmt: ImageFormat) -> bytes:
    """Encode an 8-bit image; PNG/WebP keep the mask as alpha, JPEG drops it."""
    options = {"quality": 85} if fmt in ("jpg", "webp") else {}
    return img.render(add_mask=fmt != "jpg", img_format=FORMATS[fmt], **options)


@lru_cache(maxsize=16)
def blank(fmt: ImageFormat, size: int = 256) -> bytes:
    """A transparent tile (white for JPEG, which has no alpha)."""
    mode, colour = ("RGB", JPEG_BACKGROUND) if fmt == "jpg" else ("RGBA", (0, 0, 0, 0))
    buffer = io.BytesIO()
    Image.new(mode, (size, size), colour).save(buffer, format=FORMATS[fmt])
    return buffer.getvalue()


def transcode(data: bytes, fmt: ImageFormat) -> bytes:
    """Re-encode stored tile bytes (e.g. a JPEG pack asked for as PNG)."""
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        if fmt == "jpg" and image.mode not in ("RGB", "L"):
            background = Image.new("RGB", image.size, JPEG_BACKGROUND)
            background.paste(image, mask=image.convert("RGBA").getchannel("A"))
            image = background
        buffer = io.BytesIO()
        image.save(buffer, format=FORMATS[fmt])
    return buffer.getvalue()
