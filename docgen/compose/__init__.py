"""Composition: validated input -> :class:`~docgen.compose.document.Document`.

Every string that appears in a paper is final here (number line, place-and-date line,
upper-cased agency names, signature block, recipients with their punctuation, money in
figures and words). Renderers only place what this layer produced.
"""
