"""The dashboard's data, each chart recomputed with plain SQL on the small demo."""

from __future__ import annotations

import pytest

from qinspect.errors import InvalidInput
from qinspect.operations import dashboard
from qinspect.store import checklists


def rows(store, sql, args=()):
    return store.execute(sql, args).fetchall()


@pytest.mark.parametrize("year", [2008, 2009])
def test_every_chart_agrees_with_plain_sql(demo_store, year):
    d = dashboard.dashboard(demo_store, year, today="2026-01-01")

    ranked = rows(demo_store, "SELECT t.name, i.total, i.checklist_id, i.checklist_version FROM assessments a "
                  "JOIN townships t ON t.id = a.township_id JOIN inspections i ON i.uuid = a.inspection_uuid "
                  "WHERE a.year = ? AND a.state IN ('scored', 'confirmed')", (year,))
    assert ranked, "the demo has ranked assessments in both years"
    assert sorted((t, v) for t, v, _x in d.totals) == sorted((name, total) for name, total, _c, _v in ranked)
    passed = [v for _t, v, vetoed in d.totals if not vetoed]
    assert passed == sorted(passed, reverse=True)
    assert [x for _t, _v, x in d.totals] == sorted(x for _t, _v, x in d.totals)  # vetoed ones last
    assert d.threshold == checklists.get(demo_store, ranked[0][2], ranked[0][3]).title_threshold == 85
    assert [t for t, _s in d.category_scores] == [t for t, _v, _x in d.totals]
    assert all(len(s) == len(d.categories) == 5 for _t, s in d.category_scores)

    per_month = dict(rows(demo_store, "SELECT CAST(strftime('%m', date) AS INTEGER), count(*) FROM inspections "
                          "WHERE strftime('%Y', date) = ? GROUP BY 1", (str(year),)))
    assert d.months == [per_month.get(m, 0) for m in range(1, 13)]

    assessed = dict(rows(demo_store, "SELECT c.name, count(a.year) FROM counties c JOIN townships t "
                         "ON t.county_id = c.id LEFT JOIN assessments a ON a.township_id = t.id AND a.year = ? "
                         "GROUP BY c.name", (year,)))
    before = dict(rows(demo_store, "SELECT c.name, count(a.year) FROM counties c JOIN townships t "
                       "ON t.county_id = c.id LEFT JOIN assessments a ON a.township_id = t.id AND a.year = ? "
                       "GROUP BY c.name", (year - 1,)))
    assert d.taking_part == [(c, before[c], assessed[c]) for c in assessed]

    end = f"{year}-12-31"
    still_open = rows(demo_store, """
        SELECT t.name, sum(a.deadline = '' OR a.deadline >= :end), sum(a.deadline != '' AND a.deadline < :end)
        FROM inspections i JOIN answers a ON a.revision_id = i.head JOIN townships t ON t.id = i.township_id
        WHERE i.status = 'completed' AND i.subject_kind != 'township' AND a.rectification != ''
          AND i.date BETWEEN :start AND :end
          AND NOT EXISTS (SELECT 1 FROM rectification_closures x WHERE x.inspection_uuid = i.uuid
                          AND x.item_id = a.item_id AND x.closed_on <= :end)
        GROUP BY t.name""", {"start": f"{year}-01-01", "end": end})
    assert any(x for _t, _o, x in still_open) == (year == 2009)  # the 2008 round starts on 15 December
    expected = sorted(still_open, key=lambda r: (-r[1] - r[2], -r[2], r[0]))[:dashboard.MOST_RECTIFICATIONS]
    assert d.rectifications == expected


def test_a_county_narrows_every_chart_and_a_bad_year_is_refused(demo_store):
    (cid, name), *_ = dashboard.counties(demo_store)
    whole, county = dashboard.dashboard(demo_store, 2009), dashboard.dashboard(demo_store, 2009, cid)
    assert county.county == name and whole.county is None
    assert [c for c, _b, _n in county.taking_part] == [name]
    assert (county.totals, county.months) == (whole.totals, whole.months)  # the small demo has one county
    with pytest.raises(InvalidInput):
        dashboard.dashboard(demo_store, 20090)
