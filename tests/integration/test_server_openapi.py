"""Every route the server has (from `meishi serve --print-routes`, which
prints the routing table) is described in web/openapi.json, every
described operation exists, and the server serves that same document at
/api/openapi.json."""

import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from srvlib import SRC, Server, check, finish  # noqa


def main(binary):
    out = subprocess.run([binary, "serve", "--print-routes"],
                         capture_output=True, text=True, check=True).stdout
    routes = set()
    for line in out.splitlines():
        method, path = line.split()
        routes.add((method.lower(), path))
    check(len(routes) >= 15, "the server lists its routes (%d)" % len(routes))
    with open(os.path.join(SRC, "web", "openapi.json"), "rb") as f:
        raw = f.read()
    doc = json.loads(raw)
    check(doc.get("openapi", "").startswith("3.1"), "OpenAPI 3.1")
    described = set()
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            described.add((method, path))
            check(op.get("description") and op.get("responses"),
                  "%s %s has a description and responses"
                  % (method.upper(), path))
    check(routes - described == set(),
          "every route is described (missing: %s)"
          % sorted(routes - described))
    check(described - routes == set(),
          "every described operation exists (extra: %s)"
          % sorted(described - routes))
    refs = set()

    def walk(o):
        if isinstance(o, dict):
            for k, v in o.items():
                if k == "$ref":
                    refs.add(v)
                walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)
    walk(doc)
    bad = []
    for r in refs:
        node = doc
        for part in r.lstrip("#/").split("/"):
            node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            bad.append(r)
    check(not bad, "every $ref resolves (%s)" % bad)

    srv = Server(binary, workers=0).start()
    try:
        r = srv.client().get("/api/openapi.json")
        check(r.status == 200 and r.body == raw,
              "GET /api/openapi.json serves web/openapi.json")
        r = srv.client().get("/no/such/route")
        check(r.status == 404, "unknown routes are 404")
    finally:
        srv.cleanup()
    finish()


if __name__ == "__main__":
    main(sys.argv[1])
