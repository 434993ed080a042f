"""Dash's first-request set-up, done once per process before any request is served.

Dash fills ``app.registered_paths`` (the component-suite bundles it will serve) in
``Dash._setup_server``, a ``before_request`` hook that runs on the first request and
sets its "done" flag *before* doing the work; the pages router hook does the same. With
gunicorn's threaded workers, the first page load sends several bundle requests at once:
one thread starts the set-up, the others see the flag, skip it and ask for a bundle that
is not registered yet, and Dash answers 500 (``DependencyException: "dash" is not a
registered library``): a blank page after every start and worker restart.

:meth:`DashReady.prepare` runs Dash's own hooks once, under a lock, in a request
context of its own. gunicorn.conf.py calls it (:func:`prepare_dash`) in the master after
the app is preloaded, so forked workers inherit a ready app; :class:`ReadyMiddleware`
calls it before the first request of any other server (the werkzeug server, gunicorn
without preload) and holds the other threads until it is done.
"""

from __future__ import annotations

import threading

from dash import Dash

READY_KEY = "onemap.dash_ready"


class DashReady:
    """Runs Dash's first-request set-up once per process, then stays out of the way."""

    def __init__(self, app: Dash) -> None:
        self.app = app
        server = app.server
        # Dash's own first-request hooks (set-up and pages router), in their order.
        self.hooks = [f for f in server.before_request_funcs.get(None, [])
                      if getattr(f, "__module__", "").startswith("dash")]
        self.lock = threading.Lock()
        self.done = False

    def prepare(self) -> None:
        if self.done:
            return
        with self.lock:
            if self.done:
                return
            with self.app.server.test_request_context("/"):
                for hook in self.hooks:
                    hook()
            self.done = True


def prepare_dash(server) -> None:
    """Do Dash's set-up now (gunicorn master, tests); a no-op when already done."""
    server.extensions[READY_KEY].prepare()


class ReadyMiddleware:
    """WSGI middleware: no request reaches Dash before :meth:`DashReady.prepare` ran."""

    def __init__(self, wsgi_app, ready: DashReady) -> None:
        self.wsgi_app = wsgi_app
        self.ready = ready

    def __call__(self, environ, start_response):
        if not self.ready.done:
            self.ready.prepare()
        return self.wsgi_app(environ, start_response)
