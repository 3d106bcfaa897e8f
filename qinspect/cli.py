"""The command line: the same operations as the window (qinspect/operations/), for scripts and tests.

Exit codes: 0 success, 1 input refused (one line on stderr, nothing changed), 2 wrong usage.
Errors a user can cause are QInspectError; they become exit 1 here and nowhere else.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any, Callable

from qinspect import __version__
from qinspect.errors import ChecklistError, InvalidInput, QInspectError
from qinspect.paths import default_db_path

Handler = Callable[[argparse.Namespace], int]


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except ChecklistError as e:
        for problem in e.problems:
            print(f"qinspect: {problem}", file=sys.stderr)
        return 1
    except QInspectError as e:
        print(f"qinspect: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("qinspect: 已中断，未保存的操作已撤销。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as e:  # the last line of defence: a bug, never a user's mistake
        print(f"qinspect: 程序出错（{type(e).__name__}），操作未完成，未保存的更改已撤销；{crash_log(e)}",
              file=sys.stderr)
        return 1


def crash_log(error: Exception) -> str:
    """Write the traceback to a log in the data dir; returns the sentence that says where."""
    import datetime as dt
    import traceback
    try:
        from qinspect.paths import data_dir
        log = data_dir() / "logs" / f"crash-{dt.datetime.now():%Y%m%d-%H%M%S-%f}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text("".join(traceback.format_exception(error)), encoding="utf-8")
    except OSError:
        return "详情无法写入日志，请把上面的操作步骤告诉维护人员。"
    return f"详情已写入 {log}，请把它发给维护人员。"


# -- helpers ------------------------------------------------------------------
def db_path(args: argparse.Namespace) -> Path:
    return Path(args.db) if args.db else default_db_path()


def open_db(args: argparse.Namespace, write: bool = True, create: bool = False):
    """The database of `--db`; only `init`, `demo` and `setup` may create a new one (a typo must not)."""
    from qinspect.store.db import open_store
    return open_store(db_path(args), write=write, create=create)


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def terminal_progress(label_prefix: str = ""):
    """Progress on stderr when it is a terminal; silent in pipes and tests."""
    if not sys.stderr.isatty():
        return None

    def report(done: int, total: int, label: str) -> None:
        end = "\n" if done >= total else ""
        print(f"\r{label_prefix}{label} {done}/{total}", end=end, file=sys.stderr, flush=True)

    return report


def table(rows: list[dict], columns: list[tuple[str, str]]) -> None:
    """Print rows as aligned columns (East Asian characters count as two cells)."""
    def width(s: str) -> int:
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)

    cells = [[h for _, h in columns]] + [["" if r.get(k) is None else str(r.get(k)) for k, _ in columns]
                                         for r in rows]
    widths = [max(width(row[i]) for row in cells) for i in range(len(columns))]
    for row in cells:
        print("  ".join(c + " " * (w - width(c)) for c, w in zip(row, widths)).rstrip())


# -- commands -------------------------------------------------------------------
def cmd_init(args) -> int:
    from qinspect.operations import database
    with open_db(args, create=True) as store:
        database.prepare(store)
        print(store.path)
    return 0


def cmd_demo(args) -> int:
    from qinspect.store import demo
    with open_db(args, create=True) as store:
        counts = demo.generate(store, args.scale, args.seed, terminal_progress("演示数据："))
    print(", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


def cmd_checklists_validate(args) -> int:
    from qinspect.store.checklists import load_file
    failed = 0
    for f in args.files:
        try:
            c = load_file(f)
        except ChecklistError as e:
            failed += 1
            for problem in e.problems:
                print(problem, file=sys.stderr)
        else:
            print(f"{f}: {c.ref} ok, {len(c.items)} items")
    return 1 if failed else 0


def cmd_checklists_list(args) -> int:
    from qinspect.store import checklists
    with open_db(args, write=False) as store:
        rows = checklists.listing(store)
    if args.json:
        print_json([{k: r[k] for k in ("id", "version", "title", "subject", "hash")} for r in rows])
    else:
        table([{**r, "hash": r["hash"][:12]} for r in rows],
              [("id", "id"), ("version", "version"), ("subject", "subject"), ("title", "title"), ("hash", "hash")])
    return 0


def cmd_checklists_install(args) -> int:
    from qinspect.store import checklists
    loaded = [checklists.load_file(f) for f in args.files]
    with open_db(args) as store:
        with store.atomic():
            outcomes = [(c.ref, checklists.install(store, c)) for c in loaded]
    for ref, outcome in outcomes:
        print(f"{ref}: {outcome}")
    return 0


def cmd_checklists_diff(args) -> int:
    from qinspect.domain import checklist_diff
    from qinspect.store import checklists

    def load(ref: str):
        # A template file not installed yet can be compared too, before a coordinator installs it.
        return checklists.load_file(ref) if ref.endswith(".toml") else checklists.get_ref(store, ref)

    with open_db(args, write=False) as store:
        old, new = load(args.old), load(args.new)
    diff = checklist_diff.diff_checklists(old, new)
    if args.json:
        print_json(diff.as_dict())
    else:
        print("\n".join(checklist_diff.describe(diff, old, new)))
    return 0


def cmd_inspections_list(args) -> int:
    from qinspect.operations import inspections
    checklist = None
    if args.checklist:
        cid, _, version = args.checklist.partition("@")
        checklist = (cid, version) if version else None
        if checklist is None:
            raise InvalidInput(f"--checklist 应写成 编号@版本，例如 village-network@2009，而不是“{args.checklist}”")
    f = inspections.Filter(text=args.search or "", subject_kind=args.kind, checklist=checklist, status=args.status,
                           date_from=args.date_from, date_to=args.date_to)
    with open_db(args, write=False) as store:
        rows = inspections.listing(store, f, township=args.township, year=args.year, limit=args.limit)
    if args.json:
        print_json(rows)
    else:
        table([{**r, "id": r["id"][:10]} for r in rows],
              [("id", "编号"), ("date", "日期"), ("township", "乡镇"), ("subject", "对象"),
               ("checklist", "检查表"), ("status", "状态"), ("total", "得分"), ("grade", "等级")])
    return 0


def cmd_inspections_show(args) -> int:
    from qinspect.operations import inspections
    with open_db(args, write=False) as store:
        shown = inspections.show(store, args.id)
    if args.json:
        print_json(shown.as_dict())
        return 0
    head, insp, form, result, uuid = shown.head, shown.inspection, shown.checklist, shown.result, shown.uuid
    revs = shown.revisions
    print(f"{head['subject']}（{head['county']} {head['township']}）  {form.title} {form.version}")
    print(f"编号 {uuid}  日期 {insp.date}  检查人 {insp.inspector}  状态 {insp.status}  修订 {len(revs)}"
          + (f"  复查 {insp.follows}" if insp.follows else ""))
    for cat in result.categories:
        print(f"\n{cat.title}  {cat.score:g} / {cat.cap:g}")
        for it in form.items_of(cat.id):
            a = insp.answers.get(it.id)
            value = "—" if a is None or a.value is None else json.dumps(a.value, ensure_ascii=False)
            print(f"  {it.id:<5} {result.items[it.id].points:>5g}/{it.max_points:<4g} {value:<10} {it.text}")
    print(f"\n加分 {result.bonus:g}  总分 {result.total:g}  等级 {result.grade}"
          + ("" if result.eligible is None else f"  称号资格 {'是' if result.eligible else '否'}"))
    return 0


def cmd_inspections_import(args) -> int:
    from qinspect.store import paper_import
    with open_db(args) as store:
        check, done = paper_import.import_file(store, args.file, dry_run=args.dry_run)
    if done is None:
        print(f"{check.sheet.source}: 检查通过，{check.summary()}（--dry-run，未写入）")
    else:
        print(f"{check.sheet.source}: 已导入，新建检查 {done.created} 份，修订 {done.revised} 份"
              + (f"，内容未变 {done.unchanged} 份" if done.unchanged else ""))
    return 0


def cmd_registers_import(args) -> int:
    from qinspect.store import register_import
    with open_db(args) as store:
        check = register_import.import_file(store, args.file, dry_run=args.dry_run)
    done = "检查通过，未写入（--dry-run）" if args.dry_run else "已导入"
    print(f"{check.sheet.source}: {done}：{check.summary()}")
    return 0


# -- what the window does that had no command: register entries, the paper template, the PDF font --
def cmd_registers_find(args) -> int:
    from qinspect.store import registers
    with open_db(args, write=False) as store:
        rows = registers.search_subjects(store, args.text, limit=args.limit)
    if args.json:
        print_json(rows)
    else:
        table(rows, [("kind", "类型"), ("id", "编号"), ("name", "名称"), ("county", "县(市、区)"),
                     ("township", "乡镇(街道)")])
    return 0


def cmd_registers_show(args) -> int:
    from qinspect.domain.checklist import SUBJECTS
    from qinspect.errors import NotFound
    from qinspect.operations import inspections, rectifications as rect, registers
    with open_db(args, write=False) as store:
        card = registers.card(store, args.kind, args.id)
        if card is None:
            raise NotFound(f"没有编号为 {args.id} 的{SUBJECTS[args.kind]}")
        history = [dict(zip(("id", "date", "checklist", "version", "inspector", "status", "total", "grade"), row))
                   for row in inspections.history(store, args.kind, args.id)]
        rectifications = rect.pending(store, args.kind, args.id)
    if args.json:
        print_json({**card.fields, "inspections": history, "rectifications": rectifications})
        return 0
    print(f"{card.name}（{card.county} {card.township}）")
    table(history, [("date", "日期"), ("checklist", "检查表"), ("version", "版本"), ("inspector", "检查人"),
                    ("status", "状态"), ("total", "得分"), ("grade", "等级")])
    if rectifications:
        print("\n未完成的整改：")
        table([{**r, "state": RECTIFICATION_STATES[r["state"]], "deadline": r["deadline"] or "未定"}
               for r in rectifications],
              [("deadline", "整改期限"), ("state", "状态"), ("item", "条目"), ("text", "检查内容"),
               ("requirement", "整改要求")])
    return 0


def _township_id(store, name: str) -> int:
    from qinspect.store import registers
    return registers.find_township(store, name)["id"]


def cmd_registers_add_village(args) -> int:
    from qinspect.operations import registers
    with open_db(args) as store:
        vid = registers.add_village(store, _township_id(store, args.township), args.name, args.kind,
                                    args.assistant, args.phone)
    print(f"已登记村(社区)“{args.name.strip()}”，编号 {vid}")
    return 0


def cmd_registers_add_enterprise(args) -> int:
    from qinspect.operations import registers
    with open_db(args) as store:
        tid = _township_id(store, args.township)
        village = _village_id(store, tid, args.village) if args.village else None
        eid = registers.add_enterprise(store, tid, name=args.name, credit_code=args.credit_code,
                                       industry=args.industry, address=args.address, contact=args.contact,
                                       phone=args.phone, village_id=village)
    print(f"已登记企业“{args.name.strip()}”，编号 {eid}")
    return 0


def _village_id(store, township_id: int, name: str) -> int:
    from qinspect.operations import registers
    found = [vid for vid, village, _ in registers.villages_of(store, township_id) if village == name.strip()]
    if not found:
        raise InvalidInput(f"该乡镇(街道)没有名为“{name}”的村(社区)")
    return found[0]


def cmd_registers_update_village(args) -> int:
    from qinspect.operations import registers
    with open_db(args) as store:
        old = registers.subject(store, "village", args.id)
        new = {k: old[k] if getattr(args, k) is None else getattr(args, k) for k in ("name", "kind", "assistant", "phone")}
        registers.update_village(store, args.id, **new)
    print(f"已更新村(社区)“{new['name'].strip()}”（编号 {args.id}）")
    return 0


def cmd_registers_update_enterprise(args) -> int:
    from qinspect.operations import registers
    fields = ("name", "credit_code", "industry", "address", "contact", "phone")
    with open_db(args) as store:
        old = registers.subject(store, "enterprise", args.id)
        new = {k: old[k] if getattr(args, k) is None else getattr(args, k) for k in fields}
        village = old["village_id"] if args.village is None else (
            _village_id(store, old["township_id"], args.village) if args.village else None)
        registers.update_enterprise(store, args.id, **new, village_id=village)
    print(f"已更新企业“{new['name'].strip()}”（编号 {args.id}）")
    return 0


def cmd_inspections_template(args) -> int:
    from qinspect.operations import paper_results
    from qinspect.store import checklists
    with open_db(args, write=False) as store:
        form = checklists.get_ref(store, args.checklist)
    print(paper_results.write_template(form, args.output))
    return 0


def cmd_settings_pdf_font(args) -> int:
    from qinspect.operations import settings
    with open_db(args) as store:
        if args.clear or args.file:
            settings.set_pdf_font(store, "" if args.clear else args.file)
        print(settings.pdf_font(store) or "（内置字体）")
    return 0


def cmd_score(args) -> int:
    from qinspect.domain.assessments import STATE_LABELS
    from qinspect.operations import assessments
    with open_db(args, write=False) as store:
        ranked = assessments.score_year(store, args.year, args.township, unranked=True, required=True)
    if args.json:
        print_json({"year": args.year, "townships": [s.as_dict() for s in ranked]})
        return 0
    # An unranked (draft or submitted) assessment is nobody's verdict yet: no title candidate to show.
    rows = [{**s.as_dict(), "eligible": "—" if s.rank is None else "是" if s.as_dict()["eligible"] else "否",
             "state": STATE_LABELS[s.state] + ("，一票否决" if s.result.vetoed else "")} for s in ranked]
    table(rows, [("rank", "名次"), ("county", "县(市、区)"), ("township", "乡镇(街道)"), ("total", "总分"),
                 ("grade", "等级"), ("eligible", "称号资格"), ("state", "状态")])
    return 0


# -- assessments: the yearly workflow ------------------------------------------------
def cmd_assessments_list(args) -> int:
    from qinspect.operations import assessments
    with open_db(args, write=False) as store:
        rows = assessments.listing(store, args.year)
    if args.json:
        print_json(rows)
    else:
        table([{**r, "inspection": r["inspection"][:10]} for r in rows],
              [("county", "县(市、区)"), ("township", "乡镇(街道)"), ("state_label", "状态"), ("inspection", "考核检查"),
               ("total", "得分"), ("changed_by", "经办人"), ("changed_at", "时间"), ("note", "说明")])
    return 0


def cmd_assessments_step(args) -> int:
    from qinspect.domain.assessments import STATE_LABELS
    from qinspect.operations import assessments
    step = {"submit": assessments.submit, "score": assessments.score, "confirm": assessments.confirm}[args.step]
    with open_db(args) as store:
        done = step(store, args.township, args.year, args.note)
    print(f"{done.township} {done.year} 年考核：{STATE_LABELS[done.state]}")
    return 0


def cmd_assessments_back(args) -> int:
    from qinspect.domain.assessments import STATE_LABELS
    from qinspect.operations import assessments
    with open_db(args) as store:
        done = assessments.back(store, args.township, args.year, args.reason)
    print(f"{done.township} {done.year} 年考核已退回：{STATE_LABELS[done.state]}")
    return 0


def cmd_assessments_choose(args) -> int:
    from qinspect.operations import assessments
    with open_db(args) as store:
        done = assessments.choose(store, args.id)
    print(f"{done.township} {done.year} 年的考核检查：{done.inspection}")
    return 0


# -- assessments: items derived from field data --------------------------------------
def _derived_rows(found) -> list[dict]:
    return [{**d.as_dict(), "overridden": "改写" if d.overridden else "", "reason": d.reason or ""} for d in found]


def cmd_assessments_derived(args) -> int:
    from qinspect.operations import derived
    with open_db(args, write=False) as store:
        found = derived.listing(store, args.township, args.year)
    if args.json:
        print_json({"township": args.township, "year": args.year, "items": [d.as_dict() for d in found]})
        return 0
    table(_derived_rows(found), [("item", "条目"), ("label", "计算方法"), ("value", "数值"), ("computed", "当前计算值"),
                                 ("numerator", "分子"), ("denominator", "分母"), ("inspections", "检查数"),
                                 ("overridden", "改写"), ("reason", "原因")])
    return 0


def cmd_assessments_refresh(args) -> int:
    from qinspect.operations import derived
    with open_db(args) as store:
        found = derived.refresh(store, args.township, args.year)
    table(_derived_rows(found), [("item", "条目"), ("value", "数值"), ("numerator", "分子"), ("denominator", "分母"),
                                 ("overridden", "改写")])
    return 0


def cmd_assessments_override(args) -> int:
    from qinspect.operations import derived
    with open_db(args) as store:
        done = derived.override(store, args.township, args.year, args.item, args.value, args.reason)
    print(f"{args.township} {args.year} 年考核 {done.item.id}：{done.value}（计算值 {done.as_dict()['computed']}），"
          f"原因：{done.reason}")
    return 0


def add_derived_commands(asm, command) -> None:
    town = {"metavar": "TOWNSHIP", "help": "a township's name, or COUNTY/TOWNSHIP"}
    dv = command(asm, "derived", cmd_assessments_derived,
                 "the items of a township's assessment derived from field data: value, how counted, inspections")
    dv.add_argument("township", **town)
    dv.add_argument("--year", type=int, required=True)
    dv.add_argument("--json", action="store_true")
    rf = command(asm, "refresh", cmd_assessments_refresh,
                 "count a draft assessment's derived items afresh from the field data (frozen once submitted)")
    rf.add_argument("township", **town)
    rf.add_argument("--year", type=int, required=True)
    ov = command(asm, "override", cmd_assessments_override,
                 "replace a derived item's value, with a reason kept in the audit log (drafts only)")
    ov.add_argument("township", **town)
    ov.add_argument("--year", type=int, required=True)
    ov.add_argument("--item", required=True, metavar="ID", help="the derived item's id, e.g. P01")
    ov.add_argument("--value", required=True, metavar="V", help="the value to use, in the item's unit")
    ov.add_argument("--reason", required=True, metavar="TEXT", help="why the counted value is not right")


def cmd_export(args) -> int:
    from qinspect.reports import tables
    with open_db(args, write=False) as store:
        rows = (tables.score_rows if args.what == "scores" else tables.inspection_rows)(store, args.year)
    print(tables.write_table(rows, Path(args.output), args.format))
    return 0


def printed(done) -> int:
    """The written file on stdout; what the person should know about it (left out, printed once) on stderr."""
    print(done.path)
    for note in done.notes:
        print(f"qinspect: {note}", file=sys.stderr)
    return 0


def cmd_print_checklist(args) -> int:
    from qinspect.reports import jobs
    from qinspect.store import checklists
    with open_db(args, write=False) as store:
        form = checklists.get_ref(store, args.checklist)
        return printed(jobs.print_checklist(store, form, args.output, terminal_progress("打印：")))


def cmd_print_inspection(args) -> int:
    from qinspect.reports import jobs
    with open_db(args, write=False) as store:
        return printed(jobs.print_inspections(store, args.ids, args.output, terminal_progress("打印：")))


def cmd_print_scoresheet(args) -> int:
    from qinspect.reports import jobs
    from qinspect.store import registers
    with open_db(args, write=False) as store:
        townships = None if args.all else [registers.find_township(store, args.township)["id"]]
        return printed(jobs.print_scoresheets(store, args.year, args.output, townships, terminal_progress("打印：")))


def cmd_print_ranking(args) -> int:
    from qinspect.reports import jobs
    with open_db(args, write=False) as store:
        return printed(jobs.print_ranking(store, args.year, args.output, terminal_progress("打印：")))


def cmd_bundle_export(args) -> int:
    from qinspect.operations import bundles
    from qinspect.store import registers
    with open_db(args) as store:
        if args.setup:
            towns = [registers.find_township(store, name)["id"] for name in args.township] or None
            result = bundles.export_setup(store, args.output, township_ids=towns, overwrite=args.force,
                                          progress=terminal_progress("导出："))
        else:
            result = bundles.export(store, args.output, everything=args.all, overwrite=args.force,
                                    progress=terminal_progress("导出："))
    print(result.describe())
    return 0


def cmd_bundle_verify(args) -> int:
    from qinspect.operations import bundles
    if db_path(args).exists():  # say whether this database trusts the device, if there is one
        with open_db(args, write=False) as store:
            info = bundles.verify(args.file, store, terminal_progress())
    else:
        info = bundles.verify(args.file, None, terminal_progress())
    print("\n".join(info.describe()))
    return 0


def cmd_bundle_import(args) -> int:
    from qinspect.operations import bundles, devices
    with open_db(args) as store:
        trust = devices.trust_for_import(store, args.files, args.trust)
        report = bundles.import_bundles(store, args.files, trust=trust, progress=terminal_progress())
    if args.json:
        print_json(report.as_dict())
    else:
        print("\n".join(report.describe()))
    for refusal in report.refused:
        print(f"qinspect: {refusal.describe()}", file=sys.stderr)
    return 1 if report.refused else 0


def cmd_db_check(args) -> int:
    from qinspect.operations import database
    with open_db(args, write=False) as store:
        problems = database.check(store)
    if problems:
        for p in problems:
            print(p, file=sys.stderr)
        return 1
    print("ok")
    return 0


def cmd_db_backup(args) -> int:
    from qinspect.operations import database
    with open_db(args, write=False) as store:
        print(database.make_backup(store, args.output))
    return 0


def cmd_gui(args) -> int:
    if args.screenshot:  # a picture needs no display: render offscreen unless told otherwise
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qinspect.ui.app import run
    path = db_path(args)
    if args.demo:
        path = demo_db_path(args.demo)
    return run(path, screenshot=args.screenshot)


def demo_db_path(scale: str) -> Path:
    """A demo database beside the real one, filled on first use, never the user's own data."""
    from qinspect.paths import data_dir
    from qinspect.store import demo
    path = data_dir() / ("demo.db" if scale == "small" else f"demo-{scale}.db")
    if not path.exists():
        from qinspect.store.db import open_store
        tmp = path.with_name(path.name + ".part")
        for leftover in path.parent.glob(tmp.name + "*"):
            leftover.unlink()
        with open_store(tmp) as store:
            demo.generate(store, scale, progress=terminal_progress("演示数据："))
        tmp.with_name(tmp.name + ".lock").unlink(missing_ok=True)
        tmp.rename(path)
    return path


