#!/usr/bin/env python
"""Signing benchmark: median milliseconds per PAdES signature of an award decision (the
leader's signature with its image; the agency's seal signature after number and date are
filled) with a PKCS#12 key and with a key on a SoftHSM2 token; validation time; and 1,000
certificates each signed with the agency's seal into a ZIP.

A throw-away PKI and SoftHSM2 token are made in a temporary folder (as the tests do).

Usage: .venv/bin/python benchmarks/bench_signing.py [--rounds 30] [--certificates 1000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import platform
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def median_ms(fn, rounds: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--certificates", type=int, default=1000)
    args = ap.parse_args()

    from docgen.render.certificate_pdf import certificate_files, render_entries
    from docgen.services.jobs import certificates as jobs
    from docgen.signing.appearance import Appearance
    from docgen.signing.forms import fill_number_date, number_date_values
    from docgen.signing.keys import Pkcs11Config, Pkcs11Key, Pkcs12Key
    from docgen.signing.sign import SignOptions, sign_pdf
    from docgen.signing.verify import verify_pdf
    from tests.conftest import load_sample
    from tests.signing.conftest import (
        P12_PASSWORD,
        make_identity,
        make_seal_png,
        make_signature_png,
        make_softhsm_token,
    )
    from tests.signing.helpers import unnumbered_pdf

    root = make_identity("Gốc thử nghiệm", "Ban Cơ yếu Chính phủ (thử nghiệm)", ca=True)
    org = "Viện kiểm sát nhân dân tỉnh Hưng Yên"
    leader = make_identity("Nguyễn Văn Hùng", org, root)
    agency = make_identity(org, org, root)
    image, seal = make_signature_png(), make_seal_png()
    draft = unnumbered_pdf(load_sample)
    leader_look = SignOptions("signer", Appearance(signature_png=image))
    seal_look = SignOptions("agency", Appearance(seal_png=seal))
    results: dict[str, float] = {}

    key = Pkcs12Key(leader.p12(), P12_PASSWORD)
    key.pyhanko_signer()  # loaded once, as a server keeps it for a batch
    results["pkcs12_leader_ms"] = median_ms(lambda: sign_pdf(draft, key, leader_look),
                                            args.rounds)
    results["pkcs12_leader_key_loaded_each_time_ms"] = median_ms(
        lambda: sign_pdf(draft, Pkcs12Key(leader.p12(), P12_PASSWORD), leader_look),
        args.rounds)
    signed = sign_pdf(draft, key, leader_look)
    filled = fill_number_date(signed, number_date_values(7, dt.date(2026, 1, 5)))
    results["fill_number_date_ms"] = median_ms(
        lambda: fill_number_date(signed, number_date_values(7, dt.date(2026, 1, 5))),
        args.rounds)
    agency_key = Pkcs12Key(agency.p12(), P12_PASSWORD)
    results["pkcs12_agency_seal_ms"] = median_ms(lambda: sign_pdf(filled, agency_key, seal_look),
                                                 args.rounds)

    with tempfile.TemporaryDirectory() as tmp:
        token = make_softhsm_token(Path(tmp), agency)
        hsm = Pkcs11Key(Pkcs11Config(token.module, token.label, token.key_label,
                                     pin_env=token.pin_env))
        hsm.pyhanko_signer()  # session opened and logged in once
        results["softhsm2_agency_seal_ms"] = median_ms(
            lambda: sign_pdf(filled, hsm, seal_look), args.rounds)
        issued = sign_pdf(filled, hsm, seal_look)
        hsm.close()
    results["validate_two_signatures_ms"] = median_ms(
        lambda: verify_pdf(issued, [root.cert_der]), args.rounds)

    data = load_sample("certificate")
    base = data["recipients"]
    data["recipients"] = [dict(base[i % len(base)], name=f"{base[i % len(base)]['name']} {i}")
                          for i in range(args.certificates)]
    source = jobs.from_json(data)
    good, _ = jobs.check(source)
    face, entries = jobs.entries_of(source, good, jobs.load_catalog())
    t0 = time.perf_counter()
    merged = render_entries(face, entries, offset=face.offset_mm)
    t_render = time.perf_counter() - t0
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for entry, pdf in zip(entries, certificate_files(merged, face, face.offset_mm),
                              strict=True):
            z.writestr(f"{entry.file_stem}.pdf", pdf)
    # Sealed the way the command line and the batch pipeline seal their ZIPs.
    sealed = jobs.seal_zip(buf.getvalue(), lambda one: sign_pdf(one, agency_key, seal_look))
    total = time.perf_counter() - t0
    results["certificates"] = args.certificates
    results["certificates_zip_signed_s"] = round(total, 2)
    results["certificates_render_s"] = round(t_render, 2)
    results["certificates_ms_each_signed"] = round(total * 1000 / args.certificates, 1)
    results["zip_mb"] = round(len(sealed) / 1e6, 1)

    print(json.dumps({"machine": f"{platform.machine()}, {platform.processor() or '?'}, "
                                 f"Python {platform.python_version()}",
                      "date": dt.date.today().isoformat(),
                      **{k: round(v, 1) if isinstance(v, float) else v
                         for k, v in results.items()}}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
