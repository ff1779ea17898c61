"""The sổ vàng counts each person once per decision and award (issue #17): a second batch
reprints the entries it finds, the database refuses a second entry whatever asks, a
registered batch cites an issued decision of the registry (or says it is external), a
pasted decision keeps "registered", and a user prints only in their own agency's name.
On SQLite and PostgreSQL (the ``registry`` fixture)."""

from __future__ import annotations

import json
import secrets
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from docgen.errors import ConflictError, InputError
from docgen.services.accounts.identity import Actor
from docgen.services.jobs import certificates as jobs
from docgen.services.jobs.access import check_run
from docgen.services.registry.certificates import recipient_key
from docgen.services.registry.models import Certificate
from tests.helpers import load_json_sample
from tests.registry.conftest import SYS


def entries(registry) -> list[Certificate]:  # type: ignore[no-untyped-def]
    with registry.sessions() as s:
        return list(s.execute(select(Certificate).order_by(Certificate.id)).scalars())


def keyed_rows(names: list[str], decision: str = "125/QĐ-VKSTC") -> list[dict]:
    return [{"recipient": f"Ông {n}", "unit": "Phòng 1", "award": "bang_khen_vien_truong_vkstc",
             "title": "Bằng khen", "issuer": "VKSTC", "issued_on": date(2026, 1, 20),
             "decision_number": decision, "decision_date": date(2026, 1, 20),
             "recipient_key": recipient_key(f"Ông {n}", "Phòng 1")} for n in names]


@pytest.mark.slow
def test_printing_the_same_list_twice_registers_each_person_once(registry,
                                                                 register_certificates):
    first = register_certificates()
    # The same list again (as a ZIP, say): the same numbers and codes, no new entry.
    again = register_certificates()
    assert len(first) == len(again) == 3
    assert [(c.register_number, c.verify_code) for c in again] == \
        [(c.register_number, c.verify_code) for c in first]
    data = load_json_sample("certificate") | {"registered": True, "external_decision": True}
    del data["register_start"]
    outcome = jobs.run(jobs.from_json(data), "zip", registry=registry,
                       batch_id=secrets.token_hex(16))
    assert outcome.produced == 3 and any("in lại" in n for n in outcome.notes)
    assert len(entries(registry)) == 3


def test_a_corrected_gender_is_the_same_person(registry, register_certificates):
    register_certificates()
    data = load_json_sample("certificate")
    data["recipients"][0]["gender"] = "nữ"  # "Bà Nguyễn Văn Bình" now: still one entry
    assert len(register_certificates(recipients=data["recipients"])) == 3


def test_new_people_of_the_same_decision_take_the_next_numbers(registry,
                                                               register_certificates):
    register_certificates()
    data = load_json_sample("certificate")
    more = [*data["recipients"], dict(data["recipients"][0], name="Hoàng Văn Mới")]
    certs = register_certificates(recipients=more)
    assert [c.register_number for c in certs] == [1, 2, 3, 4]


def test_the_database_refuses_a_second_entry_for_the_same_person(registry):
    now = datetime.now(UTC)
    row = keyed_rows(["Trần Văn A"])[0]
    with registry.sessions.begin() as s:
        s.add(Certificate(**row, agency="vkstc", register_number=1, verify_code="AAAAAAAAAA",
                          status="issued", created_at=now))
    with pytest.raises(IntegrityError), registry.sessions.begin() as s:
        s.add(Certificate(**row, agency="vkstc", register_number=2, verify_code="BBBBBBBBBB",
                          status="issued", created_at=now))


def test_concurrent_batches_of_the_same_people_register_each_once(registry):
    rows = keyed_rows([f"Người {i}" for i in range(6)])

    def allocate(i: int):  # type: ignore[no-untyped-def]
        try:
            return registry.certificates.allocate(f"batch-{i}", "vkstc", rows).numbers
        except ConflictError:  # another batch holds them pending: it must finish first
            return None

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(allocate, range(4)))
    assert [1, 2, 3, 4, 5, 6] in results
    assert all(r in (None, [1, 2, 3, 4, 5, 6]) for r in results)
    assert len(entries(registry)) == 6
    first = next(i for i, r in enumerate(results) if r)
    registry.certificates.confirm(f"batch-{first}")
    # Once printed, any later batch reprints them.
    assert registry.certificates.allocate("later", "vkstc", rows).reused == 6
    assert len(entries(registry)) == 6


