"""A child's drawing as bytes Kith will keep: a PNG or JPEG (judged by its first bytes), no larger
than 3 MB, which Pillow can read, re-encoded so nothing but the picture is kept.

Re-encoding matters for photos: a phone's photo of a drawing carries the phone's metadata, often
where it was taken, which is where the child lives. Only the pixels are kept, turned the right
way up and no larger than 2,000 pixels a side.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from kith.voice.rules import JPEG, LARGEST_DRAWING_BYTES, PNG, DrawingProblem, image_kind

LONGEST_SIDE = 2000
MOST_PIXELS = 50_000_000
_FORMAT = {PNG: "PNG", JPEG: "JPEG"}


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    content_type: str


def clean_image(content: bytes) -> CleanImage:
    """The picture in `content`, re-encoded without metadata, or DrawingProblem."""
    if len(content) > LARGEST_DRAWING_BYTES:
        raise DrawingProblem("too_big")
    kind = image_kind(content[:8])
    if kind is None:
        raise DrawingProblem("not_image")
    try:
        with Image.open(io.BytesIO(content)) as opened:
            if opened.format != _FORMAT[kind] or opened.width * opened.height > MOST_PIXELS:
                raise DrawingProblem("not_image")
            opened.load()
            image = ImageOps.exif_transpose(opened) or opened
            image.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
            out = io.BytesIO()
            if kind == PNG:
                image.save(out, "PNG")
            else:
                image.convert("RGB").save(out, "JPEG", quality=85)
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, SyntaxError, ValueError) as problem:
        if isinstance(problem, DrawingProblem):
            raise
        raise DrawingProblem("not_image") from None
    return CleanImage(content=out.getvalue(), content_type=kind)
