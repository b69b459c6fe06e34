"""Link-preview images and the site's raster icons, drawn at build time with Pillow.

Chat tools and wikis show a page's `og:image` when someone pastes its
address. Every page gets its own 1200x630 PNG: the page title, its section
and the site's name, in a font bundled with this package (DejaVu Sans Bold,
from Debian's fonts-dejavu-core, under awsnotes/fonts/ with its licence), so
the images look the same on every machine and need no third-party service.

Drawing a PNG takes tens of milliseconds; each is cached under
`.cache/previews/` by a hash of what it shows and of this file, so a rebuild
redraws only the pages whose title or section changed.

`favicon.ico` (16, 32 and 48 px) and `apple-touch-icon.png` (180x180) are
drawn here too, from the same cloud as the SVG favicon.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from awsnotes import ROOT

WIDTH, HEIGHT = 1200, 630
FONT = Path(__file__).resolve().parent / "fonts" / "DejaVuSans-Bold.ttf"
CACHE = ROOT / ".cache" / "previews"
# Material's indigo (the theme's primary colour) and its lighter tint.
INDIGO = (63, 81, 181)
INDIGO_DARK = (40, 53, 147)
WHITE = (255, 255, 255)
TINT = (197, 202, 233)
ACCENT = (255, 110, 64)  # Material's deep orange accent
PREVIEW_DIR = "assets/previews"
ICON_FILES = ("favicon.ico", "apple-touch-icon.png")


@dataclass(frozen=True)
class Preview:
    """What one page's preview image shows."""

    title: str
    section: str
    site_name: str
    host: str

    def key(self) -> str:
        """Cache key: the content and the code that draws it."""
        digest = hashlib.sha256(Path(__file__).read_bytes())
        digest.update("\0".join((self.title, self.section, self.site_name, self.host)).encode())
        return digest.hexdigest()[:24]


def preview_path(page_url: str) -> str:
    """Site path of a page's image: '' -> 'assets/previews/index.png', 'compute/ec2/' -> '.../compute/ec2.png'."""
    stem = page_url.strip("/") or "index"
    return f"{PREVIEW_DIR}/{stem}.png"


def _font(size: int):
    from PIL import ImageFont

    return ImageFont.truetype(str(FONT), size)


def wrap(text: str, font, max_width: int) -> list[str]:
    """Greedy word wrap of `text` to lines no wider than `max_width` pixels in `font`."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(candidate) <= max_width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines or [""]


def fit_title(title: str, max_width: int, max_lines: int = 3) -> tuple[object, list[str]]:
    """The largest font size (88 px down to 44 px) at which the title fits; ellipsis past that."""
    for size in range(88, 43, -4):
        font = _font(size)
        lines = wrap(title, font, max_width)
        if len(lines) <= max_lines and all(font.getlength(line) <= max_width for line in lines):
            return font, lines
    lines = wrap(title, font, max_width)[:max_lines]
    while font.getlength(lines[-1] + "…") > max_width and " " in lines[-1]:
        lines[-1] = lines[-1].rsplit(" ", 1)[0]
    lines[-1] += "…"
    return font, lines


def draw_cloud(draw, x: float, y: float, size: float, fill) -> None:
    """The site's cloud logo (as in favicon.svg), `size` wide, top-left at (x, y)."""
    s = size / 24
    # Three overlapping circles on a rounded base, traced from the SVG path's shape.
    draw.ellipse((x + 1 * s, y + 9 * s, x + 12 * s, y + 20 * s), fill=fill)
    draw.ellipse((x + 5 * s, y + 3.7 * s, x + 19 * s, y + 17.7 * s), fill=fill)
    draw.ellipse((x + 14.5 * s, y + 10.6 * s, x + 23.5 * s, y + 19.6 * s), fill=fill)
    draw.rectangle((x + 6.5 * s, y + 13 * s, x + 18.5 * s, y + 20 * s), fill=fill)


def render(preview: Preview):
    """The 1200x630 image for one page."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), INDIGO)
    draw = ImageDraw.Draw(image)
    margin = 80
    draw.rectangle((0, HEIGHT - 16, WIDTH, HEIGHT), fill=ACCENT)
    # Site name with the logo, top left.
    draw_cloud(draw, margin, 64, 56, WHITE)
    draw.text((margin + 76, 70), preview.site_name, font=_font(40), fill=WHITE)
    # Section, above the title.
    font, lines = fit_title(preview.title, WIDTH - 2 * margin)
    line_height = int(font.size * 1.18)
    block = line_height * len(lines)
    top = max(190, (HEIGHT - block) // 2 + 20)
    if preview.section:
        draw.text((margin, top - 64), preview.section.upper(), font=_font(30), fill=TINT)
    for index, line in enumerate(lines):
        draw.text((margin, top + index * line_height), line, font=font, fill=WHITE)
    # The site's address, bottom left.
    draw.text((margin, HEIGHT - 90), preview.host, font=_font(28), fill=TINT)
    return image


def png_bytes(image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def write_preview(preview: Preview, target: Path, cache: Path = CACHE) -> bool:
    """Write the page's PNG to `target`, from the cache when it holds one; True if drawn anew."""
    cached = cache / f"{preview.key()}.png"
    drawn = not cached.is_file()
    if drawn:
        cache.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.partial")  # builds running side by side (tests)
        partial.write_bytes(png_bytes(render(preview)))
        partial.replace(cached)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, target)
    return drawn


def icon(size: int):
    """The square app icon: the white cloud on indigo, `size` pixels."""
    from PIL import Image, ImageDraw

    scale = 4  # draw large, then shrink: smooth edges without anti-aliased primitives
    big = Image.new("RGBA", (size * scale, size * scale), INDIGO + (255,))
    draw = ImageDraw.Draw(big)
    inset = size * scale * 0.14
    draw_cloud(draw, inset, inset * 0.8, size * scale - 2 * inset, WHITE)
    return big.resize((size, size), Image.LANCZOS)


def write_icons(site: Path) -> None:
    """favicon.ico (16, 32, 48 px) and apple-touch-icon.png (180 px) at the site's root."""
    icon(48).save(site / "favicon.ico", format="ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    (site / "apple-touch-icon.png").write_bytes(png_bytes(icon(180).convert("RGB")))
