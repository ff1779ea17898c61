"""Digital signatures by Decree 30/2020 (Appendix I) on docgen's PDF/A papers (pyHanko).

- ``fields``: empty signature fields over the signer's room (and the agency's seal field),
  added when a paper is rendered; ``forms``: the number/date text fields over a draft's
  blanks and their filling after signing.
- ``keys``: one interface, three key sources (PKCS#12, PKCS#11 token, a key on the desk).
- ``appearance``: the signature image, the real-size seal, the information line.
- ``sign``: PAdES signing (the first signature certifies with DocMDP "form filling and
  signing"), optional RFC 3161 timestamps with embedded validation data; ``remote``: the
  two-step signing for a key on the signer's desk.
- ``verify``: per-signature facts (who, when, intact, allowed changes, trusted).
- ``pdfa``: PDF/A-2b identification for PDFs WeasyPrint did not write, and incremental
  updates that keep the metadata PDF/A-consistent.
- ``config``: the agencies' keys and seals; ``cli``: ``docgen sign``/``fill``/``verify``.
"""

import warnings

# cryptography 51 deprecates DSA and warns when its DSA module is imported; pyHanko imports
# that module to recognise DSA keys (pyhanko.sign.signers.pdf_cms). docgen signs with RSA
# and EC keys only, so the warning would tell a clerk running ``docgen sign`` about code
# that is not ours and not used: silenced for that message from pyHanko's modules only.
warnings.filterwarnings("ignore", message="DSA is deprecated", module=r"pyhanko\.")
