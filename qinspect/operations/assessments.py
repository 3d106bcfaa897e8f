"""The yearly township assessment: which years and townships there are, the scores and ranking."""

from __future__ import annotations

from qinspect.store.assessments import TownshipScore, assessed_townships, score_year, years

__all__ = ["TownshipScore", "assessed_townships", "score_year", "years"]
