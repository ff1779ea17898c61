"""Commendation rounds (đợt xét khen thưởng) kept in the registry: a round of an agency and
year, its nominations proposed by the units, the council's meeting and votes, the check,
and the drafts of its papers (``service.RoundService``)."""
