"""Imported first by the render fork server (``processes.mp_context`` preloads it): the
fork server ends when the process that started it ends, instead of living on, and with
it (their pidfd watchdogs and PDEATHSIG) every render process it forked."""

from __future__ import annotations

import os

from docgen.render.processes import exit_with

exit_with(os.getppid())
