"""The clerks' pages: a form per kind of paper built from its input model, live preview,
downloads, and the certificate batch page. Views are thin; the same service as the API."""
