"""Paper-round and assessment operations without a window."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from qinspect.errors import InvalidInput
from qinspect.operations import assessments, paper_results
from qinspect.operations.changes import INSPECTIONS, changes_of
from qinspect.store import checklists


def test_the_template_is_written_as_xlsx_and_a_locked_file_is_one_sentence(demo_store, tmp_path):
    form = checklists.get(demo_store, "village-network", "2009")
    path = paper_results.write_template(form, tmp_path / "模板")
    assert path.suffix == ".xlsx" and load_workbook(path).active.max_column > len(form.items)
    (tmp_path / "占用.xlsx").mkdir()  # what the writer meets when it cannot write the file
    with pytest.raises(InvalidInput, match="文件夹"):
        paper_results.write_template(form, tmp_path / "占用.xlsx")
    assert paper_results.suggested_template_name(form).endswith("-2009-录入模板.xlsx")
    assert changes_of(paper_results.write) == (INSPECTIONS,)


def test_assessed_years_and_townships(demo_store):
    years = assessments.years(demo_store)
    assert years == sorted(years, reverse=True) and years
    towns = assessments.assessed_townships(demo_store, years[0])
    everyone = assessments.score_year(demo_store, years[0], unranked=True)  # drafts' 评分表 print too
    assert {t[0] for t in towns} == {s.township_id for s in everyone}
