"""Printing from the window: make the sheet's PDF off the UI thread, preview it, save it or print it.

The sheets come from qinspect.reports.jobs, exactly as `qinspect print` makes them. The preview
shows the PDF with QtPdf; printing renders each PDF page onto the QPrinter that the system print
dialog set up, so a real printer and a PDF file (QPrinter's PdfFormat, which the tests use) go
through one code path.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QRect, QSize, QStandardPaths, Qt
from PySide6.QtGui import QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from qinspect.domain.checklist import Checklist
from qinspect.errors import InvalidInput
from qinspect.reports import jobs
from qinspect.files import write_atomically
from qinspect.store import registers
from qinspect.store.db import Store
from qinspect.ui.errors import user_errors
from qinspect.progress import Progress
from qinspect.ui.tasks import Cancelled, run_with_progress

# Pages are rasterised for the printer; 300 dpi is sharp on paper and keeps one A4 page at ~35 MB.
MAX_DPI = 300

Job = Callable[[Path, Progress], jobs.Printed]


def _make_pdf(parent: QWidget | None, title: str, job: Job) -> jobs.Printed:
    """Run the print job off the UI thread into a fresh temporary folder; returns the PDF and its notes."""
    folder = Path(tempfile.mkdtemp(prefix="qinspect-print-"))
    try:
        return run_with_progress(parent, title, lambda progress: job(folder / "sheet.pdf", progress))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _preview(parent: QWidget | None, made: jobs.Printed, name: str) -> "PrintPreviewDialog":
    dialog = PrintPreviewDialog(made.path, name, parent, made.notes)
    dialog.open()
    return dialog


def print_checklist(parent: QWidget | None, store: Store, checklist: Checklist) -> "PrintPreviewDialog":
    """A blank checklist of one version, for a paper round."""
    made = _make_pdf(parent, QCoreApplication.translate("Printing", "正在生成空白检查表…"),
                     lambda path, progress: jobs.print_checklist(store, checklist, path, progress))
    return _preview(parent, made, f"{checklist.title}-{checklist.version}.pdf")


def print_inspections(parent: QWidget | None, store: Store, uuids: Sequence[str]) -> "PrintPreviewDialog":
    """Filled sheets of the given inspections, in one document."""
    made = _make_pdf(parent, QCoreApplication.translate("Printing", "正在生成检查记录…"),
                     lambda path, progress: jobs.print_inspections(store, list(uuids), path, progress))
    name = f"检查记录-{uuids[0][:8]}.pdf" if len(uuids) == 1 else f"检查记录-{len(uuids)}份.pdf"
    return _preview(parent, made, name)


def print_scoresheet(parent: QWidget | None, store: Store, year: int,
                     township_id: int | None) -> "PrintPreviewDialog":
    """The 评分表 of one township (of every assessed township when `township_id` is None)."""
    ids = None if township_id is None else [township_id]
    made = _make_pdf(parent, QCoreApplication.translate("Printing", "正在生成考核评分表…"),
                     lambda path, progress: jobs.print_scoresheets(store, year, path, ids, progress))
    where = "全部" if township_id is None else registers.subject(store, "township", township_id)["name"]
    return _preview(parent, made, f"{year}年度考核评分表-{where}.pdf")


def print_ranking(parent: QWidget | None, store: Store, year: int) -> "PrintPreviewDialog":
    """The ranking of the assessed townships of a year."""
    made = _make_pdf(parent, QCoreApplication.translate("Printing", "正在生成排名表…"),
                     lambda path, progress: jobs.print_ranking(store, year, path, progress))
    return _preview(parent, made, f"{year}年度考核排名.pdf")


def print_pdf(parent: QWidget | None, pdf: Path, printer: QPrinter) -> int:
    """Render the PDF's pages (the printer's page range, or all) onto `printer`; returns pages printed.

    Runs off the UI thread: QPainter may paint on a QPrinter from a worker thread, and the worker
    opens its own QPdfDocument.
    """
    def work(progress: Progress) -> int:
        doc = QPdfDocument()
        if doc.load(str(pdf)) != QPdfDocument.Error.None_:
            raise InvalidInput(f"无法读取要打印的文件 {pdf}")
        try:
            count = doc.pageCount()
            first, last = 1, count
            if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
                first, last = printer.fromPage(), min(printer.toPage() or count, count)
            pages = list(range(first - 1, last))
            printer.setFullPage(True)  # the sheets carry their own margins
            painter = QPainter()
            if not painter.begin(printer):
                raise InvalidInput("无法开始打印：打印机不可用，或输出文件无法写入。")
            try:
                dpi = min(printer.resolution(), MAX_DPI)
                for n, index in enumerate(pages):
                    progress(n, len(pages), QCoreApplication.translate("Printing", "第 {0} 页").format(index + 1))
                    if n:
                        printer.newPage()
                    size = doc.pagePointSize(index)
                    image = doc.render(index, QSize(round(size.width() / 72 * dpi), round(size.height() / 72 * dpi)))
                    target = painter.viewport()
                    scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                    painter.drawImage(QRect(target.topLeft(), scaled), image)
                progress(len(pages), len(pages), QCoreApplication.translate("Printing", "完成"))
            except Cancelled:
                printer.abort()
                raise
            finally:
                painter.end()
            return len(pages)
        finally:
            doc.close()

    return run_with_progress(parent, QCoreApplication.translate("Printing", "正在打印…"), work)


class PrintPreviewDialog(QDialog):
    """Shows a made PDF; saves a copy or prints it. Deletes its temporary folder when closed."""

    def __init__(self, pdf: Path, suggested_name: str, parent: QWidget | None = None, notes: Sequence[str] = ()):
        super().__init__(parent)
        self.pdf = pdf
        self.suggested_name = suggested_name
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("打印预览"))
        self.resize(820, 960)
        self.document = QPdfDocument(self)
        self.document.load(str(pdf))
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.pages = QLabel(self.tr("共 {0} 页").format(self.document.pageCount()))
        self.save_button = QPushButton(self.tr("保存为 PDF…"))
        self.print_button = QPushButton(self.tr("打印…"))
        close = QPushButton(self.tr("关闭"))
        self.save_button.clicked.connect(self.save_as)
        self.print_button.clicked.connect(self.print_document)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pages)
        buttons.addStretch(1)
        for b in (self.save_button, self.print_button, close):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        # What the print job said (an inspection listed twice, a sheet left out), above the pages.
        self.notes = QLabel("\n".join(notes))
        self.notes.setWordWrap(True)
        self.notes.setVisible(bool(notes))
        layout.addWidget(self.notes)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.finished.connect(self._clean_up)

    def save_as(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name, _ = QFileDialog.getSaveFileName(self, self.tr("保存为 PDF"), str(Path(folder) / self.suggested_name),
                                              self.tr("PDF 文件 (*.pdf)"))
        if not name:
            return
        with user_errors(self):
            write_atomically(name, lambda tmp: shutil.copyfile(self.pdf, tmp))

    def print_document(self) -> int:
        """Ask the system print dialog for a printer, then print; returns pages printed (0 if not)."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setDocName(self.suggested_name)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, max(self.document.pageCount(), 1))
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return 0
        with user_errors(self):
            return print_pdf(self, self.pdf, printer)
        return 0

    def _clean_up(self) -> None:
        self.view.setDocument(None)
        self.document.close()
        shutil.rmtree(self.pdf.parent, ignore_errors=True)