def test_a_cancelled_number_does_not_hold_the_person(registry):
    registry.certificates.allocate("a", "vkstc", keyed_rows(["An", "Bình"]))
    registry.certificates.allocate("b", "vkstc", keyed_rows(["Cúc"]))
    registry.certificates.release("a")  # numbers taken after it: cancelled, keys dropped
    again = registry.certificates.allocate("c", "vkstc", keyed_rows(["An", "Bình"]))
    assert again.numbers == [4, 5] and again.reused == 0


def test_a_registered_batch_names_the_same_person_once(registry):
    data = load_json_sample("certificate") | {"registered": True, "external_decision": True}
    del data["register_start"]
    data["recipients"].append(dict(data["recipients"][0]))
    good, problems = jobs.check(jobs.from_json(data))
    assert len(good) == 3
    assert [(p.row, p.field) for p in problems] == [(4, "name")]
    assert "trùng với dòng 1" in problems[0].msg


# -- the decision a registered batch carries out ---------------------------------------------

def _decision_batch(paper, **changes):  # type: ignore[no-untyped-def]
    """The certificate sample as VKS Hưng Yên's, citing ``paper`` (an issued decision)."""
    decision = load_json_sample("award-decision")
    data = load_json_sample("certificate") | {
        "issuer": decision["issuer"], "award": decision["award"], "registered": True,
        "decision": {"number": paper.number, "date": paper.issued_on.isoformat()}}
    del data["register_start"]
    return data | changes


def test_a_registered_batch_must_cite_an_issued_decision_of_the_registry(registry,
                                                                        issue_paper):
    paper = issue_paper(on=date(2026, 1, 6))
    data = _decision_batch(paper)
    unknown = dict(data, decision={"number": 99, "date": "2026-01-06"})
    with pytest.raises(InputError) as exc:
        jobs.run(jobs.from_json(unknown), registry=registry)
    assert exc.value.errors[0].loc == ("decision", "number")
    assert "Quyết định ngoài hệ thống" in exc.value.errors[0].msg
    wrong_day = dict(data, decision={"number": paper.number, "date": "2026-01-07"})
    with pytest.raises(InputError) as exc:
        jobs.run(jobs.from_json(wrong_day), registry=registry)
    assert exc.value.errors[0].loc == ("decision", "date") and "06/01/2026" in \
        exc.value.errors[0].msg
    other_award = dict(data, award="bang_khen_vien_truong_vkstc")
    with pytest.raises(InputError) as exc:
        jobs.run(jobs.from_json(other_award), registry=registry)
    assert exc.value.errors[0].loc == ("award",)
    assert entries(registry) == []

    jobs.run(jobs.from_json(data), registry=registry)
    assert {(c.decision_paper_id, c.decision_external) for c in entries(registry)} == \
        {(paper.id, False)}


def test_an_external_decision_is_recorded_as_such(registry):
    data = load_json_sample("certificate") | {"registered": True, "external_decision": True}
    del data["register_start"]
    jobs.run(jobs.from_json(data), registry=registry)
    assert {(c.decision_paper_id, c.decision_external) for c in entries(registry)} == \
        {(None, True)}


def test_a_revoked_decision_prints_no_certificates(registry, issue_paper):
    paper = issue_paper(on=date(2026, 1, 6))
    registry.revoke(paper.id, "nhầm người", SYS)
    with pytest.raises(InputError) as exc:
        jobs.run(jobs.from_json(_decision_batch(paper)), registry=registry)
    assert "thu hồi" in exc.value.errors[0].msg


def test_a_pasted_decision_keeps_registered(registry, issue_paper):
    paper = issue_paper(on=date(2026, 1, 6))
    decision = {**json.loads(paper.input_json), "registered": True}
    source = jobs.from_json(decision)
    assert source.meta.registered
    outcome = jobs.run(source, registry=registry)
    certs = entries(registry)
    assert outcome.produced == len(certs) == len(source.rows)
    assert all(c.register_number and c.verify_code for c in certs)
    assert {c.decision_paper_id for c in certs} == {paper.id}


# -- in whose name -----------------------------------------------------------------------------

@pytest.mark.parametrize("registered", [False, True])
def test_a_clerk_prints_only_in_their_own_agencys_name(registered):
    data = load_json_sample("certificate") | {"registered": registered}
    del data["register_start"]
    meta = jobs.from_json(data).meta  # issued by VKSTC
    hung_yen = Actor("lan", "Lan", "vks-hung-yen", frozenset({"clerk", "records"}))
    with pytest.raises(InputError) as exc:
        check_run(hung_yen, meta)
    assert exc.value.errors[0].loc == ("issuer", "symbol")
    check_run(Actor("an", "An", "vkstc", frozenset({"clerk", "records"})), meta)
