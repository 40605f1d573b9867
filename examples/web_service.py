"""A small JSON web service over nutrigraph, with the standard library only.

Shows how to serve queries to many clients: :func:`handle` takes a request as JSON text and
returns a response as JSON text, so it can sit behind any web framework. All requests and threads
share one graph: :func:`nutrigraph.load` builds the bundled knowledge base once per process (under a
lock) and returns the same frozen, read-only graph on every call, and the queries cache their
indexes on it, so concurrent requests need no locking of their own. Bad input (malformed JSON, an
unknown action, an unknown symptom or drug, an invalid argument) becomes a 400 response whose
``error`` says what is wrong and whose ``suggestions`` map each unknown input to close matches.

Requests look like::

    {"action": "explain", "symptoms": ["fatigue", "tingling"], "drugs": ["omeprazole"], "top": 3}
    {"action": "trace", "source": "magnesium", "target": "B12", "via": ["enzyme", "metabolite"]}

Run it with::

    python examples/web_service.py            # answers sample requests and prints the JSON
    python examples/web_service.py --serve    # serves POST requests on http://127.0.0.1:8000/

and query the server with, e.g.::

    curl -s localhost:8000 -d '{"action": "explain", "symptoms": ["muscle cramps"]}'
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import networkx as nx

import nutrigraph as ng

DISCLAIMER = "Information from published sources, not a diagnosis; talk to a health professional."
SAMPLE = {"action": "explain", "symptoms": ["fatigue", "tingling", "muscle cramps"], "drugs": ["omeprazole"], "top": 2}
BAD_SAMPLE = {"action": "explain", "symptoms": ["fatige", "tingling"], "drugs": ["omeprazol"]}


class BadRequest(Exception):
    """A request the service cannot answer; becomes a 400 response."""

    def __init__(self, message: str, suggestions: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or {}


def _strings(request: dict[str, Any], field: str, *, required: bool = False) -> list[str]:
    value = request.get(field, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise BadRequest(f"{field!r} must be a string or a list of strings")
    if required and not value:
        raise BadRequest(f"{field!r} is required")
    return value


def _source(source: ng.Source) -> dict[str, str]:
    return {"key": source.key, "citation": source.citation()}


def explain(G: nx.MultiDiGraph[str], request: dict[str, Any]) -> dict[str, Any]:
    """Rank nutrient deficiencies for ``symptoms``, given optional ``drugs``, ``conditions`` and ``top``."""
    top = request.get("top", 5)
    result = ng.explain_symptoms(
        G,
        _strings(request, "symptoms", required=True),
        drugs=_strings(request, "drugs"),
        conditions=_strings(request, "conditions"),
        top=top,
    )
    return {
        "symptoms": list(result.symptoms),
        "none_probability": round(result.none_probability, 4),
        "candidates": [
            {
                "nutrient": c.nutrient,
                "name": c.name,
                "probability": round(c.probability, 4),
                "explains": [{"symptom": m.query, "sign": m.sign, "match": m.match} for m in c.explained],
                "does_not_explain": list(c.unexplained),
                "context": [f"{e.factor} {e.predicate} {c.name}" for e in c.context],
                "sources": [_source(s) for s in c.sources],
            }
            for c in result
        ],
        "disclaimer": result.disclaimer,
    }


def trace(G: nx.MultiDiGraph[str], request: dict[str, Any]) -> dict[str, Any]:
    """Ranked pathways from ``source`` to ``target``, optionally ``via`` kinds or predicates."""
    for field in ("source", "target"):
        if not isinstance(request.get(field), str):
            raise BadRequest(f"{field!r} is required and must be a string")
    via = _strings(request, "via") or None
    known = [*ng.KINDS, *ng.PREDICATES]
    unknown = {item: difflib.get_close_matches(item, known, n=3) for item in via or () if item not in known}
    if unknown:
        raise BadRequest(f"'via' must name entity kinds or predicates; unknown: {', '.join(unknown)}", unknown)
    paths = ng.trace_pathways(G, request["source"], request["target"], via=via, limit=request.get("limit", 10))
    return {
        "pathways": [
            {
                "evidence": p.evidence.value,
                "reading": p.describe(),
                "steps": [
                    {"subject": s.subject, "predicate": s.predicate, "object": s.object, "evidence": s.evidence.value}
                    for s in p.relations
                ],
            }
            for p in paths
        ],
        "disclaimer": DISCLAIMER,
    }


ACTIONS: dict[str, Callable[[nx.MultiDiGraph[str], dict[str, Any]], dict[str, Any]]] = {
    "explain": explain,
    "trace": trace,
}


def _error(message: str, suggestions: dict[str, list[str]] | None = None) -> str:
    """A 400 response: what is wrong, and close matches for each unknown input."""
    return json.dumps({"status": 400, "error": message, "suggestions": suggestions or {}}, ensure_ascii=False)


def _unknown(exc: ng.UnknownEntityError) -> dict[str, list[str]]:
    errors = exc.errors if isinstance(exc, ng.UnknownEntitiesError) else (exc,)
    return {e.text: list(e.suggestions) for e in errors}


def handle(request_json: str) -> str:
    """Answer one request given as JSON text with a response as JSON text.

    The response has ``"status": 200`` and a ``"result"``, or ``"status": 400`` (bad input), an
    ``"error"`` sentence and ``"suggestions"``, a map from each unknown input to close matches.
    Safe to call from many threads at once.
    """
    try:
        request = json.loads(request_json)
    except json.JSONDecodeError as exc:
        return _error(f"the request is not valid JSON: {exc}")
    if not isinstance(request, dict):
        return _error("the request must be a JSON object")
    action = request.get("action")
    if action not in ACTIONS:
        close = difflib.get_close_matches(str(action), ACTIONS, n=3)
        return _error(f"unknown action {action!r}; expected one of: {', '.join(ACTIONS)}", {str(action): close})
    G = ng.load()  # the same frozen graph for every request and thread
    try:
        result = ACTIONS[action](G, request)
    except BadRequest as exc:
        return _error(str(exc), exc.suggestions)
    except ng.UnknownEntityError as exc:  # also UnknownEntitiesError, which lists every unknown input
        return _error(str(exc), _unknown(exc))
    except ng.AmbiguousEntityError as exc:
        return _error(str(exc), {exc.text: [node for node, _, _ in exc.candidates]})
    except (ValueError, TypeError) as exc:  # invalid arguments, including nutrigraph's SchemaError
        return _error(str(exc))
    return json.dumps({"status": 200, "result": result}, ensure_ascii=False)


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # http.server dispatches POST requests to this name
        length = int(self.headers.get("Content-Length", 0))
        body = handle(self.rfile.read(length).decode("utf-8", errors="replace"))
        self.send_response(json.loads(body)["status"])
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.end_headers()
        self.wfile.write(body.encode("utf-8"))


def serve(host: str, port: int) -> None:
    """Serve :func:`handle` over HTTP, one thread per request, until interrupted."""
    ng.load()  # build the shared graph before the first request arrives
    with ThreadingHTTPServer((host, port), _Handler) as server:
        print(f"serving on http://{host}:{port}/ (Ctrl-C to stop)")
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()


def main() -> None:
    """Answer the sample requests, or serve with ``--serve``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--serve", action="store_true", help="run an HTTP server instead of the sample requests")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    if args.serve:
        serve(args.host, args.port)
        return

    request = json.dumps(SAMPLE)
    print(f"request:  {request}")
    response = handle(request)
    print("response:", json.dumps(json.loads(response), indent=2, ensure_ascii=False))

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = set(pool.map(handle, [request] * 16))
    print(f"\n16 concurrent requests on one shared graph: {len(answers)} distinct response(s)")

    for bad in (json.dumps(BAD_SAMPLE), '{"action": "explian"}', "{not json"):
        print(f"\nrequest:  {bad}\nresponse: {handle(bad)}")

    print(f"\n{DISCLAIMER}")


if __name__ == "__main__":
    main()
