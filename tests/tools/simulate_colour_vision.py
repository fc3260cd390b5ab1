"""Simulate colour-vision deficiencies on a screenshot: how the span colours look to a coder with
protanopia, deuteranopia or tritanopia.

    python -m tests.tools.simulate_colour_vision shot.png            # writes shot-deuteranopia.png ...
    python -m tests.tools.simulate_colour_vision shot.png --kinds protanopia

The matrices are those of Machado, Oliveira and Fernandes (2009) at full severity, applied to
linear RGB (the picture is decoded from sRGB first and encoded again after). Reads and writes PNG
through QImage, computes with numpy (both already dependencies of the app).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from PySide6.QtGui import QImage

MATRICES = {
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
    ),
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
    ),
    "tritanopia": np.array(
        [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]]
    ),
}


def _to_linear(c: np.ndarray) -> np.ndarray:
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _to_srgb(c: np.ndarray) -> np.ndarray:
    c = np.clip(c, 0.0, 1.0)
    return np.where(c <= 0.0031308, c * 12.92, 1.055 * c ** (1 / 2.4) - 0.055)


def simulate(image: QImage, kind: str) -> QImage:
    """``image`` as seen with ``kind`` (a key of :data:`MATRICES`)."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = rgb.width(), rgb.height(), rgb.bytesPerLine()
    raw = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=stride * height).reshape(height, stride)
    pixels = raw[:, : width * 3].reshape(height, width, 3).astype(np.float64) / 255.0
    seen = _to_srgb(_to_linear(pixels) @ MATRICES[kind].T)
    out = np.ascontiguousarray((seen * 255.0 + 0.5).astype(np.uint8))
    result = QImage(out.data, width, height, width * 3, QImage.Format.Format_RGB888)
    return result.copy()  # own the pixels: ``out`` goes away


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("png", type=Path)
    parser.add_argument("--kinds", nargs="+", default=sorted(MATRICES), choices=sorted(MATRICES))
    args = parser.parse_args(argv)
    image = QImage(str(args.png))
    if image.isNull():
        print(f"cannot read {args.png}", file=sys.stderr)
        return 1
    for kind in args.kinds:
        out = args.png.with_name(f"{args.png.stem}-{kind}.png")
        simulate(image, kind).save(str(out))
        print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
