#!/usr/bin/env python
"""A commendation round of N nominations from U units (500 from 40 by default) checked and
its dossier rendered. The round is made from the example round (council, meeting,
proposal) with valid nominations of every kind the rules touch: Lao động tiên tiến for most
people, Chiến sĩ thi đua cơ sở for some (the 15 % quota bites), Chiến sĩ thi đua ngành (two
earlier years, given by an in-memory source as the registry would), Giấy khen, every
unit's Tập thể lao động tiên tiến, some Tập thể lao động xuất sắc and Bằng khen (one
earlier year); some votes fall short.

Reported for the example round (22 nominations, the baseline measured in the same run) and
for the synthetic one: the time to validate, to check, to compose the dossier's papers and
to render the dossier (every paper as DOCX and PDF in one ZIP), each the median of -n runs
after one warm-up; the papers and the ZIP's size; the peak Python heap of one check and
one dossier (tracemalloc, a separate run: it slows what it measures) and the process's
peak resident memory.

Usage: .venv/bin/python benchmarks/bench_round.py [--nominations 500] [--units 40] [-n 3]
       .venv/bin/python benchmarks/bench_round.py --tiny   (30 nominations from 4 units)
"""

from __future__ import annotations

import argparse
import copy
import json
import platform
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô")
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Hồng", "Thanh")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hương", "Khánh", "Lan",
         "Long", "Mai", "Nam", "Ngọc", "Phúc", "Quỳnh", "Sơn", "Tâm", "Thảo", "Vinh")
POSITIONS = ("Kiểm sát viên sơ cấp", "Kiểm sát viên trung cấp", "Kiểm tra viên",
             "Chuyên viên", "Phó Trưởng phòng")


def units(count: int) -> list[str]:
    """Twelve departments, then the area procuracies."""
    out = [f"Phòng {i}" for i in range(1, min(count, 12) + 1)]
    out += [f"Viện kiểm sát nhân dân khu vực {i}" for i in range(1, count - len(out) + 1)]
    return out


def person(i: int, unit: str) -> dict[str, Any]:
    name = (f"{FAMILY[i % len(FAMILY)]} {MIDDLE[(i // 10) % len(MIDDLE)]} "
            f"{GIVEN[(i // 80) % len(GIVEN)]} {GIVEN[i % len(GIVEN)]}")
    return {"name": name, "gender": "nữ" if i % 2 else "nam",
            "position": POSITIONS[i % len(POSITIONS)], "unit": unit,
            "recruited": f"{2005 + i % 15}-0{1 + i % 9}-01"}


