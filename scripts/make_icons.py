#!/usr/bin/env python3
"""Draws the extension's icons (16, 32, 48, 128 px PNG) with the standard library.

The icon is a magnifying glass over a pulse line on a rounded indigo square:
"look into API calls". Run from anywhere; writes extension/icons/icon-N.png.
The output is committed, so this only needs running after a design change.
"""

import math
import struct
import zlib
from pathlib import Path

SIZES = (16, 32, 48, 128)
OUT_DIR = Path(__file__).resolve().parent.parent / "extension" / "icons"

BACKGROUND = (79, 70, 229)  # indigo
FOREGROUND = (255, 255, 255)
ACCENT = (253, 186, 116)  # light orange pulse
SUPERSAMPLE = 4  # samples per axis per pixel, for anti-aliased edges


def rounded_square(x, y, radius):
    """Whether (x, y) in unit coordinates lies inside the rounded background."""
    cx = min(max(x, radius), 1 - radius)
    cy = min(max(y, radius), 1 - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius**2


def distance_to_segment(px, py, ax, ay, bx, by):
    """Distance from point p to the segment a-b."""
    dx, dy = bx - ax, by - ay
    t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)
    t = min(max(t, 0.0), 1.0)
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


# The pulse inside the lens, as a polyline in unit coordinates.
PULSE = [
    (0.24, 0.44), (0.33, 0.44), (0.38, 0.33), (0.45, 0.56),
    (0.50, 0.40), (0.54, 0.44), (0.62, 0.44),
]


def shade(x, y, size):
    """Colour of one sample, or None outside the icon."""
    if not rounded_square(x, y, 0.2):
        return None

    # Lines get thicker, relatively, on small icons so they stay visible.
    stroke = 0.075 if size >= 48 else 0.1
    lens_x, lens_y, lens_r = 0.43, 0.43, 0.25

    ring = abs(math.hypot(x - lens_x, y - lens_y) - lens_r)
    if ring <= stroke / 2:
        return FOREGROUND
    handle = distance_to_segment(x, y, 0.61, 0.61, 0.80, 0.80)
    if handle <= stroke * 0.8:
        return FOREGROUND
    if size >= 32 and math.hypot(x - lens_x, y - lens_y) < lens_r:
        for a, b in zip(PULSE, PULSE[1:]):
            if distance_to_segment(x, y, *a, *b) <= stroke * 0.4:
                return ACCENT
    return BACKGROUND


def render(size):
    """RGBA rows of one icon."""
    rows = []
    n = SUPERSAMPLE
    for py in range(size):
        row = bytearray()
        for px in range(size):
            r = g = b = covered = 0
            for sy in range(n):
                for sx in range(n):
                    x = (px + (sx + 0.5) / n) / size
                    y = (py + (sy + 0.5) / n) / size
                    colour = shade(x, y, size)
                    if colour is not None:
                        r, g, b = r + colour[0], g + colour[1], b + colour[2]
                        covered += 1
            if covered:
                row += bytes((r // covered, g // covered, b // covered, 255 * covered // (n * n)))
            else:
                row += bytes(4)
        rows.append(bytes(row))
    return rows


def png(size, rows):
    """Encodes RGBA rows as a PNG file (8-bit, colour type 6, no interlace)."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    raw = b"".join(b"\x00" + row for row in rows)  # filter type 0 on every row
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def main():
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        path = OUT_DIR / f"icon-{size}.png"
        path.write_bytes(png(size, render(size)))
        print(f"make_icons.py: wrote {path.relative_to(OUT_DIR.parent.parent)}")


if __name__ == "__main__":
    main()