# -- set-up, devices and conflicts (issue 8) ------------------------------------------
def cmd_setup(args) -> int:
    from qinspect.operations import setup
    with open_db(args, create=True) as store:  # a new laptop's first command, like init
        result = setup.setup(store, args.user, args.device_name, township=args.township, bureau=args.bureau)
    print(result.describe())
    return 0


def cmd_devices_list(args) -> int:
    from qinspect.operations import devices
    with open_db(args, write=False) as store:
        rows = devices.list_devices(store)
    if args.json:
        print_json(rows)
        return 0
    states = {"self": "本机", "trusted": "已信任", "untrusted": "未信任", "forgotten": "已遗忘",
              "trusted ahead": "已预先信任"}
    table([{**r, "id": (r["id"] or "")[:8], "state": states.get(r["state"], r["state"]),
            "last": r["last_bundle"] and f"第 {r['last_bundle']['sequence']} 号 {r['last_bundle']['at'][:10]}",
            "missing": "、".join(map(str, r["missing"]))} for r in rows],
          [("id", "编号"), ("name", "名称"), ("fingerprint", "指纹"), ("state", "状态"), ("last", "最近的数据包"),
           ("missing", "尚未收到")])
    return 0


def cmd_devices_trust(args) -> int:
    from qinspect.operations import devices
    with open_db(args) as store:
        print(devices.trust(store, args.fingerprint, args.replaces).describe())
    return 0


