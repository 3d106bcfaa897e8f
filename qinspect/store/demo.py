"""Demo data, deterministic from a seed: real Taizhou townships, invented villages and enterprises.

Scales: `small` (one county, for trying the program), `city` (the 133 townships of the
older list with 5,267 villages, about 20,000 enterprises, a year of field inspections and the
2008 and 2009 township assessments), `decade` (the city with ten years of inspections,
about 1,000,000, for benchmarks). Everything is written with bulk inserts; every id, date
and answer comes from the seeded generator, so the same seed gives the same data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from array import array
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

from qinspect.domain.assessments import CONFIRMED, SCORED, STATES, SUBMITTED
from qinspect.domain.assessments import DRAFT as DRAFT_STATE
from qinspect.domain.checklist import Checklist
from qinspect.domain.credit_code import ALPHABET, check_character
from qinspect.domain.item_kinds import rules
from qinspect.domain.records import COMPLETED, DRAFT, Answer, Inspection, canonical_json
from qinspect.domain.scoring import BONUS, CATEGORY, NA, ZERO, decimal, item_points, score, total_and_grade
from qinspect.errors import InvalidInput
from qinspect.store import assessment_states, audit, checklists, derived
from qinspect.store.bulk import indexes_set_aside, references_checked_once
from qinspect.store.db import Store
from qinspect.store.divisions import COUNTY_CODES, COUNTY_ORDER, county_uuid, townships

Progress = Callable[[int, int, str], None]

# Block industries (块状经济) by county, and food processing everywhere for the food forms.
BLOCK_INDUSTRIES = {
    "椒江区": ["医药化工", "缝制设备", "汽摩及配件"], "黄岩区": ["模具塑料", "医药化工", "汽摩及配件"],
    "路桥区": ["汽摩及配件", "电机", "家用电器"], "玉环市": ["汽摩及配件", "阀门水暖", "家用电器"],
    "三门县": ["橡胶制品", "电机"], "天台县": ["汽车用品", "橡胶制品"], "仙居县": ["医药化工", "工艺品"],
    "温岭市": ["电机", "汽摩及配件", "鞋帽服装"], "临海市": ["眼镜", "医药化工", "汽摩及配件"],
}
FOOD = "食品加工"
INDUSTRY_WORDS = {
    "医药化工": ["药业", "化工", "制药"], "缝制设备": ["缝纫机"], "汽摩及配件": ["汽车部件", "摩托车配件", "机车部件"],
    "模具塑料": ["模塑", "塑业"], "电机": ["电机", "机电", "水泵"], "家用电器": ["电器", "家电"],
    "阀门水暖": ["阀门", "水暖洁具"], "橡胶制品": ["橡胶", "胶带"], "汽车用品": ["汽车用品", "坐垫"],
    "工艺品": ["工艺品", "木制品"], "鞋帽服装": ["鞋业", "服饰"], "眼镜": ["眼镜", "光学"],
    FOOD: ["食品", "水产食品", "粮油"],
}
NAME_A = "东西南北上下前后新大小中永兴华宏盛泰安康富民顺利鑫金银宝丰和瑞祥锦信达通恒远龙凤海江山"
NAME_B = "阳明光辉源峰林桥湖溪岭塘洋岙港浦田岩石竹梅桃园春秋云星辰华昌隆发旺"
SURNAMES = "王李张陈林黄周吴徐朱胡郑杨许何叶金潘应卢蒋梁"
GIVEN = "建国伟明华军海林平芳英敏勇杰强磊洪波涛峰燕霞"
INSPECTORS_PER_TOWNSHIP = 2


@dataclass(frozen=True)
class Scale:
    counties: tuple[str, ...]
    villages: int  # in all
    enterprises: int  # in all
    years: tuple[int, ...]  # years of field inspections
    visits_per_enterprise: int  # per year
    visits_per_village: int  # per year
    assessed_2008: int
    titled_2008: int
    assessed_2009: int


SCALES = {
    "small": Scale(("椒江区",), 90, 270, (2009,), 1, 1, 5, 3, 9),
    "city": Scale(tuple(COUNTY_ORDER), 5267, 20000, (2009,), 1, 1, 29, 15, 49),
    "decade": Scale(tuple(COUNTY_ORDER), 5267, 20000, tuple(range(2000, 2010)), 4, 4, 29, 15, 49),
}
# Townships the source names; the demo always assesses them.
NAMED_TOWNSHIPS = ("大洋街道", "杜桥镇", "金清镇", "大溪镇", "泽国镇")
# Where each 2009 assessment is in the workflow, in turn down the list of assessed townships.
WORKFLOW_2009 = (CONFIRMED,) * 5 + (SCORED, SCORED, SUBMITTED, DRAFT_STATE, CONFIRMED)


class DemoBuilder:
    def __init__(self, store: Store, scale: str, seed: int, progress: Progress | None = None):
        if scale not in SCALES:
            raise InvalidInput(f"未知的演示规模 {scale}；可选 {', '.join(SCALES)}")
        self.store = store
        self.scale = SCALES[scale]
        self.scale_name = scale
        self.seed = seed
        self.rng = random.Random(seed)
        self.progress = progress or (lambda done, total, label: None)
        self.device = f"demo-{seed}"
        self._sequence = 0
        self._plans: dict[str, _Form] = {}
        self._days: dict[int, list[str]] = {}
        self._deadlines: dict[str, str] = {}

    def uuid(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"

    def ordered_uuid(self) -> str:
        """A uuid whose first 8 hex digits count up, like a time-ordered UUIDv7.

        Inspection and revision ids are B-tree keys of the largest tables; ids in insert order
        append to the trees instead of touching random pages, which keeps the decade scale
        (a million inspections) from slowing to a crawl once the tables outgrow the cache.
        """
        self._sequence += 1
        return f"{self._sequence:08x}{self.rng.getrandbits(96):024x}"

    def below(self, n: int) -> int:
        """A number 0 <= r < n as `rng.randrange(n)` draws it, the same numbers in the same way (getrandbits
        until one is below n) without its checks: the demo draws millions."""
        bits, k = self.rng.getrandbits, n.bit_length()
        r = bits(k)
        while r >= n:
            r = bits(k)
        return r

    def pick(self, seq):
        """What `rng.choice(seq)` picks: seq[randrange(len(seq))], drawn as `below` draws it."""
        bits, n = self.rng.getrandbits, len(seq)
        k = n.bit_length()
        r = bits(k)
        while r >= n:
            r = bits(k)
        return seq[r]

    def person(self) -> str:
        pick = self.pick
        return pick(SURNAMES) + pick(GIVEN) + (pick(GIVEN) if self.rng.random() < 0.6 else "")

    def build(self) -> dict[str, int]:
        store = self.store
        if store.execute("SELECT count(*) FROM townships").fetchone()[0]:
            raise InvalidInput("数据库中已有登记数据；演示数据只能写入新的空数据库（qinspect --db 新文件 demo）。")
        checklists.install_shipped(store)
        forms = {c["id"]: checklists.get(store, c["id"]) for c in checklists.listing(store)}
        store.execute("PRAGMA cache_size = -131072")  # 128 MiB while bulk loading, for this connection
        # The foreign keys are checked once over all the rows before they are committed, instead of a
        # look-up in the parent table for every row written (a fifth of the load's SQL). Broken ones are
        # a fault of this module, never of the user's: nothing is committed.
        with references_checked_once(store, lambda broken: RuntimeError(
                f"demo rows break foreign keys: {broken[:5]}")):
            self.registers()
            self.progress(1, 4, "登记册")
            self.field_inspections(forms)
            self.progress(3, 4, "现场检查")
            self.assessments()
            self.progress(4, 4, "乡镇考核")
            audit.append(store, "demo", "database", str(self.store.path.name),
                         {"scale": self.scale_name, "seed": self.seed}, user="demo")
        return {t: store.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("counties", "townships", "villages", "enterprises", "inspections", "answers",
                          "assessments")}

    # -- registers --------------------------------------------------------------
    def registers(self) -> None:
        rng, ex = self.rng, self.store.conn.executemany
        # The real divisions with their shipped ids, as every set-up database has them.
        towns = [t for t in townships() if t.county in self.scale.counties]
        counties = [(i, county_uuid(name), name, COUNTY_CODES[name]) for i, name in
                    enumerate(sorted({t.county for t in towns}, key=COUNTY_ORDER.index), 1)]
        ex("INSERT INTO counties(id, uuid, name, code) VALUES (?, ?, ?, ?)", counties)
        county_id = {c[2]: c[0] for c in counties}
        self.townships = [
            {"id": i, "uuid": t.uuid, "county": t.county, "name": t.name, "kind": t.kind}
            for i, t in enumerate(towns, 1)]
        ex("INSERT INTO townships(id, uuid, county_id, name, kind) VALUES (?, ?, ?, ?, ?)",
           [(t["id"], t["uuid"], county_id[t["county"]], t["name"], t["kind"]) for t in self.townships])
        # A street office or a town has more villages and enterprises than a rural township.
        weight = {"街道": 1.3, "镇": 1.5, "乡": 0.7}
        village_counts = self.spread(self.scale.villages, [weight[t["kind"]] * rng.uniform(0.6, 1.4)
                                                           for t in self.townships])
        ent_weight = {"街道": 1.6, "镇": 1.4, "乡": 0.3}
        ent_counts = self.spread(self.scale.enterprises, [ent_weight[t["kind"]] * rng.uniform(0.5, 1.5)
                                                           for t in self.townships])
        villages, enterprises, codes = [], [], set()
        self.villages_of: dict[int, list[int]] = {}
        for t, nv, ne in zip(self.townships, village_counts, ent_counts):
            names = self.unique_names(nv)
            ids = []
            for name in names:
                vid = len(villages) + 1
                kind = "社区" if t["kind"] == "街道" and rng.random() < 0.5 else "行政村"
                villages.append((vid, self.uuid(), t["id"], name + ("社区" if kind == "社区" else "村"), kind,
                                 self.person(), self.phone()))
                ids.append(vid)
            self.villages_of[t["id"]] = ids
            blocks = BLOCK_INDUSTRIES[t["county"]]
            ent_names = set()
            for _ in range(ne):
                industry = FOOD if rng.random() < 0.18 else self.pick(blocks)
                while True:
                    name = (f"台州{self.pick(NAME_A)}{self.pick(NAME_B)}"
                            f"{self.pick(INDUSTRY_WORDS[industry])}有限公司")
                    if name not in ent_names:
                        break
                    name = name.replace("台州", "浙江" + self.pick(NAME_A), 1)
                    if name not in ent_names:
                        break
                ent_names.add(name)
                code = self.credit_code(t["county"], codes)
                village = self.pick(ids) if ids else None
                enterprises.append((len(enterprises) + 1, self.uuid(), t["id"], village, name, code, industry,
                                    f"台州市{t['county']}{t['name']}{self.pick(NAME_A)}{self.pick(NAME_B)}路"
                                    f"{1 + self.below(999)}号", self.person(), self.phone()))
        ex("INSERT INTO villages(id, uuid, township_id, name, kind, assistant, phone) VALUES (?, ?, ?, ?, ?, ?, ?)",
           villages)
        ex("INSERT INTO enterprises(id, uuid, township_id, village_id, name, credit_code, industry, address, "
           "contact, phone) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", enterprises)
        self.villages = villages
        self.enterprises = enterprises
        self.inspectors = {t["id"]: [self.person() for _ in range(INSPECTORS_PER_TOWNSHIP)] for t in self.townships}

    def spread(self, total: int, weights: list[float]) -> list[int]:
        """Split `total` in proportion to `weights`, every share at least 1, summing exactly."""
        s = sum(weights)
        raw = [max(1.0, total * w / s) for w in weights]
        counts = [int(r) for r in raw]
        order = sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)
        i = 0
        while sum(counts) < total:
            counts[order[i % len(order)]] += 1
            i += 1
        while sum(counts) > total:
            j = max(range(len(counts)), key=lambda k: counts[k])
            counts[j] -= 1
        return counts

    def unique_names(self, n: int) -> list[str]:
        names: list[str] = []
        seen = set()
        while len(names) < n:
            name = self.pick(NAME_A) + self.pick(NAME_B)
            if len(seen) > 900:
                name += self.pick("一二三四五六七八九")
            if name not in seen:
                seen.add(name)
                names.append(name)
        return names

    def phone(self) -> str:
        return f"1{self.pick('3578')}{self.below(1_000_000_000):09d}"

    def credit_code(self, county: str, used: set[str]) -> str:
        bits, size = self.rng.getrandbits, len(ALPHABET)
        k = size.bit_length()
        while True:
            org = []
            while len(org) < 9:  # nine picks from the alphabet, drawn as `below` draws them
                r = bits(k)
                if r < size:
                    org.append(ALPHABET[r])
            first = "91" + COUNTY_CODES[county] + "".join(org)
            code = first + check_character(first)
            if code not in used:
                used.add(code)
                return code

    # -- answers --------------------------------------------------------------
    def answers(self, plan: "_Form", quality: float, date: str) -> tuple[list[tuple], list[bytes], int]:
        """Plausible answers for a subject of the given quality (0 poor .. 1 excellent), as rows of the
        answers table without the revision (item id, value as JSON, note, rectification, deadline) in
        item-id order, none of them empty; each as it is in the inspection's canonical JSON; and the tally
        of their points (see `_Form.total_and_grade`)."""
        rng = self.rng
        chance = rng.random
        rows, parts = [None] * len(plan.items), [None] * len(plan.items)  # by the item ids' order
        tally = 0
        deadline = ""
        for item, rank, sample, allow_na, rectification, made in plan.items:
            if allow_na and chance() < 0.05:
                value, failed = NA, False
            else:
                value, failed = sample(item, quality, rng)
            answer = made.get(value)
            # True == 1 == 1.0, but not as JSON; the small numbers and words are the very same objects
            if answer is None or answer[0] is not value and type(answer[0]) is not type(value):
                answer = made[value] = plan.answer(item, value)
            tally += answer[1]
            if failed and value is not None:
                if not deadline:
                    deadline = self.deadline(date)
                row = rows[rank] = (item.id, answer[2], "现场发现问题", rectification, deadline)
                parts[rank] = plan.fragment(row)
            else:  # an open item's (value None) are None: no answer
                rows[rank], parts[rank] = answer[3], answer[4]
        if None in rows:
            return [row for row in rows if row], [part for part in parts if part], tally
        return rows, parts, tally

    def make_inspection(self, form: Checklist, kind: str, subject_uuid: str, date: str, inspector: str,
                        quality: float) -> Inspection:
        """An inspection as the domain holds it, for the township assessments (which are scored for their titles)."""
        plan = self.plan(form)
        rows, _, _ = self.answers(plan, quality, date)
        return Inspection(uuid=self.ordered_uuid(), subject_kind=kind, subject_uuid=subject_uuid, checklist_id=form.id,
                          checklist_version=form.version, checklist_hash=plan.hash, date=date,
                          inspector=inspector, status=COMPLETED,
                          answers={item_id: Answer(_value(text), *rest) for item_id, text, *rest in rows})

    def date_in(self, year: int) -> str:
        days = self._days.get(year)
        if days is None:
            first = dt.date(year, 1, 1)
            days = self._days[year] = [(first + dt.timedelta(days=n)).isoformat()
                                       for n in range(365 if year % 4 else 366)]
        return days[self.below(len(days))]

    def deadline(self, date: str) -> str:
        """A rectification's deadline: 30 days after the inspection."""
        deadline = self._deadlines.get(date)
        if deadline is None:
            deadline = self._deadlines[date] = (dt.date.fromisoformat(date) + dt.timedelta(days=30)).isoformat()
        return deadline

    # -- bulk writing -----------------------------------------------------------
    def writer(self):
        return _BulkWriter(self.store, self.device, self.plan)

    def plan(self, form: Checklist) -> "_Form":
        """The form prepared once for the many inspections made with it."""
        if form.ref not in self._plans:
            self._plans[form.ref] = _Form(form)
        return self._plans[form.ref]

    def field_inspections(self, forms: dict[str, Checklist]) -> None:
        rng, sc = self.rng, self.scale
        # most subjects pass with room to improve; a few are poor, as on a real round
        quality_of_township = {t["id"]: rng.uniform(0.55, 0.95) for t in self.townships}
        # Every subject's quality and every visit's form are drawn before the first inspection, in this
        # order; kept as a number per subject and a byte per visit, as the decade has a million visits.
        food, others = [self.plan(forms["enterprise-food"])], [self.plan(forms[f]) for f in
                                                               ("enterprise-product", "enterprise-equipment")]
        enterprise_quality, form_choice = array("d"), bytearray()
        for e in self.enterprises:
            tid, industry = e[2], e[6]
            enterprise_quality.append(min(1.0, max(0.0, quality_of_township[tid] + rng.uniform(-0.3, 0.2))))
            forms_for = food if industry == FOOD else others
            for _ in range(len(sc.years) * sc.visits_per_enterprise):
                form_choice.append(self.below(len(forms_for)))
        village_quality = array("d", [min(1.0, max(0.0, quality_of_township[v[2]] + rng.uniform(-0.2, 0.2)))
                                      for v in self.villages])
        visits = [year for year in sc.years for _ in range(sc.visits_per_enterprise)]
        village_visits = [year for year in sc.years for _ in range(sc.visits_per_village)]
        village_plan = self.plan(forms["village-network"])
        w = self.writer()
        total = len(form_choice) + len(self.villages) * len(village_visits)
        done = 0
        choices = iter(form_choice)
        # every index: the foreign keys are checked at the end, so no look-up needs one
        with indexes_set_aside(self.store, tables=("inspections", "revisions")):
            for e, q in zip(self.enterprises, enterprise_quality):
                eid, euuid, tid, village, industry = e[0], e[1], e[2], e[3], e[6]
                forms_for = food if industry == FOOD else others
                for year in visits:
                    # an enterprise's inspection also names its village, as inspections.write_revision does
                    self.field_inspection(w, forms_for[next(choices)], "enterprise", euuid, tid, year, q, village,
                                          eid)
                    done += 1
                    if done % 20000 == 0:
                        w.flush()
                        self.progress(done, total, "现场检查")
            for v, q in zip(self.villages, village_quality):
                vid, vuuid, tid = v[0], v[1], v[2]
                for year in village_visits:
                    self.field_inspection(w, village_plan, "village", vuuid, tid, year, q, vid, None)
                    done += 1
                    if done % 20000 == 0:
                        w.flush()
                        self.progress(done, total, "现场检查")
            w.flush()

    def field_inspection(self, w: "_BulkWriter", plan: "_Form", kind: str, subject_uuid: str, township_id: int,
                         year: int, quality: float, village: int, enterprise: int | None) -> None:
        date = self.date_in(year)
        inspector = self.pick(self.inspectors[township_id])
        rows, parts, tally = self.answers(plan, quality, date)
        total, grade = plan.total_and_grade(tally, rows)
        w.write(plan, self.ordered_uuid(), kind, subject_uuid, date, inspector, COMPLETED, rows, parts, total, grade,
                township_id, village, enterprise)

    def assessments(self) -> None:
        """2008: the first batch (29 assessed, the 15 best titled), all confirmed by the city;
        2009: 49 townships part way through the workflow (mostly confirmed, some scored by their
        county, some submitted, some still drafts), so the ranking has both kinds and drafts lie apart."""
        rng, sc = self.rng, self.scale
        by_name = {t["name"]: t for t in self.townships}
        named = [by_name[n] for n in NAMED_TOWNSHIPS if n in by_name]
        others = [t for t in self.townships if t["name"] not in NAMED_TOWNSHIPS]
        rng.shuffle(others)
        pool = named + others
        assessed_2009 = pool[:sc.assessed_2009]
        assessed_2008 = pool[:sc.assessed_2008]
        w = self.writer()
        rows = []
        for year, towns, titled in ((2008, assessed_2008, sc.titled_2008), (2009, assessed_2009, None)):
            form = checklists.newest_of_year(self.store, "township-assessment", year)
            for n, t in enumerate(towns):
                want = None if titled is None else n < titled
                insp = self.township_assessment(form, t, year, want)
                insp = derived.with_derived(self.store, form, insp, t["id"])  # from the field data written above
                state = CONFIRMED if year == 2008 else WORKFLOW_2009[n % len(WORKFLOW_2009)]
                if state == DRAFT_STATE:  # a draft assessment is still being filled in
                    insp = Inspection(**{**insp.__dict__, "status": DRAFT})
                w.add(insp, form, t["id"])
                rows.append((year, t, insp.uuid, state))
        w.flush()
        self.store.conn.executemany(
            "INSERT INTO assessments(year, township_id, inspection_uuid, state) VALUES (?, ?, ?, ?)",
            [(year, t["id"], uuid, state) for year, t, uuid, state in rows])
        # the steps each assessment went through, as the real ones are recorded
        steppers = {SUBMITTED: lambda t: f"{t['name']}质量工作站", SCORED: lambda t: f"{t['county']}质量技术监督局",
                    CONFIRMED: lambda t: "台州市质量技术监督局"}
        for year, t, uuid, state in rows:
            for done in STATES[1:STATES.index(state) + 1]:
                audit.append(self.store, done, "assessment", f"{year}/{t['uuid']}",
                             {"year": year, "inspection": uuid, "from": STATES[STATES.index(done) - 1], "to": done,
                              "note": ""}, user=steppers[done](t))
                # its row too, so the steps travel in bundles; the id made from the step, as the demo is reproducible
                assessment_states.add_step(self.store, year, t["id"], uuid, STATES[STATES.index(done) - 1], done, "",
                                           by=steppers[done](t), step_id=hashlib.sha256(
                                               f"{uuid}/{done}".encode()).hexdigest()[:32])

    def township_assessment(self, form: Checklist, township: dict, year: int, titled: bool | None) -> Inspection:
        """An assessment whose title eligibility is `titled` (None: whatever the answers give)."""
        date = f"{year}-12-{self.rng.randint(10, 28):02d}"
        inspector = "台州市质量技术监督局考核组"
        while True:
            if titled is None:
                quality = self.rng.uniform(0.55, 1.0)
            else:
                quality = self.rng.uniform(0.9, 1.0) if titled else self.rng.uniform(0.45, 0.85)
            insp = self.make_inspection(form, "township", township["uuid"], date, inspector, quality)
            eligible = score(form, insp.values).eligible
            if titled is None or eligible == titled:
                return insp


