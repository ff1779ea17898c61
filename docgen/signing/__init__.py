"""PDF signing support: empty named signature fields at the signer and member positions
(pyHanko), so an external signing tool signs in place; PAdES signing and verification."""
