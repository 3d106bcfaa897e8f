"""The dashboard's charts as plain data: for a year and a county (None: all of 台州市), one value per chart.

The window draws them (ui/charts.py); nothing here knows about Qt. The ranking is the year's
(store/assessments.py score_year: confirmed and scored assessments, in rank order), the
rectifications are those found in the year, in their state at its end (store/rectifications.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from qinspect.store import checklists
from qinspect.store import dashboard as store_dash
from qinspect.store import rectifications as store_rect
from qinspect.store.assessments import check_year, score_year
from qinspect.store.db import Store

__all__ = ["MOST_RECTIFICATIONS", "Dashboard", "counties", "dashboard"]
MOST_RECTIFICATIONS = 15  # more bars than this cannot carry a readable name each


@dataclass(frozen=True)
class Dashboard:
    year: int
    county: str | None
    totals: list[tuple[str, float, bool]]  # (township, total, vetoed) in rank order
    threshold: float | None  # the title threshold of the year's assessment form
    categories: list[str]  # category titles, in the form's order
    category_scores: list[tuple[str, list[float]]]  # (township, one score per category), rank order
    months: list[int]  # inspections dated in each month, January first
    # The townships with most rectifications found in `year` still open at its end (or `today`, if
    # earlier): (township, open and not overdue, overdue), most first, at most MOST_RECTIFICATIONS.
    rectifications: list[tuple[str, int, int]]
    taking_part: list[tuple[str, int, int]]  # (county, townships assessed the year before, this year)


def counties(store: Store) -> list[tuple[int, str]]:
    """The counties a dashboard can be narrowed to, as (id, name)."""
    return store_dash.counties(store)


def dashboard(store: Store, year: int, county_id: int | None = None, *, today: str | None = None) -> Dashboard:
    check_year(year)
    county = dict(counties(store)).get(county_id) if county_id is not None else None
    ranked = [s for s in score_year(store, year) if county is None or s.county == county]
    threshold, titles = None, []
    if ranked:
        form = checklists.get(store, *ranked[0].checklist.split("@"))
        threshold = form.title_threshold
        titles = [c.title for c in ranked[0].result.categories]
    on = dt.date.today().isoformat() if today is None else store_rect.check_date(today)
    rect = [(r["township"], r[store_rect.OPEN] + r[store_rect.DUE], r[store_rect.OVERDUE])
            for r in store_rect.counts_by_township(store, on, year) if county is None or r["county"] == county]
    rect = sorted((r for r in rect if r[1] or r[2]), key=lambda r: (-r[1] - r[2], -r[2], r[0]))[:MOST_RECTIFICATIONS]
    before = store_dash.townships_assessed(store, year - 1, county_id)
    now = store_dash.townships_assessed(store, year, county_id)
    return Dashboard(
        year=year, county=county,
        totals=[(s.township, s.result.total, bool(s.result.vetoed)) for s in ranked],
        threshold=threshold, categories=titles,
        category_scores=[(s.township, [c.score for c in s.result.categories]) for s in ranked],
        months=store_dash.inspections_per_month(store, year, county_id),
        rectifications=rect,
        taking_part=[(name, before.get(name, 0), now[name]) for name in now])