class _Form:
    """A checklist prepared for making many inspections with it: each item with its kind's sampler, the
    form's hash and the fixed part of the inspections' canonical JSON, and memos of what repeats."""

    def __init__(self, form: Checklist):
        self.form = form
        self.hash = form.hash  # a SHA-256 of the whole template text: once per form
        rank = {item_id: n for n, item_id in enumerate(sorted(i.id for i in form.items))}
        self.items = [(item, rank[item.id], rules(item).sample, item.allow_na,
                       f"针对“{item.text[:24]}”限期整改，整改情况书面报乡镇质监站。", {}) for item in form.items]
        self.checklist = canonical_json({"id": form.id, "version": form.version, "hash": self.hash})
        self.fragments: dict[tuple, bytes] = {}
        self._quoted: dict[str, str] = {}
        # The tally of an inspection's points is one number: in fields of 64 bits, each category's points
        # and the maxima of its items that apply, then the bonus points and the failed vetoes, as millionths.
        self.fields = {c.id: 2 * n for n, c in enumerate(form.categories)}
        self.bonus_field = 2 * len(form.categories)
        self.exact = True  # every amount is a whole number of millionths, so equal tallies are equal sums
        self.results: dict[int, tuple[float, str]] = {}

    def answer(self, item, value) -> tuple[object, int, str | None, tuple, bytes]:
        """What an answer value of an item is everywhere it goes: (the value, what it adds to the tally,
        the value as the answers table stores it, the answer's row there and in the canonical JSON, both
        without findings)."""
        status, points = item_points(item, value)
        counts_to = rules(item).counts_to
        if counts_to == CATEGORY:
            field = self.fields[item.category]
            add = self.amount(points, field) + self.amount(ZERO if status == "na" else decimal(item.max_points),
                                                           field + 1)
        elif counts_to == BONUS:
            add = self.amount(points, self.bonus_field)
        else:
            add = self.amount(Decimal(status == "veto-fail"), self.bonus_field + 1)
        if value is None:
            return value, add, None, None, None
        row = (item.id, json.dumps(value, ensure_ascii=False), "", "", "")
        return value, add, row[1], row, self.fragment(row)

    def amount(self, points: Decimal, field: int) -> int:
        millionths = points.scaleb(6)
        if millionths != millionths.to_integral_value() or abs(millionths) >= 2 ** 62:
            self.exact = False  # the tally would not tell such sums apart: the engine scores every inspection
        return int(millionths) << (64 * field)

    def total_and_grade(self, tally: int, rows: list[tuple]) -> tuple[float, str]:
        """The engine's total and grade of the answers, worked out once per tally.

        The engine's total and grade depend on the answers only through the tally: each category's
        points and applicable maxima (its full maxima are the form's), the bonus points and whether
        a veto failed (domain/scoring.py `score`). Inspections of a form share a few hundred tallies.
        """
        result = self.results.get(tally) if self.exact else None
        if result is None:
            result = self.results[tally] = total_and_grade(
                self.form, {item_id: _value(text) for item_id, text, *_ in rows if text is not None})
        return result

    def canonical(self, uuid: str, kind: str, subject_uuid: str, date: str, inspector: str, status: str,
                  parts: list[bytes]) -> bytes:
        """The inspection's canonical JSON, byte for byte what `Inspection.content_hash` hashes.

        Its answers (`fragment`s, in item-id order) come first of its sorted keys; the rest is the form's
        but for the date, the inspector, the status and the ids, which the demo makes of digits, letters
        and names."""
        return b"".join((b'{"answers":{', b",".join(parts), b'},"checklist":', self.checklist,
                         f',"date":"{date}","inspector":{self.quoted(inspector)},"status":"{status}",'
                         f'"subject":{{"kind":"{kind}","uuid":"{subject_uuid}"}},"uuid":"{uuid}"}}'.encode()))

    def fragment(self, row: tuple) -> bytes:
        """An answer row (item id, value JSON, note, rectification, deadline) as it is in the canonical JSON.

        An answer with findings is made once but for its deadline, its first key."""
        item_id, text, note, rectification, deadline = row
        if not note:
            fragment = canonical_json({item_id: {"value": _value(text), "note": note,
                                                 "rectification": rectification, "deadline": deadline}})[1:-1]
            if len(self.fragments) < 100_000:  # the answers without findings repeat
                self.fragments[row] = fragment
            return fragment
        key = (item_id, text, note, rectification)
        parts = self.fragments.get(key)
        if parts is None:
            whole = canonical_json({item_id: {"value": _value(text), "note": note, "rectification": rectification,
                                              "deadline": ""}})[1:-1]
            at = whole.index(b'"deadline":""') + len(b'"deadline":')  # the id before it is escaped JSON
            parts = (whole[:at], whole[at + 2:])
            if len(self.fragments) < 100_000:
                self.fragments[key] = parts
        return parts[0] + self.quoted(deadline).encode() + parts[1]

    def quoted(self, text: str) -> str:
        quoted = self._quoted.get(text)
        if quoted is None:
            quoted = self._quoted[text] = json.dumps(text, ensure_ascii=False)
        return quoted


