"""The yearly township assessment on paper: the scoring sheet (评分表) of a township and the ranking.

Both print what `store.assessments.score_year` computes, so the paper and `qinspect score`
can never disagree.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from qinspect.domain.assessments import STATE_LABELS
from qinspect.domain.checklist import Checklist, Item, ItemKind
from qinspect.domain.records import Inspection
from qinspect.reports.checklist_sheets import (
    QrCode, describe, eligibility, height_of, item_label, item_number, max_text, qr_payload, score_text,
)
from qinspect.reports.fonts import FontSet
from qinspect.reports.layout import (
    LIGHT, SHADE, Sheet, SheetStart, Title, cn_brackets, date_cn, grid_style, numeral, points, signature_block,
    styles_for, table,
)
from qinspect.store.assessments import TownshipScore

# 序号, 考核内容, 评分标准, 分值, 得分, 扣分原因: 180 mm.
SCORE_COLUMNS = [11 * mm, 36 * mm, 66 * mm, 12 * mm, 12 * mm, 43 * mm]
SCORE_HEADERS = ["序号", "考核内容", "评分标准", "分值", "得分", "扣分原因"]
# Short category names for the ranking's narrow columns.
SHORT = {"brand": "名牌战略", "foundation": "质量基础", "product": "产品质量", "food": "食品安全",
         "equipment": "特种设备"}
TITLE_NAME = "质量先进乡镇（街道）"


def reason(item: Item, inspection: Inspection, s) -> str:
    """Why points were taken off an item: the answer in words, the inspector's note, the rectification."""
    a = inspection.answers.get(item.id)
    value = a.value if a else None
    if s.status == "na":
        return "不适用，本大项按适用条目折算"
    if s.status == "open":
        return "未评"
    if s.status == "veto-fail":
        parts = ["否决"]
    elif item.kind is ItemKind.BONUS:
        return describe(item, value) if value else ""
    elif s.status != "scored" or s.points >= s.max:
        return ""
    else:
        parts = [describe(item, value)]
    if a and a.note:
        parts.append(a.note)
    if a and a.rectification:
        parts.append(f"整改：{a.rectification}")
    return "；".join(parts)