def cmd_devices_forget(args) -> int:
    from qinspect.operations import devices
    with open_db(args) as store:
        print(devices.forget(store, args.fingerprint).describe())
    return 0


def cmd_conflicts_list(args) -> int:
    from qinspect.operations import conflicts
    with open_db(args, write=False) as store:
        rows = conflicts.list_open(store)
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print("没有待解决的冲突。")
    for c in rows:
        print(f"{c['inspection']}  {c['subject']}（{c['township']}）  {c['checklist']}  {c['date']}"
              + (f"  不同的条目：{'、'.join(c['differs'])}" if c["differs"] else ""))
        for s in c["sides"]:
            print(f"  {s['revision']}  {s['author'] or '未署名'}（{s['device']}） {s['created_at'][:16]}"
                  + ("  当前显示" if s["head"] else ""))
    return 0


def cmd_conflicts_resolve(args) -> int:
    from qinspect.operations import conflicts
    with open_db(args) as store:
        result = conflicts.resolve(store, args.inspection, args.keep, dict(args.item or []), args.reason or "")
    print(result.describe())
    return 0


def cmd_inspections_history(args) -> int:
    from qinspect.operations import inspections
    with open_db(args, write=False) as store:
        if args.compare:
            uuid, old, new, changes = inspections.compare_revisions(store, args.id, *args.compare)
        else:
            uuid, revisions = inspections.revision_history(store, args.id)
    if args.compare:
        if args.json:
            print_json({"inspection": uuid, "old": old, "new": new, "changes": [c.as_dict() for c in changes]})
            return 0
        print(f"检查 {uuid}：修订 {old[:8]} → {new[:8]}，{len(changes) or '没有'}处不同")
        for c in changes:
            parts = "；".join(f"{HISTORY_FIELDS.get(k, k)} {_shown(a)} → {_shown(b)}" for k, (a, b) in c.fields.items())
            print(f"  {c.item or '检查'} {c.text}：{parts}" if c.text else f"  {c.item or '检查'}：{parts}")
        return 0
    if args.json:
        print_json({"inspection": uuid, "revisions": [r.as_dict() for r in revisions]})
        return 0
    table([{**r.as_dict(), "revision": r.id[:8] + (" *" if r.head else ""), "base": (r.base or "")[:8],
            "action": r.action or "—"}
           for r in revisions],
          [("revision", "修订"), ("base", "基于"), ("at", "时间"), ("author", "修改人"), ("device", "设备"),
           ("action", "操作"), ("status", "状态"), ("reason", "原因")])
    return 0


