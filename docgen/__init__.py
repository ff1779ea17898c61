"""docgen: official papers of emulation and commendation work for the People's Procuracy.

Structured input goes in once, is validated once (``docgen.model``), composed once into a
neutral :class:`docgen.compose.document.Document` (``docgen.compose``) and drawn twice, as
DOCX and PDF (``docgen.render``). See ARCHITECTURE in the project docs.
"""

__version__ = "0.1.0"
