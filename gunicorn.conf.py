"""gunicorn settings for ``manage.py run`` (``gunicorn -c gunicorn.conf.py wsgi:server``).

The app (catalogue and DEM-derived basemaps included) is built once in the master before
the workers fork, so every worker is ready at once. No database connection is opened at
build time; each worker still drops any inherited pool after the fork.
"""

preload_app = True
worker_class = "gthread"
threads = 8
timeout = 120
accesslog = "-"


def post_fork(server, worker):  # gunicorn calls it with both
    from core.context import EXTENSION_KEY
    from wsgi import server as app_server

    app_server.extensions[EXTENSION_KEY].engine.dispose(close=False)
