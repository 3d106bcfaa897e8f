"""Scoring sheets and the ranking print exactly the totals `qinspect score --json` computes."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from qinspect.domain.checklist import ItemKind
from qinspect.reports import jobs
from qinspect.reports.checklist_sheets import describe
from qinspect.reports.layout import points
from qinspect.store import assessments, checklists, inspections
from qinspect.store.db import open_store
from tests.reports import pdftools


def scores(cli, db, year: int) -> list[dict]:
    code, out, err = cli("--db", db, "score", "--year", year, "--json")
    assert code == 0, err
    return json.loads(out)["townships"]


@pytest.mark.parametrize("year", [2008, 2009])
def test_scoresheet_totals_equal_score_json(year, demo_db, tmp_path, cli):
    ranked = scores(cli, demo_db, year)
    assert ranked
    for t in ranked:
        out = tmp_path / f"{t['township']}.pdf"
        code, _, err = cli("--db", demo_db, "print", "scoresheet", "--year", year, "--township", t["township"],
                           "-o", out)
        assert code == 0, err
        assert pdftools.qpdf_check(out).returncode == 0
        text = pdftools.squeeze(pdftools.text(out))
        places = sum(1 for o in ranked if o["rank"] is not None)
        assert (f"第{t['rank']}名（共{places}个）" if t["rank"] is not None else "未排名") in text
        assert t["township"] in text and t["county"] in text
        assert ("称号资格具备" if t["eligible"] else "称号资格不具备") in text
        # the summary: every category's score in its own row, then the bonus
        layout = pdftools.text(out, layout=True)
        summary = layout[layout.rindex("评分汇总"):]
        for cat_id, score in t["categories"].items():
            assert re.search(rf"、\S+\s+\d+\s+{re.escape(points(score))}\s*$", summary, re.M), (cat_id, score)
        assert re.search(rf"加分项\s+\+\d+\s+{re.escape(points(t['bonus']))}\s*$", summary, re.M)
        # 总分 once: the row's label, its maximum and the total (not "总分 104" beside 总分)
        assert re.search(rf"^\s*总分\s+\d+\s+{re.escape(points(t['total']))}\s*$", summary, re.M), t
        assert t["grade"] in summary


def test_scoresheet_gives_reasons_for_deductions(demo_db, tmp_path, cli):
    with open_store(demo_db, write=False) as store:
        last = assessments.score_year(store, 2009)[-1]  # the lowest total lost the most points
        insp = inspections.load(store, last.inspection)
        form = checklists.get(store, insp.checklist_id, insp.checklist_version)
    out = tmp_path / "s.pdf"
    assert cli("--db", demo_db, "print", "scoresheet", "--year", 2009, "--township", last.township, "-o", out)[0] == 0
    text = pdftools.squeeze(pdftools.text(out))
    assert "扣分原因" in text
    lost = [i for i in form.items if last.result.items[i.id].status == "scored"
            and last.result.items[i.id].points < i.max_points and i.kind is not ItemKind.BONUS]
    assert lost
    for item in lost:
        answer = insp.answers[item.id]
        why = "；".join([describe(item, answer.value)] + ([answer.note] if answer.note else [])
                       + ([f"整改：{answer.rectification}"] if answer.rectification else []))
        assert pdftools.squeeze(why) in text, item.id
    for label in ("考核组成员（签名）", "考核组组长（签名）", "乡镇（街道）主要负责人（签名）", "考核单位（盖章）"):
        assert label in text


def test_scoresheet_all_gives_one_sheet_per_township_in_rank_order(demo_db, tmp_path, cli):
    ranked = scores(cli, demo_db, 2009)
    out = tmp_path / "all.pdf"
    assert cli("--db", demo_db, "print", "scoresheet", "--year", 2009, "--all", "-o", out)[0] == 0
    numbers = pdftools.page_numbers(out)
    starts = [n for n, (x, _) in enumerate(numbers, 1) if x == 1]
    assert len(starts) == len(ranked)
    for start, t in zip(starts, ranked):
        first_page = pdftools.text(out, first=start, last=start)
        assert t["township"] in first_page


@pytest.mark.parametrize("year", [2008, 2009])
def test_ranking_rows_equal_score_json(year, demo_db, tmp_path, cli):
    ranked = [t for t in scores(cli, demo_db, year) if t["rank"] is not None]  # drafts are not in the ranking
    out = tmp_path / "ranking.pdf"
    code, _, err = cli("--db", demo_db, "print", "ranking", "--year", year, "-o", out)
    assert code == 0, err
    assert pdftools.qpdf_check(out).returncode == 0
    lines = pdftools.text(out, layout=True).splitlines()
    order = ["brand", "foundation", "product", "food", "equipment"]
    for t in ranked:
        row = next(line for line in lines if f" {t['township']} " in f" {line} ")
        cells = row.split()
        want = ([str(t["rank"]), t["county"], t["township"]] + [points(t["categories"][c]) for c in order]
                + [points(t["bonus"]), points(t["total"]), t["grade"], "是" if t["eligible"] else "否"])
        assert cells == want, row
    assert f"参加考核{len(ranked)}个" in pdftools.squeeze("\n".join(lines))


def test_scoresheet_names_its_revision_and_why_a_township_is_not_eligible(demo_db, tmp_path, cli):
    with open_store(demo_db) as store:
        ranked = assessments.score_year(store, 2009)
        last = ranked[-1]
        insp = inspections.load(store, last.inspection)
        before = inspections.summary(store, last.inspection)["revision"]
        first = tmp_path / "first.pdf"
        jobs.print_scoresheets(store, 2009, first, [last.township_id])
        note = next(iter(insp.answers))
        inspections.save(store, insp.with_answer(note, replace(insp.answers[note], note="复核后补充说明")),
                         reason="复核")
        after = inspections.summary(store, last.inspection)["revision"]
        second = tmp_path / "second.pdf"
        jobs.print_scoresheets(store, 2009, second, [last.township_id])
        form = checklists.get(store, insp.checklist_id, insp.checklist_version)
    a, b = (pdftools.squeeze(pdftools.text(p)) for p in (first, second))
    assert before in a and after in b and before != after
    assert f"修订{before[:12]}" in a  # in every page's head too
    assert not last.result.eligible
    if last.result.vetoed:
        assert f"不具备（一票否决：{last.result.vetoed[0]}" in a
    else:
        assert f"不具备（总分{points(last.result.total)}，低于{points(form.title_threshold)}）" in a
