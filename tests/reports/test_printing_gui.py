"""Printing from the window (qinspect.ui.printing) through the print dialog's code path, to a PDF file."""

from __future__ import annotations

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog

from qinspect.store import checklists, inspections
from qinspect.ui import printing


def accept_into_pdf(monkeypatch, target):
    """The print dialog's exec, as if the user chose "print to file" and pressed Print."""
    seen = []

    def exec_(dialog):
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        seen.append(dialog)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", exec_)
    return seen


def test_print_inspections_from_the_window_to_a_pdf_file(demo_store, qtbot, tmp_path, monkeypatch):
    uuids = [r["id"] for r in inspections.listing(demo_store, limit=3)]
    dialog = printing.print_inspections(None, demo_store, uuids)
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    made = dialog.pdf
    assert dialog.document.status() == QPdfDocument.Status.Ready
    pages = dialog.document.pageCount()
    assert pages >= 3
    assert dialog.pages.text() == f"共 {pages} 页"

    target = tmp_path / "printed.pdf"
    seen = accept_into_pdf(monkeypatch, target)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert len(seen) == 1
    printed = PdfReader(str(target))
    assert len(printed.pages) == pages
    assert "/XObject" in printed.pages[0]["/Resources"]  # the rendered sheet, not a blank page
    box = printed.pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 2 and abs(float(box.height) - 841.9) < 2  # A4

    dialog.close()
    qtbot.waitUntil(lambda: not made.parent.exists())


def test_the_print_dialogs_page_range_is_honoured(demo_store, qtbot, tmp_path, monkeypatch):
    dialog = printing.print_checklist(None, demo_store, checklists.get(demo_store, "township-assessment", "2009"))
    qtbot.addWidget(dialog)
    target = tmp_path / "range.pdf"

    def exec_(d):
        printer = d.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(2, 3)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", exec_)
    assert dialog.print_document() == 2
    assert len(PdfReader(str(target)).pages) == 2
    dialog.close()


def test_cancelled_print_dialog_prints_nothing(demo_store, qtbot, monkeypatch):
    dialog = printing.print_ranking(None, demo_store, 2009)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QPrintDialog, "exec", lambda d: QDialog.DialogCode.Rejected)
    assert dialog.print_document() == 0
    dialog.close()


def test_save_as_pdf_copies_the_sheet(demo_store, qtbot, tmp_path, monkeypatch):
    township = demo_store.execute("SELECT township_id FROM assessments WHERE year = 2009 LIMIT 1").fetchone()[0]
    dialog = printing.print_scoresheet(None, demo_store, 2009, township)
    qtbot.addWidget(dialog)
    target = tmp_path / "saved.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes() == dialog.pdf.read_bytes()
    dialog.close()
