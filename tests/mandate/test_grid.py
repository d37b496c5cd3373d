"""The points of a sweep (``mandate/grid.py``): ranges exact in decimal, lists split only at
top-level commas, the cartesian product or the zip of the axes, and every malformed spec
an input error (exit 2) that names it."""

from __future__ import annotations

import pytest

from forcesize.errors import InputError
from forcesize.mandate.grid import MAX_POINTS, Axis, parse_axis, points


@pytest.mark.parametrize(("spec", "values"), [
    ("1..5", ("1", "2", "3", "4", "5")),
    ("1..10:4", ("1", "5", "9")),  # 10 is not a whole number of steps from 1
    ("5..1:2", ("5", "3", "1")),  # counts down
    ("0.1..0.3:0.1", ("0.1", "0.2", "0.3")),  # binary floats would miss 0.3
    ("3e9..4e9:5e8", ("3e9", "3.5e9", "4e9")),
    ("1_000..3_000:1_000", ("1000", "2000", "3000")),
    ("50.0..150:50", ("50.0", "100.0", "150.0")),
    ("-2..2:2", ("-2", "0", "2")),
])
def test_a_range_counts_from_a_to_b_by_its_step(spec, values):
    assert parse_axis(f"objective.budget={spec}").values == values


@pytest.mark.parametrize(("spec", "values"), [
    ("1,2,3", ("1", "2", "3")),
    ('["israel"],["israel", "hamas"]', ('["israel"]', '["israel", "hamas"]')),
    ('"a,b",c', ('"a,b"', "c")),
    ("{ fixed = 4, per_site = 2 },{ fixed = 5 }", ("{ fixed = 4, per_site = 2 }", "{ fixed = 5 }")),
    ("0.5", ("0.5",)),
    ("important", ("important",)),
])
def test_a_list_splits_only_at_its_top_level_commas(spec, values):
    assert parse_axis(f"task.t.priority={spec}").values == values


@pytest.mark.parametrize(("text", "message"), [
    ("objective.budget", "expected PATH=VALUE"),
    ("=1,2", "expected PATH=VALUE"),
    ("objective.budget=0.1..0.5", "needs a step"),
    ("objective.budget=1..5:0", "must be positive"),
    ("objective.budget=1..5:-1", "must be positive"),
    ("objective.budget=1,,2", "empty value"),
    (f"objective.budget=1..{MAX_POINTS + 1}", "more than"),
])
def test_a_malformed_axis_is_an_input_error_that_names_it(text, message):
    with pytest.raises(InputError) as caught:
        parse_axis(text)
    (issue,) = caught.value.issues
    assert message in issue.message
    assert issue.file == f"--set {text}"


def test_the_grid_is_the_product_with_the_last_axis_fastest():
    axes = [Axis("a", ("1", "2")), Axis("b", ("x", "y")), Axis("c", ("9",))]
    assert points(axes) == [[("a", "1"), ("b", "x"), ("c", "9")],
                            [("a", "1"), ("b", "y"), ("c", "9")],
                            [("a", "2"), ("b", "x"), ("c", "9")],
                            [("a", "2"), ("b", "y"), ("c", "9")]]


def test_zipped_axes_pair_their_values_and_a_held_value_joins_each_pair():
    axes = [Axis("a", ("1", "2")), Axis("b", ("x", "y")), Axis("c", ("9",))]
    assert points(axes, zip_axes=True) == [[("a", "1"), ("b", "x"), ("c", "9")],
                                           [("a", "2"), ("b", "y"), ("c", "9")]]


def test_zipped_axes_of_different_lengths_are_refused():
    with pytest.raises(InputError, match="problem") as caught:
        points([Axis("a", ("1", "2")), Axis("b", ("x", "y", "z"))], zip_axes=True)
    assert "a 2, b 3" in caught.value.issues[0].message


def test_a_path_swept_twice_is_refused():
    with pytest.raises(InputError) as caught:
        points([Axis("a", ("1",)), Axis("a", ("2",))])
    assert "swept twice" in caught.value.issues[0].message


def test_a_grid_too_large_is_refused_before_it_is_built():
    axes = [Axis(f"p{i}", tuple(map(str, range(100)))) for i in range(3)]
    with pytest.raises(InputError) as caught:
        points(axes)
    assert "1,000,000 points" in caught.value.issues[0].message


def test_no_axes_is_one_point_the_base():
    assert points([]) == [[]]


def test_a_study_file_gives_the_axes_of_the_command_line(tmp_path):
    from forcesize.mandate.grid import read_study

    study = tmp_path / "study.toml"
    study.write_text('mandate = "m.toml"\nzip = true\n[set]\n'
                     '"objective.budget" = "3e9..4e9:5e8"\n'
                     '"contributor.TUR.acceptable_to" = [["israel"], ["israel", "hamas"], []]\n'
                     '"task.t.need.k" = { fixed = 4 }\n"contributor.X.max_share" = 0.5\n',
                     encoding="utf-8")
    got = read_study(study)
    assert got.mandate == tmp_path / "m.toml" and got.zipped
    assert got.axes == ["objective.budget=3e9..4e9:5e8",
                        'contributor.TUR.acceptable_to=["israel"],["israel", "hamas"],[]',
                        "task.t.need.k={ fixed = 4 }", "contributor.X.max_share=0.5"]
    assert parse_axis(got.axes[1]).values == ('["israel"]', '["israel", "hamas"]', "[]")


@pytest.mark.parametrize(("text", "message"), [
    ('[set]\n"a" = 1\n[other]\n', "not a key of a study file"),
    ("mandate = 3\n[set]\na = 1\n", "expected a path"),
    ('zip = "yes"\n[set]\na = 1\n', "expected true or false"),
    ("zip = true\n", "at least one axis"),
    ("[set]\na = []\n", "at least one value"),
])
def test_a_bad_study_file_is_an_input_error(tmp_path, text, message):
    from forcesize.mandate.grid import read_study

    study = tmp_path / "study.toml"
    study.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_study(study)
    assert message in caught.value.issues[0].message
    assert caught.value.file == str(study)


@pytest.mark.parametrize("value", [["israel", "hamas"], {"fixed": 4, "per site": 2.5}, 3e9, 7,
                                   'a"b\\c', True, [[1, 2], [3]], "ünïcode"])
def test_inline_toml_reads_back_to_the_same_value(value):
    import tomllib

    from forcesize.mandate.grid import inline

    assert tomllib.loads(f"v = {inline(value)}")["v"] == value