HISTORY_FIELDS = {"answer": "答案", "note": "备注", "rectification": "整改要求", "deadline": "整改期限",
                  "date": "检查日期", "inspector": "检查人", "status": "状态"}


def _shown(value: Any) -> str:
    return "—" if value in (None, "") else value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def add_history_command(ip, command) -> None:
    hs = command(ip, "history", cmd_inspections_history,
                 "an inspection's revisions (who, when, device, reason), or what changed between two")
    hs.add_argument("id", metavar="ID", help="inspection id or its first 6 or more characters")
    hs.add_argument("--compare", nargs=2, metavar=("REV1", "REV2"), help="two revisions (their first characters)")
    hs.add_argument("--json", action="store_true")


def item_choice(text: str) -> tuple[str, str]:
    """`--item ITEM=REVISION` as a pair (argparse makes a bad one a usage error, exit 2)."""
    item, sep, revision = text.partition("=")
    if not (sep and item.strip() and revision.strip()):
        raise argparse.ArgumentTypeError(f"“{text}”应写成 条目=版本，例如 F03=1a2b3c")
    return item.strip(), revision.strip()


def add_sync_admin_commands(sub, command, group) -> None:
    st = command(sub, "setup", cmd_setup, "set this database up: who works here, this laptop's name, its role")
    st.add_argument("--user", required=True, metavar="NAME", help="the person using this laptop")
    st.add_argument("--device-name", required=True, metavar="NAME", help="this laptop's name, as the bureau sees it")
    role = st.add_mutually_exclusive_group(required=True)
    role.add_argument("--township", metavar="COUNTY/TOWNSHIP", help="a field laptop for this township")
    role.add_argument("--bureau", metavar="COUNTY|台州市", help="a county or the city bureau (no township)")

    dv = group("devices", "this laptop and the devices whose bundles this database accepts")
    dl = command(dv, "list", cmd_devices_list, "every known device and this one, with trust and missing bundles")
    dl.add_argument("--json", action="store_true")
    dt = command(dv, "trust", cmd_devices_trust, "trust a device by the fingerprint compared with it")
    dt.add_argument("fingerprint", metavar="FINGERPRINT", help="24 digits, spaces optional (quote them)")
    dt.add_argument("--replaces", metavar="OLD_FINGERPRINT", help="a known device's lost key this new one replaces")
    df = command(dv, "forget", cmd_devices_forget, "stop trusting a device: its bundles are refused")
    df.add_argument("fingerprint", metavar="FINGERPRINT")

    cf = group("conflicts", "inspections changed on two laptops: see and resolve")
    cl = command(cf, "list", cmd_conflicts_list, "open conflicts with the revisions on each side")
    cl.add_argument("--json", action="store_true")
    cr = command(cf, "resolve", cmd_conflicts_resolve, "resolve a conflict: keep one side, or pick item by item")
    cr.add_argument("inspection", metavar="INSPECTION", help="inspection id or its first 6 or more characters")
    choice = cr.add_mutually_exclusive_group(required=True)
    choice.add_argument("--keep", metavar="REVISION", help="keep this side whole")
    choice.add_argument("--item", action="append", type=item_choice, metavar="ITEM=REVISION",
                        help="take this item's answer from that side (repeatable; the rest from the shown side)")
    cr.add_argument("--reason", metavar="TEXT", help="why (written to the audit log)")


