"""Adapters from files clerks already have (spreadsheets, CSV) to the input models."""
