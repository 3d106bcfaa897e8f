"""A small bar chart drawn with QPainter, savable as PNG: the dashboard's one kind of chart.

Drawn by hand rather than with QtCharts on purpose: QtCharts ships in PySide6-Addons, which
would add well over 100 MB to the installer for five bar charts. A chart holds plain data
(`categories` along the x axis, `series` of values, an optional horizontal `line`), so a
test reads back exactly what it shows. Bars are grouped, or `stacked`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QContextMenuEvent, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QFileDialog, QMenu, QSizePolicy, QWidget

from qinspect.files import write_atomically
from qinspect.ui.errors import user_errors

# Colour-blind-safe (Okabe–Ito), readable on white and in a black-and-white printout's greys.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
HIGHLIGHT = "#D55E00"


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float]
    color: str
    highlight: frozenset[int] = frozenset()  # bars drawn in HIGHLIGHT (a vetoed township)


class BarChart(QWidget):
    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = title
        self.categories: list[str] = []
        self.series: list[Series] = []
        self.line: tuple[float, str] | None = None  # (value, label)
        self.stacked = False
        self.empty_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)

    def sizeHint(self) -> QSize:
        return QSize(480, 260)  # no minimum: a small window still fits the tab, the charts just shrink

    def set_data(self, categories: list[str], series: list[Series], *, line: tuple[float, str] | None = None,
                 stacked: bool = False, empty_text: str = "") -> None:
        self.categories, self.series, self.line, self.stacked = list(categories), list(series), line, stacked
        self.empty_text = empty_text
        self.update()

    # -- saving ---------------------------------------------------------------------
    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = QMenu(self)
        menu.addAction(self.tr("保存为 PNG 图片…"), self.ask_save)
        menu.exec(event.globalPos())

    def ask_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("保存图表"), f"{self.title}.png", self.tr("PNG 图片 (*.png)"))
        if path:
            with user_errors(self):
                self.save_png(path if path.lower().endswith(".png") else f"{path}.png")

    def save_png(self, path: Path | str) -> Path:
        """Write the chart as it is drawn now, through a temporary file renamed into place."""
        image = self.grab()

        def write(tmp: Path) -> None:
            if not image.save(str(tmp), "PNG"):
                raise OSError(5, "PNG")
        return write_atomically(path, write)

    # -- drawing ----------------------------------------------------------------------
    def _highest(self) -> float:
        if self.stacked:
            tops = [sum(s.values[i] for s in self.series) for i in range(len(self.categories))]
        else:
            tops = [v for s in self.series for v in s.values]
        return max(tops + [self.line[0] if self.line else 0, 0])

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        fm = QFontMetrics(self.font())
        h = fm.height()
        bold = self.font()
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 1.1)
        p.setFont(bold)
        p.setPen(QColor("#202020"))
        p.drawText(QRectF(8, 4, self.width() - 16, h * 1.5), Qt.AlignmentFlag.AlignLeft, self.title)
        p.setFont(self.font())
        legend_y = 4 + h * 1.6
        x = 8.0
        for s in self.series if len(self.series) > 1 or self.line else []:
            p.fillRect(QRectF(x, legend_y + 3, 12, h - 6), QColor(s.color))
            p.setPen(QColor("#404040"))
            p.drawText(QPointF(x + 16, legend_y + fm.ascent()), s.name)
            x += 28 + fm.horizontalAdvance(s.name)
        if self.line:
            p.setPen(QPen(QColor(HIGHLIGHT), 2, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(x, legend_y + h / 2), QPointF(x + 18, legend_y + h / 2))
            p.setPen(QColor("#404040"))
            p.drawText(QPointF(x + 22, legend_y + fm.ascent()), self.line[1])
        n = len(self.categories)
        if not n or not self.series:
            p.setPen(QColor("#808080"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            return
        highest = self._highest()
        step = _nice(highest / 5) if highest > 0 else 1
        steps = max(1, math.ceil(highest / step - 1e-9))
        top = step * steps
        label_w = max(fm.horizontalAdvance(c) for c in self.categories)
        left = 10 + fm.horizontalAdvance(f"{top:g}")
        plot_w = self.width() - left - 10
        slot = plot_w / n
        rotate = label_w + 6 > slot  # long or many labels stand at an angle
        bottom_space = (min(label_w, 8 * fm.horizontalAdvance("中")) * 0.72 + h) if rotate else h + 6
        plot = QRectF(left, legend_y + h * 1.4, plot_w, self.height() - legend_y - h * 1.4 - bottom_space - 4)
        if plot.height() < 20:
            return

        def y_of(value: float) -> float:
            return plot.bottom() - plot.height() * value / top

        for k in range(steps + 1):
            y = y_of(step * k)
            p.setPen(QPen(QColor("#e0e0e0"), 1))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(QColor("#606060"))
            p.drawText(QRectF(0, y - h / 2, left - 4, h), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       f"{step * k:g}")
        groups = 1 if self.stacked else len(self.series)
        bar_w = max(1.0, slot * 0.78 / groups)
        for i, name in enumerate(self.categories):
            x0 = plot.left() + slot * i + slot * 0.11
            base = 0.0
            for j, s in enumerate(self.series):
                value = s.values[i]
                color = QColor(HIGHLIGHT if i in s.highlight else s.color)
                lo, hi = (base, base + value) if self.stacked else (0.0, value)
                bx = x0 if self.stacked else x0 + j * bar_w
                p.fillRect(QRectF(bx, y_of(hi), bar_w - (0 if self.stacked else 1), y_of(lo) - y_of(hi)), color)
                if not self.stacked and n * groups <= 24 and value:
                    p.setPen(QColor("#303030"))
                    p.drawText(QRectF(bx - 10, y_of(hi) - h, bar_w + 20, h), Qt.AlignmentFlag.AlignCenter, f"{value:g}")
                base += value
            p.setPen(QColor("#303030"))
            cx = plot.left() + slot * (i + 0.5)
            if rotate:
                p.save()
                p.translate(cx + fm.ascent() / 2, plot.bottom() + 4)
                p.rotate(-45)
                p.drawText(QPointF(-fm.horizontalAdvance(name), fm.ascent() / 2), name)
                p.restore()
            else:
                p.drawText(QRectF(cx - slot / 2, plot.bottom() + 3, slot, h), Qt.AlignmentFlag.AlignCenter, name)
        p.setPen(QPen(QColor("#404040"), 1))
        p.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        if self.line:
            y = y_of(self.line[0])
            p.setPen(QPen(QColor(HIGHLIGHT), 2, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        p.end()


def _nice(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten at or above `value`: a grid step that reads round."""
    power = 10 ** math.floor(math.log10(value))
    for m in (1, 2, 2.5, 5, 10):
        if m * power >= value:
            return m * power
    return 10 * power
