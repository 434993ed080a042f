"""Background jobs: long work (matrix builds, scenario runs, retraining, pack builds) off the
request, with progress, cancel and a record in the store that outlives the page.

Two ways in, one record:

* **Dash background callbacks** (a page's progress bar and cancel button) run on the
  manager of :func:`jobs.manager.background_manager`: ``DiskcacheManager`` under
  ``<var_dir>/jobs`` by default, ``CeleryManager`` on ``REDIS_URL`` when it is set
  (workers: ``celery -A jobs.worker worker``, see :mod:`jobs.worker`).
* **REST submissions** (``POST /api/scenarios``) go through :func:`jobs.runner.submit`:
  a Celery task when ``REDIS_URL`` is set, otherwise a thread of the app process.

Either way the work runs through :func:`jobs.runner.execute`, which keeps the ``jobs`` row
(id, kind, owner, status, progress, result reference) up to date, so a user who reloads
the page, or comes back tomorrow, finds the job and its result.
"""