def scoresheet_flowables(fonts: FontSet, year: int, ts: TownshipScore, ranked: int, checklist: Checklist,
                         inspection: Inspection, revision: str) -> list[Flowable]:
    """The 评分表 of one township: every item with standard, maximum, points and reason."""
    st = styles_for(fonts)
    r = ts.result
    p = st.p
    where = f"{ts.county}{ts.township}"
    sheet = Sheet(fonts, checklist.ref, f"{year} 年度考核　修订 {revision[:12]}", where, f"乡镇（街道）：{where}")
    title = cn_brackets(checklist.title)
    out: list[Flowable] = [SheetStart(sheet), Title(fonts, f"{year} 年度{title}"),
                           p(f"依据：{title}（{checklist.version} 年版）　考核编号 {ts.inspection[:12]}", st.subtitle),
                           Spacer(0, 3 * mm)]
    rows = [
        ["县（市、区）", ts.county, "乡镇（街道）", ts.township],
        ["考核年度", f"{year} 年", "考核日期", date_cn(inspection.date)],
        ["考核组", inspection.inspector, "名　　次",
         f"第 {ts.rank} 名（共 {ranked} 个）" if ts.rank is not None else f"未排名（{STATE_LABELS[ts.state]}）"],
    ]
    head = table([[p(v, st.cell_c if i % 2 == 0 else st.cell) for i, v in enumerate(row)] for row in rows],
                 [28 * mm, 62 * mm, 28 * mm, 62 * mm], min_heights=[8.5 * mm] * len(rows))
    head.setStyle(grid_style(0) + [("BACKGROUND", (0, 0), (0, -1), SHADE), ("BACKGROUND", (2, 0), (2, -1), SHADE)])
    out += [head, Spacer(0, 3 * mm)]
    widths = [w - 6 for w in SCORE_COLUMNS]

    def section(title: str, items: list[Item], subtotal_label: str, cap: str, score: str, note: str) -> Table:
        body = [[p(title, st.category)] + [""] * 5, [p(h, st.head) for h in SCORE_HEADERS]]
        spans = []
        for item in items:
            s = r.items[item.id]
            row = [p(item_number(item), st.cell_c), p(item_label(item)), p(item.standard, st.small),
                   p(max_text(item), st.cell_c), p(score_text(item, s), st.cell_c),
                   p(reason(item, inspection, s), st.small)]
            body.append(row)
            # A reason longer than the row continues across the sheet in a row of its own.
            tallest = max(height_of(c, w) for c, w in zip(row[:5], widths[:5]))
            if height_of(row[5], widths[5]) > tallest:
                body[-1][5] = p("见下行", st.small)
                body.append(["", p(f"{item.id} 扣分原因：{reason(item, inspection, s)}", st.small), "", "", "", ""])
                spans.append(("SPAN", (1, len(body) - 1), (-1, len(body) - 1)))
        if items and (not spans or spans[-1][1][1] != len(body) - 1):
            # The subtotal never starts a page alone: it goes with the last item when that row is short.
            spans.append(("NOSPLIT", (0, len(body) - 1), (-1, len(body))))
        body.append(["", p(subtotal_label), "", p(cap, st.cell_c), p(score, st.cell_c), p(note, st.small)])
        t = table(body, SCORE_COLUMNS, repeat=2)
        t.setStyle(grid_style(2) + [
            ("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 1), (-1, 1), LIGHT),
            ("SPAN", (1, -1), (2, -1)), ("BACKGROUND", (0, -1), (-1, -1), LIGHT),
            ("VALIGN", (1, 2), (2, -2), "TOP"), ("VALIGN", (5, 2), (5, -2), "TOP"),
        ] + spans)
        return t

    for n, cat in enumerate(checklist.categories, 1):
        cs = next(x for x in r.categories if x.id == cat.id)
        items = [i for i in checklist.items_of(cat.id) if i.kind is not ItemKind.BONUS]
        note = f"适用条目满分 {points(cs.applicable)}，按比例折算" if cs.applicable < cs.full else ""
        out.append(section(f"{numeral(n)}、{cat.title}（满分 {points(cat.max)} 分）", items,
                           "小计", points(cat.max), points(cs.score), note))
    bonus = [i for i in checklist.items if i.kind is ItemKind.BONUS]
    if bonus:
        cap = points(checklist.bonus_max)
        note = f"合计 {points(r.bonus_raw)} 分，按上限计" if r.bonus_raw > r.bonus else ""
        out.append(section(f"{numeral(len(checklist.categories) + 1)}、加分项（最多加 {cap} 分）", bonus,
                           "加分合计", f"+{cap}", points(r.bonus), note))

    summary = [[p("考核项目", st.head), p("满分", st.head), p("得分", st.head)]]
    for n, cat in enumerate(checklist.categories, 1):
        cs = next(x for x in r.categories if x.id == cat.id)
        summary.append([p(f"{numeral(n)}、{cat.title}"), p(points(cat.max), st.cell_c), p(points(cs.score), st.cell_c)])
    summary.append([p("加分项"), p(f"+{points(checklist.bonus_max)}", st.cell_c), p(points(r.bonus), st.cell_c)])
    summary.append([p("总分"), p(points(checklist.max_total + checklist.bonus_max), st.cell_c),
                    p(points(r.total), st.cell_c)])
    summary.append([p("等级"), p(r.grade, st.cell_c), ""])
    spans = [("SPAN", (1, len(summary) - 1), (2, len(summary) - 1))]
    if checklist.title_threshold is not None:
        summary.append([p(f"“{TITLE_NAME}”称号资格"), p(eligibility(checklist, r), st.cell_c), ""])
        spans.append(("SPAN", (1, len(summary) - 1), (2, len(summary) - 1)))
    t = table(summary, [80 * mm, 40 * mm, 60 * mm])
    t.setStyle(grid_style(1) + spans)
    # Which revision of the assessment this paper shows: two prints of different revisions differ here.
    record = table([[[p(f"考核记录 {inspection.uuid}", st.small), p(f"修订 {revision}", st.small),
                      p(f"内容哈希（SHA-256） {inspection.content_hash()}", st.small),
                      p(f"检查表 {checklist.ref}　内容哈希 {checklist.hash[:16]}", st.small)],
                     QrCode(qr_payload(inspection.uuid, revision, inspection.content_hash()), 24 * mm)]],
                   [152 * mm, 28 * mm])
    record.setStyle(grid_style(0) + [("ALIGN", (1, 0), (1, 0), "CENTER")])
    # The totals and the signatures under them stay on one page: nobody signs a page of blank lines.
    out.append(KeepTogether([p("评分汇总", st.section), t, Spacer(0, 2 * mm), record, Spacer(0, 3 * mm),
                             p("考核组意见：", st.left), Spacer(0, 12 * mm), signature_block(st, [
                                 "考核组成员（签名）：", "考核组成员（签名）：", "考核组组长（签名）：",
                                 "乡镇（街道）主要负责人（签名）：", "考核单位（盖章）："])]))
    return out


def ranking_flowables(fonts: FontSet, year: int, ranked: list[TownshipScore], checklist: Checklist) -> list[Flowable]:
    """All assessed townships of a year in rank order, with their category scores."""
    st = styles_for(fonts)
    p = st.p
    refs = ", ".join(sorted({s.checklist for s in ranked}))
    title = f"{year} 年度乡镇（街道）质量工作考核得分排名表"
    sheet = Sheet(fonts, refs, f"{year} 年度考核排名", f"{year} 年度排名", title)
    out: list[Flowable] = [SheetStart(sheet), Title(fonts, title),
                           p(f"依据：{cn_brackets(checklist.title)}（{checklist.version} 年版）　"
                             f"共 {len(ranked)} 个乡镇（街道）参加考核", st.subtitle),
                           Spacer(0, 4 * mm)]
    cats = list(checklist.categories)
    head = ["名次", "县（市、区）", "乡镇（街道）"] + [f"{SHORT.get(c.id, c.title)}\n({points(c.max)})" for c in cats] \
        + [f"加分\n({points(checklist.bonus_max)})", "总分", "等级", "称号\n资格"]
    rows = [[p(h, st.head) for h in head]]
    for s in ranked:
        by_cat = {c.id: c.score for c in s.result.categories}
        rows.append([p(str(s.rank), st.cell_c), p(s.county, st.cell_c), p(s.township, st.cell_c)]
                    + [p(points(by_cat.get(c.id)), st.cell_c) for c in cats]
                    + [p(points(s.result.bonus), st.cell_c), p(points(s.result.total), st.cell_c),
                       p(s.result.grade, st.cell_c), p("是" if s.result.eligible else "否", st.cell_c)])
    fixed = [10 * mm, 18 * mm, 24 * mm]
    tail = [13 * mm, 14 * mm, 13 * mm, 11 * mm]
    each = (180 * mm - sum(fixed) - sum(tail)) / max(len(cats), 1)
    t = table(rows, fixed + [each] * len(cats) + tail, repeat=1)
    t.setStyle(grid_style(1) + [("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, LIGHT])])
    out.append(t)
    eligible = sum(1 for s in ranked if s.result.eligible)
    average = sum(s.result.total for s in ranked) / len(ranked)
    # The totals' summary goes with the signatures, so the signing page says what is signed.
    out.append(KeepTogether([Spacer(0, 3 * mm), p(
        f"参加考核 {len(ranked)} 个乡镇（街道），平均得分 {points(round(average, 2))} 分；"
        f"总分达到 {points(checklist.title_threshold or 0)} 分且无否决项、具备“{TITLE_NAME}”称号资格的 "
        f"{eligible} 个。名次按总分排列，总分相同者名次并列。", st.body), Spacer(0, 6 * mm), signature_block(st, [
            "制表人（签名）：", "审核人（签名）：", "考核单位（盖章）："])]))
    return out
