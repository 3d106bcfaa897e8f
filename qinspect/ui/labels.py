"""The words the window shows for a kind of subject and an inspection's status, in one place."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from qinspect.domain.records import COMPLETED, DRAFT


def subject_kinds() -> dict[str, str]:
    """township / village / enterprise and their labels, in the order the filters offer them."""
    return {"township": QCoreApplication.translate("Labels", "乡镇(街道)"),
            "village": QCoreApplication.translate("Labels", "村(社区)"),
            "enterprise": QCoreApplication.translate("Labels", "企业")}


def statuses() -> dict[str, str]:
    return {DRAFT: QCoreApplication.translate("Labels", "草稿"),
            COMPLETED: QCoreApplication.translate("Labels", "已完成")}


def subject_kind_label(kind: str) -> str:
    return subject_kinds().get(kind, kind)


def status_label(status: str) -> str:
    return statuses().get(status, status)


SCORE_DECIMALS = 2  # the scoring rounds every score to two decimals (domain/scoring.py); the window shows them all


def score_text(points: float) -> str:
    """A score or a maximum as the window shows it everywhere: 87.25, 100.00, 3.50."""
    return f"{points:.{SCORE_DECIMALS}f}"
