"""`checklists diff`: two versions compared by stable item ids, checked against the TOML itself."""

from __future__ import annotations

import json
import tomllib

from qinspect.cli import main
from qinspect.paths import resource

FORMS = resource("checklists")
# TOML keys of an item, by the field name the comparison reports.
TOML_KEYS = {"category": "category", "text": "text", "standard": "standard", "kind": "kind", "points": "points",
             "tiers": "tiers", "thresholds": "thresholds", "lower_is_better": "lower_is_better", "unit": "unit",
             "per": "per", "allow_na": "allow_na", "required": "required", "added": "added"}


def raw_items(name: str) -> dict[str, dict]:
    data = tomllib.loads((FORMS / name).read_text(encoding="utf-8"))
    return {it["id"]: it for it in data["items"]}


def run_json(capsys, *argv) -> dict:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_2009_adds_exactly_the_three_new_items_and_each_change_is_real(db_path, capsys):
    assert main(["--db", str(db_path), "init"]) == 0
    capsys.readouterr()
    diff = run_json(capsys, "--db", str(db_path), "checklists", "diff",
                    "township-assessment@2008", "township-assessment@2009", "--json")
    assert diff["added"] == ["B03", "B04", "E01"]
    assert diff["removed"] == []
    old, new = raw_items("township-assessment-2008.toml"), raw_items("township-assessment-2009.toml")
    assert set(new) - set(old) == set(diff["added"])
    # Every item both years share is either reported with exactly the fields whose TOML differs, or equal.
    reported = {c["item"]: set(c["fields"]) for c in diff["changed"]}
    for item_id in set(old) & set(new):
        differing = {f for f, key in TOML_KEYS.items() if old[item_id].get(key) != new[item_id].get(key)}
        assert reported.get(item_id, set()) == differing, item_id
    assert reported, "2009 revised some standards; the comparison must show them"


def test_a_template_file_can_be_compared_before_it_is_installed(db_path, capsys):
    assert main(["--db", str(db_path), "init"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db_path), "checklists", "diff", "township-assessment@2009",
                 str(FORMS / "township-assessment-2009.toml")]) == 0
    assert "检查内容相同" in capsys.readouterr().out


def test_an_unknown_version_is_refused_in_one_sentence(db_path, capsys):
    assert main(["--db", str(db_path), "init"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db_path), "checklists", "diff", "township-assessment@2008",
                 "township-assessment@1999"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("qinspect:") and "township-assessment@1999" in err[0]