def round_of(nominations: int, unit_count: int) -> tuple[dict[str, Any], list[Any]]:
    """The example round with ``nominations`` nominations from ``unit_count`` units, and
    the earlier years' awards its rules look up (as the registry would give them)."""
    from docgen.rounds.check import PriorAward

    data = json.loads((ROOT / "samples" / "council-minutes.json").read_text("utf-8"))
    names = units(unit_count)
    collectives: list[dict[str, Any]] = []
    for u in names:
        collectives.append({"award": "tap_the_lao_dong_tien_tien", "proposed_by": u,
                            "collective": {"name": u}, "votes": 7})
    excellent = names[:max(1, unit_count // 5)]
    for u in excellent:
        collectives.append({"award": "tap_the_lao_dong_xuat_sac", "proposed_by": u,
                            "collective": {"name": u}, "votes": 7})
    prior: list[Any] = []
    for k, u in enumerate(excellent[:max(1, unit_count // 10)]):
        collectives.append({"award": "bang_khen_vien_truong_vkstc", "proposed_by": u,
                            "collective": {"name": u}, "votes": 7,
                            "achievement": "Hai năm liên tục hoàn thành xuất sắc nhiệm vụ"})
        if k % 2 == 0:  # the others are not in the 2025 the source holds: they fail
            prior.append(PriorAward(u, "tap_the_lao_dong_xuat_sac", data["year"] - 1,
                                    collective=True))
    people_slots = nominations - len(collectives)
    # Per 100 people: 100 Lao động tiên tiến, 17 Chiến sĩ thi đua cơ sở (over the 15 %
    # quota), 5 Giấy khen, and a Chiến sĩ thi đua ngành for one in 180.
    lao_dong = max(1, int(people_slots / 1.225))
    people = [person(i, names[i % unit_count]) for i in range(lao_dong)]
    out: list[dict[str, Any]] = []
    for i, p in enumerate(people):
        out.append({"award": "lao_dong_tien_tien", "proposed_by": p["unit"], "person": p,
                    "votes": 3 if i % 37 == 5 else 7})
    for i, p in enumerate(people[::6]):
        out.append({"award": "chien_si_thi_dua_co_so", "proposed_by": p["unit"], "person": p,
                    "votes": 6 + i % 2,
                    "achievement": "Hoàn thành xuất sắc nhiệm vụ; có sáng kiến được công nhận"})
    for p in people[6::180]:  # among those who pass Chiến sĩ thi đua cơ sở
        out.append({"award": "chien_si_thi_dua_nganh", "proposed_by": p["unit"], "person": p,
                    "votes": 7, "achievement": "Ba năm liên tục đạt Chiến sĩ thi đua cơ sở"})
        for year in (data["year"] - 2, data["year"] - 1):
            prior.append(PriorAward(p["name"], "chien_si_thi_dua_co_so", year, p["unit"]))
    for p in people[3::20]:
        out.append({"award": "giay_khen", "proposed_by": p["unit"], "person": p, "votes": 7,
                    "achievement": "Có thành tích xuất sắc trong đợt cao điểm"})
    extra = 0
    while len(out) + len(collectives) < nominations:
        p = person(lao_dong + extra, names[extra % unit_count])
        out.append({"award": "lao_dong_tien_tien", "proposed_by": p["unit"], "person": p,
                    "votes": 7})
        extra += 1
    data["nominations"] = (out + collectives)[:nominations]
    return data, prior


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    fn()  # warm-up: imports, fonts, templates
    times, out = [], None
    for _ in range(runs):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000, out


def heap_peak(fn: Callable[[], Any]) -> float:
    """Peak of the Python heap (MB) while ``fn`` runs, above what was allocated before."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()


def measure(data: dict[str, Any], prior: list[Any], runs: int) -> dict[str, Any]:
    from docgen.catalog import load_catalog
    from docgen.model.round import RoundInput
    from docgen.model.validation import validate_input
    from docgen.rounds import prior_awards
    from docgen.rounds.check import check
    from docgen.rounds.dossier import dossier_zip, papers
    from docgen.service import render_document

    catalog = load_catalog()
    source = prior_awards(prior)
    out: dict[str, Any] = {}

    def render(kind: str, doc: Any, fmt: str) -> bytes:
        return render_document(kind, doc, fmt).content

    out["validate"], model = timed(
        lambda: validate_input(RoundInput, copy.deepcopy(data), context={"catalog": catalog}),
        runs)
    out["check"], result = timed(lambda: check(model, catalog, prior=source), runs)
    out["compose dossier"], (_, composed) = timed(
        lambda: papers(model, catalog, prior=source), runs)
    out["render dossier (zip)"], zipped = timed(
        lambda: dossier_zip(model, catalog, render, prior=source), runs)
    out["heap check"] = heap_peak(lambda: check(model, catalog, prior=source))
    out["heap dossier"] = heap_peak(lambda: dossier_zip(model, catalog, render, prior=source))
    out["nominations"] = len(model.nominations)
    out["passed"] = len(result.passed())
    out["papers"] = len(composed)
    out["zip_kb"] = len(zipped) // 1024
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nominations", type=int, default=500)
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("-n", type=int, default=3, help="runs per step (median)")
    parser.add_argument("--tiny", action="store_true", help="30 nominations, 4 units, 1 run")
    args = parser.parse_args()
    if args.tiny:
        args.nominations, args.units, args.n = 30, 4, 1

    example = json.loads((ROOT / "samples" / "council-minutes.json").read_text("utf-8"))
    base = measure(example, [], args.n)
    data, prior = round_of(args.nominations, args.units)
    big = measure(data, prior, args.n)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"round: {big['nominations']} nominations from {args.units} units, "
          f"{big['passed']} passed; {big['papers']} papers, ZIP {big['zip_kb']:,} kB; "
          f"baseline: the example, {base['nominations']} nominations, {base['papers']} "
          f"papers; Python {platform.python_version()} on {platform.machine()}")
    print(f"  {'step':<24} {'baseline':>12} {'round':>12}")
    for step in ("validate", "check", "compose dossier", "render dossier (zip)"):
        print(f"  {step:<24} {base[step]:9.1f} ms {big[step]:9.1f} ms")
    for step in ("heap check", "heap dossier"):
        print(f"  {'peak ' + step:<24} {base[step]:9.2f} MB {big[step]:9.2f} MB")
    print(f"  peak RSS of the process {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