# -- rectification follow-up (issue 10) ------------------------------------------------
RECTIFICATION_STATES = {"open": "未到期", "due": "即将到期", "overdue": "已逾期", "closed": "已关闭"}


def cmd_rectifications_list(args) -> int:
    from qinspect.operations import rectifications
    with open_db(args, write=False) as store:
        f = rectifications.list_filter(store, today=args.today, township=args.township, category=args.category,
                                       state=None if args.state == "all" else args.state)
        rows = rectifications.page(store, f)
    if args.json:
        print_json(rows)
        return 0
    table([{**r, "inspection": r["inspection"][:10], "state": RECTIFICATION_STATES[r["state"]],
            "deadline": r["deadline"] or "未定"} for r in rows],
          [("state", "状态"), ("deadline", "整改期限"), ("township", "乡镇"), ("subject", "对象"),
           ("inspection", "检查编号"), ("item", "条目"), ("text", "检查内容"), ("found_on", "检查日期")])
    return 0


def cmd_rectifications_counts(args) -> int:
    from qinspect.operations import rectifications
    with open_db(args, write=False) as store:
        rows = rectifications.counts(store, args.today)
    if args.json:
        print_json(rows)
        return 0
    table(rows, [("county", "县(市、区)"), ("township", "乡镇(街道)"),
                 *((s, RECTIFICATION_STATES[s]) for s in rectifications.STATES)])
    return 0


