"""Worst cases a supervisor really writes: 2,000-character notes, 80-character names, 30 findings.

`make_worst` rewrites a copy of the small demo database so that one inspection of every shipped
checklist loses points on every item (30 and more findings on a township assessment), every
kind of text field holds 2,000 characters somewhere on it (notes, rectifications and text
records: on every text item and on every eighth item, the others a usual sentence or two), and
every name, address, contact and inspector of the registers is 80 characters long.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from qinspect.domain.checklist import Checklist, ItemKind
from qinspect.domain.records import Answer
from qinspect.domain.scoring import FAIL
from qinspect.store import checklists, inspections
from qinspect.store.db import Store

# Real sentences of an inspector's note, with the punctuation Chinese line breaking must respect.
SENTENCES = (
    "现场检查发现原料库房内有三批面粉未标注进货日期和供货者名称（批号 20091103、20091107、20091112），"
    "索证资料中仅有其中一批的检验报告；",
    "企业负责人称其余两批的票据由财务保管，检查当天未能提供。",
    "成品库房地面有积水，部分成品纸箱直接落地存放，离墙距离不足 10 cm；",
    "冷藏库温度记录显示 11 月 5 日至 11 月 9 日连续五天未记录，当日实测温度为 8.5 ℃，超过规定的 0～4 ℃。",
    "已当场责令企业于 15 日内完成整改：“补齐进货查验记录、索证索票”，并书面报告乡镇（街道）质监员；",
    "复查时重点核对《进货查验记录》《出厂检验记录》与实际批次是否一致、是否可追溯。",
)


def long_text(chars: int, start: int = 0) -> str:
    out, n = [], start
    while sum(map(len, out)) < chars:
        out.append(SENTENCES[n % len(SENTENCES)])
        n += 1
    return "".join(out)[:chars - 1] + "。"


def long_name(chars: int, tail: str) -> str:
    """A register name as long as the longest a county has typed: repeated words, then the kind."""
    body = "台州市黄岩区院桥镇联合食品机械配件及农副产品深加工专业合作社第二生产基地"
    return (body * (chars // len(body) + 1))[:chars - len(tail)] + tail


def losing_value(item, n: int):
    """An answer that loses points on `item` (so it lands among the findings)."""
    kind = item.kind
    if kind in (ItemKind.PASSFAIL, ItemKind.VETO):
        return FAIL
    if kind is ItemKind.TIERED:
        return len(item.tiers) - 1
    if kind is ItemKind.QUANTITY:
        return 1000.0 if item.lower_is_better else 0.0
    if kind is ItemKind.DEDUCTION:
        return 2
    if kind is ItemKind.BONUS:
        return 1
    if kind is ItemKind.TEXT:
        return long_text(2000, n)  # 检查发现的主要问题 and the like
    return []


@dataclass(frozen=True)
class Worst:
    inspections: dict[str, str]  # checklist ref -> inspection uuid made worst
    townships: list[str]  # township names made long


def make_worst(store: Store, text_chars: int = 2000, name_chars: int = 80) -> Worst:
    """Give one inspection of every checklist (and every township's assessment) the longest texts."""
    chosen: dict[str, str] = {}
    for cid, version, uuid in store.execute(
            "SELECT checklist_id, checklist_version, uuid FROM inspections ORDER BY date DESC, uuid").fetchall():
        chosen.setdefault(f"{cid}@{version}", uuid)
    with store.atomic():
        # Names stay unique: the first two characters and the row id, filled up to `name_chars`.
        for table, tail in (("enterprises", "有限公司"), ("villages", "村"), ("townships", "街道")):
            store.execute(f"UPDATE {table} SET name = substr(name, 1, 2) || id || substr(?, 1, ? - length(id)) || ?",
                          (long_name(name_chars, ""), name_chars - 2 - len(tail), tail))
        store.execute("UPDATE enterprises SET address = ?, contact = ?",
                      (long_name(name_chars, "号"), long_name(name_chars, "（质量负责人）")))
    for uuid in chosen.values():
        insp = inspections.load(store, uuid)
        form: Checklist = checklists.get(store, insp.checklist_id, insp.checklist_version)
        answers = {}
        for n, item in enumerate(form.items):
            chars = text_chars if n % 8 == 0 or item.kind is ItemKind.TEXT else 60
            answers[item.id] = Answer(losing_value(item, n), note=long_text(chars, n),
                                      rectification=long_text(chars, n + 2), deadline="2009-12-31")
        insp = replace(insp, answers=answers, inspector=long_name(name_chars, "、王建国"))
        inspections.save(store, insp, reason="最长的文字：打印测试")
    towns = [r[0] for r in store.execute("SELECT name FROM townships").fetchall()]
    return Worst(chosen, towns)
