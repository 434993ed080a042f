"""Dash's callback endpoint under bad input: 400 JSON, never a 500 HTML page.

``POST /_dash-update-component`` is checked before Dash dispatches it: the body must be
the envelope the Dash renderer sends (``output``, ``outputs``, ``inputs``, ``state``,
``changedPropIds``), naming a registered callback, with as many inputs and states as it
declares, each ``{"id", "property", "value"}`` on the declared component. A callback that
raises because a value has the wrong type (``TypeError``, ``ValueError``, ``LookupError``,
``AttributeError``) answers 400 and the traceback is logged; a :class:`OneMapError` keeps
its status; anything else is a 500, as JSON.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from dash import Dash
from dash.exceptions import PreventUpdate
from flask import request
from werkzeug.exceptions import BadRequest, HTTPException

from core.errors import OneMapError
from core.web.errors import json_error

log = logging.getLogger("onemap.callbacks")

DISPATCH = "/_dash-update-component"
CLIENT_ERRORS = (TypeError, ValueError, LookupError, AttributeError)


class Envelope(BadRequest):
    """The callback request body is not what the Dash renderer sends."""


def _is_pattern(component_id: Any) -> bool:
    return isinstance(component_id, str) and component_id.startswith("{")


def _wildcard(component_id: str) -> str | None:
    """``ALL``/``ALLSMALLER``/``MATCH`` of a declared pattern id, ``None`` if none."""
    values = json.loads(component_id).values()
    for value in values:
        if isinstance(value, list) and value:
            return value[0]
    return None


def _check_prop(item: Any, declared: dict, where: str, *, pattern: bool) -> None:
    if not isinstance(item, dict) or not isinstance(item.get("property"), str):
        raise Envelope(f"{where}: expected an object with 'id' and 'property'")
    # an ``allow_duplicate`` output is named ``prop@<hash>`` by the renderer
    if item["property"].split("@", 1)[0] != declared["property"]:
        raise Envelope(f"{where}: property {item['property']!r} is not "
                       f"{declared['property']!r}")
    if pattern:
        if not isinstance(item.get("id"), dict):
            raise Envelope(f"{where}: a pattern-matching id must be an object")
    elif item.get("id") != declared["id"]:
        raise Envelope(f"{where}: unknown component id {item.get('id')!r}")


def _check_item(item: Any, declared: dict, where: str) -> None:
    if not _is_pattern(declared["id"]):
        _check_prop(item, declared, where, pattern=False)
        return
    if _wildcard(declared["id"]) in ("ALL", "ALLSMALLER"):
        if not isinstance(item, list):
            raise Envelope(f"{where}: expected a list for a pattern-matching id")
        for n, sub in enumerate(item):
            _check_prop(sub, declared, f"{where}[{n}]", pattern=True)
    else:
        _check_prop(item, declared, where, pattern=True)


def _check_list(body: dict, key: str, declared: list[dict]) -> None:
    items = body.get(key, [])
    if not isinstance(items, list):
        raise Envelope(f"'{key}' must be a list")
    if len(items) != len(declared):
        raise Envelope(f"'{key}' has {len(items)} entries, the callback takes {len(declared)}")
    for n, (item, spec) in enumerate(zip(items, declared, strict=True)):
        _check_item(item, spec, f"{key}[{n}]")


def _declared_outputs(callback: dict) -> list[dict]:
    outputs = callback.get("output")
    outputs = outputs if isinstance(outputs, list | tuple) else [outputs]
    return [{"id": o.component_id_str(), "property": o.component_property}
            for o in outputs if o is not None]


def check_envelope(body: Any, callback_map: dict) -> dict:
    """Raise :class:`Envelope` (400) unless ``body`` is a well-formed callback request;
    return the registered callback it names."""
    if not isinstance(body, dict):
        raise Envelope("the body must be a JSON object")
    output = body.get("output")
    if not isinstance(output, str):
        raise Envelope("'output' must be a string")
    callback = callback_map.get(output)
    if callback is None:
        raise Envelope(f"no callback for output {output[:200]!r}")
    _check_list(body, "inputs", callback["inputs"])
    _check_list(body, "state", callback["state"])
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        raise Envelope("'changedPropIds' must be a list of strings")
    if not callback.get("no_output"):
        declared = _declared_outputs(callback)
        outputs = body.get("outputs")
        if not isinstance(callback.get("output"), list | tuple):
            outputs = [outputs]  # a single output is sent bare (a list of matches for ALL)
        if not isinstance(outputs, list) or len(outputs) != len(declared):
            raise Envelope(f"'outputs' must list the callback's {len(declared)} outputs")
        for n, (item, spec) in enumerate(zip(outputs, declared, strict=True)):
            _check_item(item, spec, f"outputs[{n}]")
    return callback


def guard_dispatch(view: Callable, callback_map: dict) -> Callable:
    """Wrap Dash's dispatch view: check the envelope, map callback errors to statuses."""

    def dispatch(*args, **kwargs):
        body = request.get_json(silent=True, force=True)
        check_envelope(body, callback_map)
        try:
            return view(*args, **kwargs)
        except (PreventUpdate, HTTPException):
            raise
        except OneMapError as exc:
            return json_error(exc)
        except CLIENT_ERRORS as exc:
            log.warning("callback %s refused its input: %s: %s", body["output"][:200],
                        type(exc).__name__, exc, exc_info=exc)
            return json_error(BadRequest(f"invalid callback input ({type(exc).__name__})"))

    dispatch.__name__ = getattr(view, "__name__", "dispatch")
    return dispatch


def install_callback_guard(app: Dash) -> None:
    server = app.server
    endpoint = app.config.routes_pathname_prefix + DISPATCH.lstrip("/")
    server.view_functions[endpoint] = guard_dispatch(server.view_functions[endpoint],
                                                     app.callback_map)
