"""The human page of an API (``service-doc``), rendered on the server from its OpenAPI
document: plain HTML with one local stylesheet, no script and no inline style, so it
loads offline and under a strict Content-Security-Policy.

Shared by ``/ogc/api.html`` and the whole app's ``/api/docs``: any method, request body
and ``x-permission`` extension is shown."""

from __future__ import annotations

from html import escape
from typing import Any


def _resolve(document: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    """Follow a local ``$ref`` (``#/components/...``)."""
    while "$ref" in item:
        node: Any = document
        for part in item["$ref"].lstrip("#/").split("/"):
            node = node[part]
        item = node
    return item


def _schema_text(document: dict[str, Any], schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    kind = schema.get("type", "")
    if kind == "array":
        kind = f"{_schema_text(document, schema.get('items', {}))}[]"
    bounds = [f"{key} {schema[key]}" for key in ("minimum", "maximum", "default")
              if key in schema]
    if "enum" in schema:
        bounds.insert(0, "one of " + ", ".join(map(str, schema["enum"])))
    return kind + (f" ({'; '.join(bounds)})" if bounds else "")


def _parameters(document: dict[str, Any], parameters: list[dict[str, Any]]) -> str:
    if not parameters:
        return ""
    rows = []
    for raw in parameters:
        p = _resolve(document, raw)
        rows.append(
            f"<tr><td><code>{escape(p['name'])}</code></td><td>{escape(p['in'])}</td>"
            f"<td>{escape(_schema_text(document, p.get('schema', {})))}</td>"
            f"<td>{escape(p.get('description', ''))}</td></tr>")
    return ("<table><thead><tr><th>Parameter</th><th>In</th><th>Type</th>"
            "<th>Description</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def _responses(document: dict[str, Any], responses: dict[str, Any]) -> str:
    items = []
    for status, raw in responses.items():
        r = _resolve(document, raw)
        media = ", ".join(
            f"{escape(mt)} ({escape(_schema_text(document, body.get('schema', {})))})"
            for mt, body in r.get("content", {}).items())
        items.append(f"<li><code>{escape(status)}</code> {escape(r.get('description', ''))}"
                     f" <span class=\"media\">{media}</span></li>")
    return "<ul class=\"responses\">" + "".join(items) + "</ul>"


def _anchor(text: str) -> str:
    return "op-" + "".join(c if c.isalnum() else "-" for c in text)


METHODS = ("get", "post", "put", "patch", "delete")


def _request_body(document: dict[str, Any], operation: dict[str, Any]) -> str:
    if "requestBody" not in operation:
        return ""
    body = _resolve(document, operation["requestBody"])
    items = []
    for media, content in body.get("content", {}).items():
        schema = content.get("schema", {})
        resolved = _resolve(document, schema)
        required = set(resolved.get("required", []))
        fields = ", ".join(
            f"<code>{escape(name)}</code>{'*' if name in required else ''}: "
            f"{escape(_schema_text(document, prop))}"
            for name, prop in resolved.get("properties", {}).items())
        items.append(f"<li>{escape(media)} ({escape(_schema_text(document, schema))})"
                     f"{' — ' + fields if fields else ''}</li>")
    return ("<p>Request body (* required):</p><ul class=\"responses\">" + "".join(items)
            + "</ul>")


def _operation_html(document: dict[str, Any], method: str, path: str,
                    op: dict[str, Any]) -> str:
    permission = op.get("x-permission")
    who = (f"<p>Permission: <code>{escape(permission)}</code></p>" if permission else "")
    return (f"<article class=\"operation\" id=\"{_anchor(op['operationId'])}\">"
            f"<h3><span class=\"method\">{escape(method.upper())}</span> "
            f"<code>{escape(path)}</code></h3>"
            f"<p>{escape(op.get('summary', ''))}</p>{who}"
            f"{_parameters(document, op.get('parameters', []))}"
            f"{_request_body(document, op)}"
            f"{_responses(document, op['responses'])}</article>")


def render_api_html(document: dict[str, Any], stylesheet: str, api_href: str) -> str:
    """The API documentation page; ``stylesheet`` and ``api_href`` are URLs of the
    stylesheet and of the JSON document. Operations are grouped by their first tag, in
    the order of the document's ``tags``."""
    info = document["info"]
    by_tag: dict[str, list[str]] = {tag["name"]: [] for tag in document.get("tags", [])}
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                operation = item[method]
                by_tag.setdefault(operation["tags"][0], []).append(
                    _operation_html(document, method, path, operation))
    descriptions = {tag["name"]: tag.get("description", "") for tag in document["tags"]}
    toc, sections = [], []
    for tag, operations in by_tag.items():
        if not operations:
            continue
        toc.append(f"<li><a href=\"#{_anchor(tag)}\">{escape(tag)}</a> "
                   f"{escape(descriptions.get(tag, ''))}</li>")
        sections.append(f"<section id=\"{_anchor(tag)}\"><h2>{escape(tag)}</h2>"
                        f"<p>{escape(descriptions.get(tag, ''))}</p>{''.join(operations)}"
                        "</section>")
    servers = ", ".join(escape(s["url"]) for s in document.get("servers", []))
    return (
        "<!DOCTYPE html><html lang=\"zh\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(info['title'])}</title>"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<link rel=\"stylesheet\" href=\"{escape(stylesheet)}\"></head><body>"
        f"<header><h1>{escape(info['title'])}</h1><p>{escape(info.get('description', ''))}"
        f"</p><p>OpenAPI {escape(document['openapi'])} · version "
        f"{escape(info['version'])} · server {servers} · "
        f"<a href=\"{escape(api_href)}\">JSON</a></p></header>"
        f"<nav><ul>{''.join(toc)}</ul></nav><main>{''.join(sections)}</main>"
        "</body></html>")
