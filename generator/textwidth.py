"""How long a line of Times New Roman text is, from Liberation Serif's metrics."""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

POINT_MM = 25.4 / 72
DEFAULT_WIDTH = 500  # per 1000 em, for a character the table lacks


@cache
def _widths() -> dict:
    return json.loads(Path(__file__).with_name("data").joinpath("font_widths.json").read_text("utf-8"))


def text_width_mm(text: str, size_pt: float, bold: bool = False) -> float:
    table = _widths()["bold" if bold else "regular"]
    units = sum(table.get(char, DEFAULT_WIDTH) for char in text)
    return units * size_pt / 1000 * POINT_MM
