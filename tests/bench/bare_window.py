"""Bare baseline of the window screenshot: a QMainWindow with an empty QTableView, shown off
screen, painted once and saved as a PNG the way `qinspect gui --screenshot` saves its own.

Usage: python bare_window.py OUT.png
"""

import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QTableView())
window.resize(1440, 860)  # the main window's default size
window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
window.show()
app.processEvents()
image = window.grab().toImage().convertToFormat(QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.AvoidDither)
window.close()
sys.exit(0 if image.save(sys.argv[1], "PNG") else 1)
