"""The dashboard tab: five charts of a year and a county (or all of 台州市), redrawn when data changes.

The data is operations/dashboard.py's, one value per chart; the charts are ui/charts.py's.
Each chart saves itself as PNG from its context menu.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from qinspect.operations import assessments
from qinspect.operations import dashboard as dash
from qinspect.store.db import Store
from qinspect.ui.charts import PALETTE, BarChart, Series
from qinspect.ui.errors import user_errors
from qinspect.ui.signals import CHECKLISTS, INSPECTIONS, REGISTERS, changes

ALL_COUNTIES = None


class DashboardView(QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.year_combo, self.county_combo = QComboBox(), QComboBox()
        self.year_combo.setObjectName("dashboardYear")
        self.county_combo.setObjectName("dashboardCounty")
        self.county_combo.setMinimumContentsLength(8)
        bar = QHBoxLayout()
        for label, combo in ((self.tr("年度"), self.year_combo), (self.tr("县(市、区)"), self.county_combo)):
            bar.addWidget(QLabel(label))
            bar.addWidget(combo)
        self.note = QLabel()
        bar.addSpacing(16)
        bar.addWidget(self.note, 1)
        self.totals = BarChart(self.tr("乡镇(街道)考核总分排名"))
        self.categories = BarChart(self.tr("各乡镇(街道)分类得分"))
        self.months = BarChart(self.tr("每月检查次数"))
        self.rectifications = BarChart(self.tr("当年发现、年末未关闭的整改（最多的乡镇）"))
        self.taking_part = BarChart(self.tr("参加考核的乡镇(街道)数（与上年对比）"))
        self.charts = [self.totals, self.categories, self.months, self.rectifications, self.taking_part]
        grid = QGridLayout()
        grid.addWidget(self.totals, 0, 0, 1, 3)
        grid.addWidget(self.categories, 1, 0, 1, 3)
        grid.addWidget(self.months, 2, 0)
        grid.addWidget(self.rectifications, 2, 1)
        grid.addWidget(self.taking_part, 2, 2)
        for row in range(3):
            grid.setRowStretch(row, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(grid, 1)
        self.data: dash.Dashboard | None = None
        self._stale, self._unshown = False, True  # the choices and charts are filled when first shown
        self.year_combo.currentIndexChanged.connect(self.reload)
        self.county_combo.currentIndexChanged.connect(self.reload)
        changes().changed.connect(self._changed)

    def fill_choices(self) -> None:
        year, county = self.year_combo.currentData(), self.county_combo.currentData()
        for combo in (self.year_combo, self.county_combo):
            combo.blockSignals(True)
            combo.clear()
        for y in assessments.years(self.store):
            self.year_combo.addItem(str(y), y)
        self.county_combo.addItem(self.tr("台州市（全部）"), ALL_COUNTIES)
        for cid, name in dash.counties(self.store):
            self.county_combo.addItem(name, cid)
        self.year_combo.setCurrentIndex(max(0, self.year_combo.findData(year)))
        self.county_combo.setCurrentIndex(max(0, self.county_combo.findData(county)))
        for combo in (self.year_combo, self.county_combo):
            combo.blockSignals(False)

    def _changed(self, what: str) -> None:
        # A burst of notices (a bundle import) redraws once, after the burst.
        if what in (INSPECTIONS, REGISTERS, CHECKLISTS) and not self._stale:
            self._stale = True
            QTimer.singleShot(0, self._refresh)

    def _refresh(self) -> None:
        self._stale = False
        self._unshown = True
        self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._unshown:
            self.reload()

    def reload(self) -> None:
        # Hidden (another tab, or the window closed with its database), the dashboard only notes that
        # it is out of date: scoring a year's assessments is not free, and a closed database cannot.
        if not self.isVisible():
            self._unshown = True
            return
        if self._unshown:
            self._unshown = False
            self.fill_choices()
        year = self.year_combo.currentData()
        if year is None:
            self.data = None
            self.note.setText(self.tr("还没有任何年度考核，暂无图表。"))
            for chart in self.charts:
                chart.set_data([], [], empty_text=self.tr("暂无数据"))
            return
        with user_errors(self):
            self.data = dash.dashboard(self.store, year, self.county_combo.currentData())
            self._draw(self.data)

    def _draw(self, d: dash.Dashboard) -> None:
        none = self.tr("{0} 年暂无已评分或已确认的考核").format(d.year)
        vetoed = frozenset(i for i, (_t, _v, veto) in enumerate(d.totals) if veto)
        line = (d.threshold, self.tr("命名门槛 {0:g} 分").format(d.threshold)) if d.threshold is not None else None
        self.totals.set_data([t for t, _v, _x in d.totals],
                             [Series(self.tr("总分"), [v for _t, v, _x in d.totals], PALETTE[0], vetoed)],
                             line=line if d.totals else None, empty_text=none)
        self.categories.set_data([t for t, _s in d.category_scores],
                                 [Series(title, [s[k] for _t, s in d.category_scores], PALETTE[k % len(PALETTE)])
                                  for k, title in enumerate(d.categories)], stacked=True, empty_text=none)
        self.months.set_data([self.tr("{0}月").format(m) for m in range(1, 13)],
                             [Series(self.tr("检查次数"), [float(n) for n in d.months], PALETTE[2])])
        self.rectifications.set_data(
            [t for t, _o, _x in d.rectifications],
            [Series(self.tr("未到期"), [float(o) for _t, o, _x in d.rectifications], PALETTE[1]),
             Series(self.tr("已逾期"), [float(x) for _t, _o, x in d.rectifications], PALETTE[5])],
            stacked=True, empty_text=self.tr("没有未关闭的整改"))
        self.taking_part.set_data(
            [c for c, _b, _n in d.taking_part],
            [Series(self.tr("{0} 年").format(d.year - 1), [float(b) for _c, b, _n in d.taking_part], "#9E9E9E"),
             Series(self.tr("{0} 年").format(d.year), [float(n) for _c, _b, n in d.taking_part], PALETTE[0])])
        vetoed_note = self.tr("；橙色为一票否决") if vetoed else ""
        self.note.setText(self.tr("排名含已评分和已确认的考核；整改按年末（或今天）的状态统计；在图上点右键可保存为 PNG 图片{0}。")
                          .format(vetoed_note))
