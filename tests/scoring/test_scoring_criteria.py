"""Each kind of criterion at its edges: target (below, at, above the target, the best
unit, no target, the proportional rule), pass, count over its cap, bonus and penalty
clamped; sections and totals; rounding only when shown."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from docgen.errors import InputError
from docgen.scoring.engine import score, shown

TARGET = {"code": "I", "name": "Chuyên môn", "children": [
    {"code": "1", "name": "Tỷ lệ giải quyết", "type": "target", "max": 30}]}


def points(year, catalog, code="1"):
    return {m.code: m.criteria[code] for m in score(year, catalog).members}


def target_year(year_of, figures, **more):
    return year_of([TARGET], {code: {"1": f} for code, f in figures.items()}, **more)


def test_below_at_and_above_target_and_the_best(year_of, catalog):
    year = target_year(year_of, {"A": {"actual": 90, "target": 100},
                                 "B": {"actual": 100, "target": 100},
                                 "C": {"actual": 110, "target": 100},
                                 "D": {"actual": 120, "target": 100}})
    p = points(year, catalog)
    assert p["A"] == Fraction(27, 2)  # 0.5 x 30 x 0.9
    assert p["B"] == 15  # at target: half the maximum
    assert p["D"] == 30  # the best ratio above target: the maximum
    assert p["C"] == 15 + Fraction(15) * Fraction(1, 10) / Fraction(2, 10)  # 22.5


def test_two_units_sharing_the_best_ratio_both_get_the_maximum(year_of, catalog):
    p = points(target_year(year_of, {"A": {"actual": 60, "target": 50},
                                     "B": {"actual": 120, "target": 100},
                                     "C": {"actual": 105, "target": 100}}), catalog)
    assert p["A"] == p["B"] == 30
    assert p["C"] == 15 + 15 * Fraction(5, 100) / Fraction(20, 100)


def test_just_below_the_target_is_below(year_of, catalog):
    p = points(target_year(year_of, {"A": {"actual": Decimal("99.99"), "target": 100},
                                     "B": {"actual": 100, "target": 100}}), catalog)
    assert p["A"] < p["B"] == 15


def test_a_unit_without_target_is_measured_against_the_others_without_one(year_of, catalog):
    p = points(target_year(year_of, {"A": {"actual": 150},
                                     "B": {"actual": 120},
                                     "C": {"actual": 130, "target": 100},
                                     "D": {"actual": 110, "target": 100}}), catalog)
    # A has the best actual of those without a target: ratio 1, never "the best".
    assert p["A"] == 15
    assert p["B"] == Fraction(15) * Fraction(120, 150)
    assert p["C"] == 30 and p["D"] == 15 + 15 * Fraction(1, 3)


def test_nobody_above_target_nobody_gets_more_than_half(year_of, catalog):
    p = points(target_year(year_of, {"A": {"actual": 100, "target": 100},
                                     "B": {"actual": 50, "target": 100}}), catalog)
    assert p == {"A": 15, "B": Fraction(15, 2)}


def test_a_named_rule_of_the_catalog_replaces_the_default(year_of, catalog):
    year = target_year(year_of, {"A": {"actual": 120, "target": 100},
                                 "B": {"actual": 80, "target": 100}},
                       rules={"target": "ty_le"})
    assert points(year, catalog) == {"A": 30, "B": 24}
    assert score(year, catalog).target_rules == {"1": "ty_le"}


def test_an_unknown_rule_is_refused(year_of):
    with pytest.raises(InputError) as err:
        target_year(year_of, {"A": {"actual": 1, "target": 1}, "B": {"actual": 1, "target": 1}},
                    rules={"target": "khong_co"})
    assert "không có quy tắc chấm 'khong_co' trong danh mục" in "\n".join(err.value.lines())


@pytest.mark.parametrize(("kind", "n", "expected"), [
    ("count", 0, 0), ("count", 3, 6), ("count", 5, 10), ("count", 9, 10),
    ("bonus", 2, 4), ("bonus", 7, 10),
    ("penalty", 0, 0), ("penalty", 2, -4), ("penalty", 40, -10),
])
def test_points_per_occurrence_capped_and_clamped(year_of, catalog, kind, n, expected):
    crit = {"code": "II", "name": "Khác", "children": [
        {"code": "2", "name": "Mỗi lần", "type": kind, "points": 2, "max": 10}]}
    year = year_of([crit], {"A": {"2": n}, "B": {"2": 0}})
    assert points(year, catalog, "2")["A"] == expected


def test_pass_is_all_or_nothing(year_of, catalog):
    crit = {"code": "II", "name": "Khác", "children": [
        {"code": "2", "name": "Đạt", "type": "pass", "max": 15}]}
    year = year_of([crit], {"A": {"2": True}, "B": {"2": False}})
    assert points(year, catalog, "2") == {"A": 15, "B": 0}


def test_sections_sum_their_children_and_the_total_sums_the_sections(year_of, catalog):
    criteria = [
        {"code": "I", "name": "Một", "children": [
            {"code": "1", "name": "a", "type": "pass", "max": 10},
            {"code": "1.1", "name": "Nhóm", "children": [
                {"code": "1.1.1", "name": "b", "type": "count", "points": 1, "max": 3}]}]},
        {"code": "II", "name": "Hai", "children": [
            {"code": "2", "name": "c", "type": "penalty", "points": 2, "max": 4}]},
    ]
    year = year_of(criteria, {"A": {"1": True, "1.1.1": 2, "2": 1},
                              "B": {"1": False, "1.1.1": 9, "2": 5}})
    a, b = (score(year, catalog).of(c) for c in "AB")
    assert a.sections == {"I": 12, "1.1": 2, "II": -2} and a.total == 10
    assert b.sections == {"I": 3, "1.1": 3, "II": -4} and b.total == -1


def test_scores_are_exact_and_rounded_only_when_shown(year_of, catalog):
    p = points(target_year(year_of, {"A": {"actual": 1, "target": 3},
                                     "B": {"actual": 3, "target": 3}}), catalog)
    assert p["A"] == 5  # 0.5 x 30 x 1/3 exactly
    assert shown(Fraction(70, 3)) == Decimal("23.33")
    assert shown(Fraction(2345, 1000)) == Decimal("2.35")  # half up
    assert shown(Fraction(-5)) == Decimal("-5.00")


@pytest.mark.parametrize(("result", "message"), [
    (True, "tiêu chí định lượng cần một đối tượng {actual, target}"),
    ({"actual": 5, "target": 0}, "chỉ tiêu phải lớn hơn 0"),
])
def test_a_result_of_the_wrong_kind_is_refused(year_of, result, message):
    with pytest.raises(InputError) as err:
        target_year(year_of, {"A": result, "B": {"actual": 1, "target": 1}})
    assert any(message in line for line in err.value.lines())


def test_a_missing_result_is_named(year_of):
    with pytest.raises(InputError) as err:
        year_of([{"code": "I", "name": "x", "children": [
            {"code": "1", "name": "a", "type": "pass", "max": 1},
            {"code": "2", "name": "b", "type": "pass", "max": 1}]}],
            {"A": {"1": True, "2": True}, "B": {"1": True}})
    assert "results.B: thiếu kết quả các tiêu chí: 2" in "\n".join(err.value.lines())
