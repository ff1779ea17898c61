"""Old home of the jobs, kept for one release only for ``celery -A docgen.jobs.worker``
in an operator's unit file; the jobs live in ``docgen.services.jobs`` and the worker's
Celery app in ``docgen.worker``."""
