"""gunicorn settings for ``manage.py run`` (``gunicorn -c gunicorn.conf.py wsgi:server``).

The app (catalogue and DEM-derived basemaps included) is built once in the master before
the workers fork, so every worker is ready at once. No database connection is opened at
build time; each worker still drops any inherited pool after the fork.

- Dash's first-request set-up (the component bundles it serves, the pages router) runs
  in the master too (``when_ready``), so a fresh or restarted worker serves its bundles
  from the first request (see ``core/web/ready.py``).
- Logging: the master, the workers and the app write one format to stderr
  (``ONEMAP_LOG_FORMAT``: JSON lines by default; see ``core/logging.py``). The app logs
  one line per request itself, so gunicorn's access log is off.
- Request line: gunicorn's limit is raised to its maximum (8190 bytes) so that a URL
  longer than the app's own limit (``core.web.errors.MAX_URL_BYTES``, 4096 bytes)
  reaches the app and is answered with a JSON 414; the worker class answers a line
  beyond gunicorn's limit with the same JSON 414 (``core/web/gunicorn_worker.py``).
"""

from core.logging import log_config
from core.settings import load_settings

preload_app = True
worker_class = "core.web.gunicorn_worker.JsonErrorThreadWorker"  # gthread, JSON 414
threads = 8
timeout = 120
accesslog = None
logconfig_dict = log_config(load_settings().log_format)
limit_request_line = 8190


def when_ready(server):  # master, after the preloaded app is built, before any fork
    from core.web.ready import prepare_dash
    from wsgi import server as app_server

    prepare_dash(app_server)


def post_fork(server, worker):  # gunicorn calls it with both
    from core.context import EXTENSION_KEY
    from wsgi import server as app_server

    app_server.extensions[EXTENSION_KEY].engine.dispose(close=False)
