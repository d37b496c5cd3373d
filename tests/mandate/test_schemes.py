"""Financing in the mandate: which phases a scheme pays for, and every way to write one
wrongly, each reported with its key path, value, rule and a did-you-mean."""

from __future__ import annotations

from typing import Any

import pytest

from forcesize.mandate import validate

from ..helpers import override
from .test_loader import errors_of, only
from .test_warnings import warnings_of


def _with_scheme(doc: dict[str, Any], **scheme: Any) -> dict[str, Any]:
    doc["financing"] = {"un": {"kind": "assessed", "scale": {"AAA": 0.5, "BBB": 0.5},
                               **scheme}}
    doc["phase"]["late"]["financing"] = "un"
    return doc


def test_a_phase_names_its_scheme_and_the_others_keep_the_default(doc):
    m = validate(_with_scheme(doc)).mandate
    assert [m.financing_of(p) for p in m.phase] == ["national", "un"]
    assert not m.common_fund


def test_a_misspelt_scheme_in_a_phase_is_named_with_the_schemes_it_could_be(doc):
    issue = only(errors_of(override(_with_scheme(doc), "phase.late.financing", "uN")))
    assert (issue.code, issue.path, issue.value) == ("unknown-financing",
                                                     "phase.late.financing", "'uN'")
    assert issue.hint == "did you mean 'un'?"


def test_the_built_in_common_fund_cannot_share_the_mission(doc):
    doc = _with_scheme(override(doc, "objective.financing", "common-fund"))
    issue = only(errors_of(doc))
    assert (issue.code, issue.path) == ("common-fund-beside-other-financing",
                                        "phase.late.financing")
    assert 'kind = "common-fund"' in issue.hint


@pytest.mark.parametrize(("scale", "total"), [({"AAA": 0.5, "BBB": 0.4}, "0.9"),
                                              ({"AAA": 0.7, "BBB": 0.4}, "1.1")])
def test_a_scale_must_add_up_to_one(doc, scale, total):
    issue = only(errors_of(_with_scheme(doc, scale=scale)))
    assert (issue.code, issue.path, issue.value) == ("scale-does-not-add-up",
                                                     "financing.un.scale", total)


def test_a_keyed_scheme_needs_a_scale_and_a_fund_takes_none(doc):
    issue = only(errors_of(_with_scheme(doc, scale={})))
    assert (issue.code, issue.path) == ("scheme-without-scale", "financing.un.scale")
    doc = _with_scheme(doc, kind="common-fund", pledges={"AAA": 1e6})
    issue = only(errors_of(doc))
    assert (issue.code, issue.path) == ("scheme-key-not-for-kind", "financing.un.scale")


def test_pledges_belong_to_a_fund_and_common_costs_to_a_mixed_scheme(doc):
    found = errors_of(_with_scheme(doc, pledges={"AAA": 1e6}, common_costs=["infantry"]))
    assert {(i.code, i.path) for i in found} == {
        ("scheme-key-not-for-kind", "financing.un.pledges"),
        ("scheme-key-not-for-kind", "financing.un.common_costs")}


def test_a_mixed_scheme_names_capabilities_or_tasks_that_exist(doc):
    issue = only(errors_of(_with_scheme(doc, kind="mixed")))
    assert (issue.code, issue.path) == ("mixed-without-common-costs", "financing.un.common_costs")
    issue = only(errors_of(_with_scheme(doc, kind="mixed", common_costs=["patrl"])))
    assert (issue.code, issue.path, issue.hint) == (
        "unknown-common-cost", "financing.un.common_costs[0]", "did you mean 'patrol'?")


def test_own_costs_and_reimbursed_capabilities_must_exist(doc):
    found = errors_of(_with_scheme(doc, own_costs=["AAB"],
                                   reimbursement_by_capability={"infantri": 1428.0}))
    assert {(i.code, i.path, i.hint) for i in found} == {
        ("unknown-contributor", "financing.un.own_costs[0]", "did you mean 'AAA'?"),
        ("unknown-capability", "financing.un.reimbursement_by_capability.infantri",
         "did you mean 'infantry'?")}


def test_a_payer_table_for_a_contributor_is_refused(doc):
    doc = _with_scheme(doc)
    doc["payer"] = {"AAA": {"weight": 0.2}}
    issue = only(errors_of(doc))
    assert (issue.code, issue.path) == ("payer-is-contributor", "payer.AAA")


def test_a_payer_named_only_in_a_scheme_pays_and_is_warned_about(doc):
    doc = _with_scheme(doc, scale={"AAA": 0.5, "BBX": 0.5})
    warning = only(warnings_of(doc, "undeclared-payer"))
    assert (warning.path, warning.value) == ("financing.un.scale.BBX", "'BBX'")
    assert warning.hint == "did you mean 'BBB'?"
    doc["payer"] = {"BBX": {"name": "A state that sends nobody"}}
    assert warnings_of(doc, "undeclared-payer") == []


def test_a_reimbursement_rate_is_by_component(doc):
    issue = only(errors_of(_with_scheme(doc, reimbursement={"army": 1428.0})))
    assert issue.path == "financing.un.reimbursement.army"
