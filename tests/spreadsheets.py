"""Spreadsheets as a coordinator saves them, for the import tests: CSV in any encoding, or xlsx."""

import openpyxl


def write_csv(path, header, rows, encoding="utf-8"):
    lines = [",".join(header)] + [",".join(str(c) for c in r) for r in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def write_xlsx(path, header, rows):
    wb = openpyxl.Workbook()
    wb.active.append(header)
    for r in rows:
        wb.active.append(list(r))
    wb.save(path)
    return path