def cmd_rectifications_close(args) -> int:
    from qinspect.operations import rectifications
    with open_db(args) as store:
        print(rectifications.close(store, args.inspection, args.item, args.reason, evidence=args.evidence,
                                   today=args.today).describe())
    return 0


def cmd_rectifications_follow_up(args) -> int:
    from qinspect.operations import rectifications
    with open_db(args) as store:
        print(rectifications.start_follow_up(store, args.inspection, date=args.date))
    return 0


def add_rectification_commands(sub, command, group) -> None:
    rc = group("rectifications", "rectifications (整改) across villages and enterprises: list, count, close, follow up")
    today = {"metavar": "YYYY-MM-DD", "help": "the date states are taken on (default: today)"}
    rl = command(rc, "list", cmd_rectifications_list, "rectifications, earliest deadline first")
    rl.add_argument("--township", metavar="NAME")
    rl.add_argument("--category", metavar="ID", help="a checklist category id, e.g. food")
    rl.add_argument("--state", choices=["pending", "open", "due", "overdue", "closed", "all"], default="pending",
                    help="pending (default): all but the closed; open: deadline more than 7 days ahead or none; "
                         "due: within 7 days")
    rl.add_argument("--today", **today)
    rl.add_argument("--json", action="store_true")
    rn = command(rc, "counts", cmd_rectifications_counts, "per township: open, due, overdue and closed")
    rn.add_argument("--today", **today)
    rn.add_argument("--json", action="store_true")
    cl = command(rc, "close", cmd_rectifications_close, "close a rectification by hand, with a reason")
    cl.add_argument("inspection", metavar="INSPECTION", help="inspection id or its first 6 or more characters")
    cl.add_argument("item", metavar="ITEM", help="the item id, e.g. F03")
    cl.add_argument("--reason", required=True, metavar="TEXT", help="why it is closed (written to the audit log)")
    cl.add_argument("--evidence", metavar="FILE", help="a photo or document showing the rectification")
    cl.add_argument("--today", **today)
    fu = command(rc, "follow-up", cmd_rectifications_follow_up,
                 "start a follow-up inspection (复查) of an inspection's open rectifications; prints its id")
    fu.add_argument("inspection", metavar="INSPECTION", help="inspection id or its first 6 or more characters")
    fu.add_argument("--date", metavar="YYYY-MM-DD", help="the follow-up's date (default: today)")


