"""Batches: certificate runs from a JSON body, a spreadsheet or an award decision, with
row-level validation, progress, and a summary whose counts add up."""
