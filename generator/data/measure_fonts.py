"""Regenerate font_widths.json from the Liberation Serif fonts.

Liberation Serif has the metrics of Times New Roman, so its advance widths
tell how long a line of Times New Roman text is. The layout needs that to draw
the lines under the motto, the issuing body and the summary at the length the
decree asks for. Run by hand (needs fontTools and fonts-liberation2):

    python generator/data/measure_fonts.py
"""
import json
from pathlib import Path

from fontTools.ttLib import TTFont

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
FACES = {"regular": "LiberationSerif-Regular.ttf", "bold": "LiberationSerif-Bold.ttf"}
RANGES = [(0x20, 0x7E), (0xA0, 0x24F), (0x1EA0, 0x1EF9), (0x2010, 0x2026)]


def widths(path):
    font = TTFont(path)
    per_em = font["head"].unitsPerEm
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    table = {}
    for first, last in RANGES:
        for code in range(first, last + 1):
            if code in cmap:
                table[chr(code)] = round(hmtx[cmap[code]][0] * 1000 / per_em)
    return table


def main():
    data = {face: widths(FONT_DIR / name) for face, name in FACES.items()}
    out = Path(__file__).with_name("font_widths.json")
    out.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
