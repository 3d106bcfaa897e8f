"""What qinspect hands out as files, without Qt: printed sheets as PDF and exported tables.

The sheets (blank checklists, inspection sheets, scoring sheets, the ranking) are made with
reportlab; their entry points are in qinspect.reports.jobs and docs/printing.md shows each one.
The score and inspection tables are in qinspect.reports.tables.
"""
