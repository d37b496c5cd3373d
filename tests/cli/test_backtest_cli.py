"""``forcesize backtest``: every reference phase compared in every format; the folder,
``history.toml`` and the leave-one-out rule checked as input (issue 12, item 5).

No test here asserts that the model matches history: the ratios are a measurement
(docs/validation.md), and a rule is never tuned to pass a test."""

from __future__ import annotations

import csv
import io
import json
import shutil
import tomllib
from pathlib import Path

import pytest

from forcesize.mandate.history import load_history, reference_folder
from forcesize.render.csv import BACKTEST_COLUMNS

from ..helpers import invoke

REFERENCE = reference_folder()


def _compared() -> list[tuple[str, str]]:
    history = tomllib.loads((REFERENCE / "history.toml").read_text(encoding="utf-8"))
    return [(mid, phase) for mid, m in history["mission"].items()
            for phase, p in m["phase"].items() if "personnel" in p]


@pytest.fixture(scope="module")
def result() -> dict:
    _, out, _ = invoke("backtest", "--format", "json")
    return json.loads(out)


def test_every_historic_phase_with_a_figure_is_compared_once(result):
    assert result["kind"] == "backtest" and result["schema_version"] == 1
    assert [(r["mission"], r["phase"]) for r in result["rows"]] == _compared()
    assert result["summary"]["phases"] == len(result["rows"]) >= 20


def test_each_row_is_the_plans_persons_of_the_counted_components(result):
    # recomputed here from a plain solve of one mandate in each scenario
    history = tomllib.loads((REFERENCE / "history.toml").read_text(encoding="utf-8"))
    row = next(r for r in result["rows"] if r["mission"] == "kfor" and r["phase"] == "y2009")
    for scenario in ("low", "central", "high"):
        _, out, _ = invoke("solve", REFERENCE / "kfor.toml", "--format", "json",
                           "--set", f"mission.scenario={scenario}", expect=None)
        plan = json.loads(out)
        component = {q["capability"]: q["component"] for q in plan["requirements"]}
        counts = history["mission"]["kfor"]["phase"]["y2009"]["counts"]
        persons = sum(a["personnel"] for a in plan["allocations"]
                      if a["phase"] == "y2009" and component[a["capability"]] in counts)
        assert row[scenario] == persons
    assert row["ratio"] == round(row["central"] / row["historic"], 4)
    assert row["within"] == (min(row["low"], row["central"], row["high"]) <= row["historic"]
                             <= max(row["low"], row["central"], row["high"]))


def test_the_summary_is_the_spread_of_the_rows(result):
    errors = sorted(abs(r["ratio"] - 1) for r in result["rows"])
    n = len(errors)
    median = (errors[n // 2] if n % 2 else (errors[n // 2 - 1] + errors[n // 2]) / 2)
    summary = result["summary"]
    assert summary["median_error"] == pytest.approx(median, abs=1e-4)
    assert summary["worst_error"] == pytest.approx(errors[-1], abs=1e-4)
    assert summary["within_range"] == sum(r["within"] for r in result["rows"])


def test_table_markdown_and_csv_show_every_row(result):
    _, table, _ = invoke("backtest")
    _, markdown, _ = invoke("backtest", "--format", "markdown")
    _, text, _ = invoke("backtest", "--format", "csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == BACKTEST_COLUMNS and len(rows) == len(result["rows"]) + 1
    for r in result["rows"]:
        assert r["phase"] in table and f"| {r['mission']} | {r['phase']} |" in markdown
    assert "phases compared" in table and "median" in markdown


def test_a_folder_without_history_is_an_input_error(tmp_path):
    _, out, err = invoke("backtest", tmp_path, expect=2)
    assert out == "" and "no history.toml" in err


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "reference"
    shutil.copytree(REFERENCE, folder)
    return folder


def test_a_mandate_sized_with_its_own_missions_rule_is_refused(tmp_path):
    folder = _copy(tmp_path)
    undof = folder / "undof.toml"
    text = undof.read_text(encoding="utf-8")
    own = 'per = { sites = "mfo-personnel-per-site" }'
    assert own in text
    undof.write_text(text.replace(own, 'per = { positions = "undof-troops-per-position" }', 1)
                     .replace("quantities = { sites = 32 }",
                              "quantities = { sites = 32, positions = 21 }", 1),
                     encoding="utf-8")
    _, out, err = invoke("backtest", folder, expect=2)
    assert out == "" and "task.separation.need.troops.per.positions" in err
    assert "undof-troops-per-position" in err and "derived from undof" in err


def test_a_typo_in_history_names_the_key_path_and_a_fix(tmp_path):
    folder = _copy(tmp_path)
    history = folder / "history.toml"
    history.write_text(history.read_text(encoding="utf-8").replace("\nkind = ", "\nknid = ", 1),
                       encoding="utf-8")
    _, out, err = invoke("backtest", folder, expect=2)
    assert out == "" and "history.toml" in err and ".knid" in err and "kind" in err
    # headed as what it is, not as a mandate
    assert err.startswith(f"forcesize: invalid history file {history} (1 problem)")


def test_a_history_file_that_is_not_toml_is_headed_as_the_history_file(tmp_path):
    folder = _copy(tmp_path)
    history = folder / "history.toml"
    history.write_text("[mission\n", encoding="utf-8")
    _, out, err = invoke("backtest", folder, expect=2)
    assert out == "" and err.startswith("forcesize: invalid history file ")


def test_a_personnel_figure_must_be_the_sum_of_what_it_counts(tmp_path):
    folder = _copy(tmp_path)
    history = folder / "history.toml"
    history.write_text(history.read_text(encoding="utf-8").replace(
        "personnel = 11_015", "personnel = 11_016", 1), encoding="utf-8")
    _, _, err = invoke("backtest", folder, expect=2)
    assert "not the sum of military + civilian" in err


def test_a_history_naming_a_missing_mandate_is_an_input_error(tmp_path):
    folder = _copy(tmp_path)
    (folder / "tiph.toml").unlink()
    _, _, err = invoke("backtest", folder, expect=2)
    assert "tiph.toml does not exist" in err


def test_the_bundled_history_loads_and_names_existing_phases():
    from forcesize.mandate import load_mandate

    history = load_history(REFERENCE)
    for mission in history.mission.values():
        phases = set(load_mandate(REFERENCE / mission.file).mandate.phase)
        assert set(mission.phase) <= phases, mission.file
