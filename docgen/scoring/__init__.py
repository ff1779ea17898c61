"""Cluster scoring (chấm điểm thi đua của Cụm, Khối): the engine that scores and ranks a
year, the check answer, its table for the command line, the data of the leading unit's
proposal, and a new year started from the cluster's pledge. Pure functions of the model
and the catalog: no database, no web, no rendering."""

from docgen.scoring.engine import Scores, change_result, lock, score

__all__ = ["Scores", "change_result", "lock", "score"]