def _value(text: str | None):
    """An answer's value from its stored JSON, as inspections.load reads it."""
    return None if text is None else json.loads(text)


ANSWERS_AT_ONCE = 64


class _BulkWriter:
    """Collects inspections and writes them with executemany: one revision each, the head."""

    def __init__(self, store: Store, device: str, plan: Callable[[Checklist], _Form]):
        self.store, self.device, self.plan = store, device, plan
        self.inspections: list[tuple] = []
        self.revisions: list[tuple] = []
        self.answers: list = []  # the answers table's columns, row after row

    def add(self, insp: Inspection, form: Checklist, township_id: int, village: int | None = None,
            enterprise: int | None = None) -> None:
        """An inspection the domain's way, scored by the engine."""
        total, grade = total_and_grade(form, insp.values)
        rows = [(item_id, None if a.value is None else json.dumps(a.value, ensure_ascii=False), a.note,
                 a.rectification, a.deadline) for item_id, a in sorted(insp.answers.items()) if not a.is_empty]
        plan = self.plan(form)
        self.write(plan, insp.uuid, insp.subject_kind, insp.subject_uuid, insp.date, insp.inspector, insp.status,
                   rows, [plan.fragment(row) for row in rows], total, grade, township_id, village,
                   enterprise)

    def write(self, plan: _Form, uuid: str, kind: str, subject_uuid: str, date: str, inspector: str, status: str,
              rows: list[tuple], parts: list[bytes], total: float, grade: str, township_id: int,
              village: int | None, enterprise: int | None) -> None:
        """One inspection whose answers are rows of the answers table without the revision (item id, value
        as JSON, note, rectification, deadline) in item-id order, and those rows' canonical JSON."""
        content_hash = hashlib.sha256(plan.canonical(uuid, kind, subject_uuid, date, inspector, status,
                                                     parts)).hexdigest()
        rev = uuid[:16] + content_hash[:16]
        at = f"{date}T17:00:00+00:00"
        form = plan.form
        self.inspections.append((uuid, kind, township_id, village, enterprise, form.id, form.version, rev, date,
                                 inspector, status, total, grade, at, at))
        self.revisions.append((rev, uuid, None, self.device, inspector, at, plan.hash, date, inspector, status,
                               content_hash, ""))
        answers, more = self.answers.append, self.answers.extend
        for row in rows:
            answers(rev)
            more(row)

    def flush(self) -> None:
        ex = self.store.conn.executemany
        ex("INSERT INTO revisions(id, inspection_uuid, base, device_id, author, created_at, checklist_hash, date, "
           "inspector, status, content_hash, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self.revisions)
        # In key order, as written: the answers table is clustered on (revision, item), revision ids count
        # up like the inspections' and each inspection's answers are in item order, so the B-tree is appended
        # to. ANSWERS_AT_ONCE rows a statement: a sixth less SQL than a statement per answer.
        values, width = self.answers, 6
        whole = len(values) - len(values) % (width * ANSWERS_AT_ONCE)
        ex("INSERT INTO answers(revision_id, item_id, value, note, rectification, deadline) VALUES "
           + ", ".join(["(?, ?, ?, ?, ?, ?)"] * ANSWERS_AT_ONCE),
           [values[i:i + width * ANSWERS_AT_ONCE] for i in range(0, whole, width * ANSWERS_AT_ONCE)])
        ex("INSERT INTO answers(revision_id, item_id, value, note, rectification, deadline) "
           "VALUES (?, ?, ?, ?, ?, ?)", [values[i:i + width] for i in range(whole, len(values), width)])
        ex("INSERT INTO inspections(uuid, subject_kind, township_id, village_id, enterprise_id, checklist_id, "
           "checklist_version, head, date, inspector, status, total, grade, created_at, updated_at, exported) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)", self.inspections)
        self.inspections, self.revisions, self.answers = [], [], []


def generate(store: Store, scale: str = "small", seed: int = 2009, progress: Progress | None = None) -> dict[str, int]:
    return DemoBuilder(store, scale, seed, progress).build()