# -- the parser -------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="qinspect", description="乡镇质量工作检查与考核（离线）")
    p.add_argument("--db", metavar="PATH", help="database file (default: QINSPECT_DB or the user data dir)")
    p.add_argument("--version", action="version", version=f"qinspect {__version__}")
    p.set_defaults(handler=cmd_gui, screenshot=None, demo=None)
    sub = p.add_subparsers(metavar="COMMAND")

    def command(parent, name: str, handler: Handler, help: str) -> argparse.ArgumentParser:
        sp = parent.add_parser(name, help=help, description=help)
        sp.set_defaults(handler=handler)
        return sp

    def group(name: str, help: str):
        gp = sub.add_parser(name, help=help, description=help)
        gp.set_defaults(handler=lambda a: (gp.print_usage(sys.stderr), 2)[1])
        return gp.add_subparsers(metavar="ACTION")

    g = command(sub, "gui", cmd_gui, "open the window (the default)")
    g.add_argument("--screenshot", metavar="FILE.png", help="render the window to a PNG and exit")
    g.add_argument("--demo", nargs="?", const="small", choices=["small", "city"],
                   help="open a demo database in the data dir instead (made on first use)")
    command(sub, "init", cmd_init, "create or migrate the database; prints its path")
    d = command(sub, "demo", cmd_demo, "fill an empty database with demo data")
    d.add_argument("--scale", choices=["small", "city", "decade"], default="small")
    d.add_argument("--seed", type=int, default=2009)

    cl = group("checklists", "checklist templates")
    v = command(cl, "validate", cmd_checklists_validate, "validate template files")
    v.add_argument("files", nargs="+", metavar="FILE")
    lst = command(cl, "list", cmd_checklists_list, "list installed checklist versions")
    lst.add_argument("--json", action="store_true")
    ins = command(cl, "install", cmd_checklists_install, "install template files into the database")
    ins.add_argument("files", nargs="+", metavar="FILE")
    df = command(cl, "diff", cmd_checklists_diff, "compare two checklist versions item by item (stable item ids)")
    df.add_argument("old", metavar="ID@V1", help="an installed version, or a template file (.toml)")
    df.add_argument("new", metavar="ID@V2", help="an installed version, or a template file (.toml)")
    df.add_argument("--json", action="store_true")

    ip = group("inspections", "inspections")
    il = command(ip, "list", cmd_inspections_list, "list inspections, newest first")
    il.add_argument("--township", metavar="NAME")
    il.add_argument("--year", type=int)
    il.add_argument("--limit", type=int)
    il.add_argument("--json", action="store_true")
    # the same filters as the window's filter bar
    il.add_argument("--search", metavar="TEXT",
                    help="part of a subject's name, an inspector, a credit code, or the start of an id")
    il.add_argument("--kind", choices=["township", "village", "enterprise"], help="kind of subject")
    il.add_argument("--checklist", metavar="ID@VERSION")
    il.add_argument("--status", choices=["draft", "completed", "unexported", "conflict"])
    il.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="inspected on or after")
    il.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="inspected on or before")
    sh = command(ip, "show", cmd_inspections_show, "show one inspection with its answers and scores")
    sh.add_argument("id", metavar="ID")
    sh.add_argument("--json", action="store_true")
    pi = command(ip, "import", cmd_inspections_import,
                 "import paper results typed into a spreadsheet (docs/spreadsheets.md); all rows or none")
    pi.add_argument("file", metavar="FILE.csv|FILE.xlsx")
    pi.add_argument("--dry-run", action="store_true", help="check the file and report, write nothing")
    add_history_command(ip, command)

    rg = group("registers", "villages and enterprises")
    ri = command(rg, "import", cmd_registers_import,
                 "import villages or enterprises from a spreadsheet (docs/spreadsheets.md); all rows or none")
    ri.add_argument("file", metavar="FILE.csv|FILE.xlsx")
    ri.add_argument("--dry-run", action="store_true", help="check the file and report, write nothing")

    # what the window does that had no command (one block, see cmd_registers_find)
    rf = command(rg, "find", cmd_registers_find, "townships, villages and enterprises whose name contains TEXT")
    rf.add_argument("text", metavar="TEXT")
    rf.add_argument("--limit", type=int, default=50)
    rf.add_argument("--json", action="store_true")
    rs = command(rg, "show", cmd_registers_show, "one entry with its inspections and open rectifications")
    rs.add_argument("kind", choices=["township", "village", "enterprise"])
    rs.add_argument("id", type=int, metavar="ID", help="from `registers find`")
    rs.add_argument("--json", action="store_true")
    ra = command(rg, "add-village", cmd_registers_add_village, "register a village (checked as in the window)")
    ra.add_argument("--township", required=True, metavar="NAME", help="the township, or 县/乡镇 when not unique")
    ra.add_argument("--name", required=True)
    ra.add_argument("--kind", choices=["行政村", "社区"], default="行政村")
    ra.add_argument("--assistant", default="", help="the village's quality assistant (协管员)")
    ra.add_argument("--phone", default="")
    re_ = command(rg, "add-enterprise", cmd_registers_add_enterprise, "register an enterprise (checked as in the window)")
    re_.add_argument("--township", required=True, metavar="NAME", help="the township, or 县/乡镇 when not unique")
    re_.add_argument("--name", required=True)
    re_.add_argument("--credit-code", required=True, metavar="CODE", help="统一社会信用代码, 18 characters")
    re_.add_argument("--village", metavar="NAME", help="the village it is in, if any")
    for flag in ("--industry", "--address", "--contact", "--phone"):
        re_.add_argument(flag, default="")
    uv = command(rg, "update-village", cmd_registers_update_village, "correct a village's entry (id from `registers find`)")
    uv.add_argument("id", type=int, metavar="ID")
    uv.add_argument("--name")
    uv.add_argument("--kind", choices=["行政村", "社区"])
    uv.add_argument("--assistant")
    uv.add_argument("--phone")
    ue = command(rg, "update-enterprise", cmd_registers_update_enterprise,
                 "correct an enterprise's entry (id from `registers find`)")
    ue.add_argument("id", type=int, metavar="ID")
    for flag in ("--name", "--credit-code", "--industry", "--address", "--contact", "--phone"):
        ue.add_argument(flag)
    ue.add_argument("--village", metavar="NAME", help="the village it is in; \"\" for none")
    it = command(ip, "template", cmd_inspections_template, "the xlsx to type one checklist's paper results into")
    it.add_argument("--checklist", required=True, metavar="ID[@VERSION]", help="newest version when none is given")
    it.add_argument("-o", "--output", required=True, metavar="FILE.xlsx")
    st = group("settings", "settings kept in the database")
    sf = command(st, "pdf-font", cmd_settings_pdf_font, "show or set the font the PDF sheets embed")
    font = sf.add_mutually_exclusive_group()
    font.add_argument("file", nargs="?", metavar="FILE.ttf", help="a TrueType font with Chinese")
    font.add_argument("--clear", action="store_true", help="go back to the shipped font")

    sc = command(sub, "score", cmd_score, "score and rank the township assessments of a year")
    sc.add_argument("--year", type=int, required=True)
    sc.add_argument("--township", metavar="NAME")
    sc.add_argument("--json", action="store_true")

    asm = group("assessments", "the yearly township assessments: 草稿 → 已提交 → 已评分 → 已确认")
    al = command(asm, "list", cmd_assessments_list, "every township assessment of a year with its state")
    al.add_argument("--year", type=int, required=True)
    al.add_argument("--json", action="store_true")
    for step, help in (("submit", "the township submits its assessment (草稿 → 已提交)"),
                       ("score", "the county has scored it (已提交 → 已评分)"),
                       ("confirm", "the city confirms it (已评分 → 已确认)")):
        st = command(asm, step, cmd_assessments_step, help)
        st.set_defaults(step=step)
        st.add_argument("township", metavar="TOWNSHIP", help="a township's name, or COUNTY/TOWNSHIP")
        st.add_argument("--year", type=int, required=True)
        st.add_argument("--note", default="", metavar="TEXT")
    ab = command(asm, "back", cmd_assessments_back, "one step back, with a reason")
    ab.add_argument("township", metavar="TOWNSHIP", help="a township's name, or COUNTY/TOWNSHIP")
    ab.add_argument("--year", type=int, required=True)
    ab.add_argument("--reason", required=True, metavar="TEXT")
    ach = command(asm, "choose", cmd_assessments_choose,
                  "make an inspection its township's counting assessment for its year (over a draft only)")
    ach.add_argument("id", metavar="INSPECTION_ID", help="an inspection id or its first 6 or more characters")
    add_derived_commands(asm, command)

    ex = command(sub, "export", cmd_export, "export the scores or inspections of a year as a table")
    ex.add_argument("what", choices=["scores", "inspections"])
    ex.add_argument("--year", type=int, required=True)
    ex.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    ex.add_argument("-o", "--output", required=True, metavar="FILE")

    pr = group("print", "print sheets to a PDF file")
    pc = command(pr, "checklist", cmd_print_checklist, "a blank checklist for a paper round")
    pc.add_argument("--checklist", required=True, metavar="ID[@VERSION]", help="newest version when none is given")
    pc.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    pn = command(pr, "inspection", cmd_print_inspection, "filled inspection sheets, each on new pages, in one file")
    pn.add_argument("ids", nargs="+", metavar="ID", help="inspection ids or their first 6 or more characters")
    pn.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    ps = command(pr, "scoresheet", cmd_print_scoresheet, "the township scoring sheet (评分表) of a year")
    ps.add_argument("--year", type=int, required=True)
    which = ps.add_mutually_exclusive_group(required=True)
    which.add_argument("--township", metavar="NAME")
    which.add_argument("--all", action="store_true", help="every assessed township, in rank order")
    ps.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    pk = command(pr, "ranking", cmd_print_ranking, "the ranking of the assessed townships of a year")
    pk.add_argument("--year", type=int, required=True)
    pk.add_argument("-o", "--output", required=True, metavar="FILE.pdf")

    bn = group("bundle", "field bundles (.qib) between laptops and the supervisor")
    be = command(bn, "export", cmd_bundle_export, "export a signed bundle: by default what the bureau has not receipted")
    be.add_argument("-o", "--output", required=True, metavar="FILE")
    scope = be.add_mutually_exclusive_group()
    scope.add_argument("--all", action="store_true", help="every inspection, register and evidence file")
    scope.add_argument("--setup", action="store_true", help="a set-up bundle: registers and checklist versions")
    be.add_argument("--township", action="append", default=[], metavar="NAME",
                    help="with --setup: only this township's registers (repeatable)")
    be.add_argument("--force", action="store_true", help="replace FILE if it exists (it may be a bundle not yet sent)")
    bv = command(bn, "verify", cmd_bundle_verify, "check a bundle's structure, hashes and signature; change nothing")
    bv.add_argument("file", metavar="FILE")
    bi = command(bn, "import", cmd_bundle_import, "verify and import bundles in one transaction")
    bi.add_argument("files", nargs="+", metavar="FILE")
    bi.add_argument("--json", action="store_true")
    bi.add_argument("--trust", action="store_true", help="trust devices not seen before (check their fingerprints)")

    add_sync_admin_commands(sub, command, group)
    add_rectification_commands(sub, command, group)

    dbp = group("db", "database maintenance")
    command(dbp, "check", cmd_db_check, "integrity, foreign keys and the audit chain")
    bk = command(dbp, "backup", cmd_db_backup, "a safe copy of the database")
    bk.add_argument("-o", "--output", metavar="FILE")
    return p
