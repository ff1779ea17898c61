"""The commendation round (đợt xét khen thưởng): its rules applied to a validated round
(``check``) and the papers it produces (``dossier``).

Core layer: plain data in, results and Documents out; it imports only the model, the
catalog, compose, vn and errors, so the HTTP and command-line faces, the registry (which
gives earlier years' awards through a callable) and the renderers are passed in.
"""

from docgen.rounds.check import (
    NominationResult,
    PriorAward,
    PriorAwards,
    RoundResult,
    check,
    prior_awards,
)

__all__ = ["NominationResult", "PriorAward", "PriorAwards", "RoundResult", "check",
           "prior_awards"]
