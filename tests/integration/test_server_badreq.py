"""Malformed and hostile requests: bad multipart, invalid JSON, invalid
UTF-8, a huge header, oversized bodies (declared and chunked), files that
are not images or are damaged, odd paths. Each gets a clear status and a
JSON error, the server keeps serving, and the database stays intact."""

import json
import os
import socket
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(__file__))
from srvlib import Server, check, finish, multipart, photo, variant  # noqa

MAX_BODY = 300000


def main(binary):
    srv = Server(binary, workers=1,
                 extra=["--max-body", str(MAX_BODY)]).start()
    try:
        run(srv)
    finally:
        srv.cleanup()
    finish()


def raw(port, data, read=65536):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    try:
        s.sendall(data)
        out = b""
        while len(out) < read:
            try:
                chunk = s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            out += chunk
        return out
    except (BrokenPipeError, ConnectionResetError):
        return b""
    finally:
        s.close()


def err(r):
    try:
        e = r.json()["error"]
        return e["code"] if e.get("message") else None
    except Exception:
        return None


def run(srv):
    adm = srv.admin()
    alive = lambda: srv.client().get("/healthz").status == 200  # noqa

    # Multipart.
    r = adm.request("POST", "/api/cards", b"--x\r\n",
                    {"Content-Type": "multipart/form-data"})
    check(r.status == 400 and err(r) == "bad_multipart",
          "multipart without a boundary: 400 bad_multipart (%d)" % r.status)
    r = adm.request("POST", "/api/cards", b"this is not multipart",
                    {"Content-Type": "multipart/form-data; boundary=zz"})
    check(r.status == 400 and err(r) in ("bad_multipart", "no_photo"),
          "garbage multipart body: 400 (%d %s)" % (r.status, err(r)))
    body, ct = multipart([("a.jpg", photo("card2.jpg"))])
    r = adm.request("POST", "/api/cards", body[:len(body) // 2],
                    {"Content-Type": ct})
    check(r.status in (400, 422) and err(r),
          "truncated multipart body: %d %s" % (r.status, err(r)))
    body, ct = multipart([("notes.txt", b"hello, not a photo")])
    r = adm.request("POST", "/api/cards", body, {"Content-Type": ct})
    check(r.status == 415 and err(r) == "unsupported_format",
          "multipart with a text file: 415")
    body, ct = multipart([("p%d.jpg" % i, b"\xff\xd8\xff" + bytes([i]) * 50)
                          for i in range(21)])
    r = adm.request("POST", "/api/cards", body, {"Content-Type": ct})
    check(r.status == 413, "21 files (limit 20): 413 (%d)" % r.status)
    body, ct = multipart([("ok.jpg", variant(photo("card2.jpg"), "mix")),
                          ("bad.txt", b"nope")])
    r = adm.request("POST", "/api/cards", body, {"Content-Type": ct})
    cards = r.json().get("cards", [])
    check(r.status == 201 and len(cards) == 2 and "id" in cards[0] and
          cards[1]["error"]["code"] == "unsupported_format",
          "a good and a bad photo: 201, the bad one reported per file")

    # Raw bodies.
    r = adm.upload(b"GIF89a....", ctype="image/gif")
    check(r.status == 415, "a GIF is refused with 415")
    r = adm.upload(b"{}", ctype="application/json")
    check(r.status == 415 and err(r) == "unsupported_media_type",
          "an upload that is not image/* or multipart: 415")
    r = adm.upload(b"")
    check(r.status == 400 or r.status == 422,
          "an empty image body: %d %s" % (r.status, err(r)))
    half = photo("card2.jpg")
    half = half[:len(half) // 2]
    r = adm.upload(half)
    if r.status == 201:
        st = adm.wait_card(r.json()["cards"][0]["id"])
        check(st and st["status"] == "failed" and st["error"],
              "a half JPEG is stored, then fails with a reason: %s"
              % (st and st["error"]))
    else:
        check(r.status == 422, "a half JPEG is refused (%d)" % r.status)
    r = adm.upload(b"\xff\xd8\xff\xe0garbage")
    if r.status == 201:
        st = adm.wait_card(r.json()["cards"][0]["id"])
        check(st and st["status"] == "failed" and st["error"],
              "a JPEG with a broken header fails its scan with a reason: %s"
              % (st and st["error"]))
    else:
        check(r.status in (415, 422), "a JPEG with a broken header: %d"
              % r.status)

    # Sizes.
    out = raw(srv.port, b"POST /api/cards HTTP/1.1\r\nHost: x\r\n"
              b"Cookie: " + adm.cookie.encode() + b"\r\n"
              b"X-CSRF-Token: " + adm.csrf.encode() + b"\r\n"
              b"Content-Type: image/jpeg\r\n"
              b"Content-Length: %d\r\n\r\n" % (MAX_BODY + 1))
    check(out.startswith(b"HTTP/1.1 413") and b"too_big" in out,
          "a declared body over --max-body: 413 before the body is sent")
    chunked = (b"POST /api/cards HTTP/1.1\r\nHost: x\r\n"
               b"Cookie: " + adm.cookie.encode() + b"\r\n"
               b"X-CSRF-Token: " + adm.csrf.encode() + b"\r\n"
               b"Content-Type: image/jpeg\r\n"
               b"Transfer-Encoding: chunked\r\n\r\n")
    chunk = b"\xff" * 65536
    for _ in range(MAX_BODY // 65536 + 2):
        chunked += b"10000\r\n" + chunk + b"\r\n"
    chunked += b"0\r\n\r\n"
    out = raw(srv.port, chunked)
    check(out.startswith(b"HTTP/1.1 413"),
          "a chunked body over --max-body is cut off with 413 (%r)"
          % out[:20])
    r = adm.request("POST", "/api/session",
                    b'{"username":"' + b"a" * 70000 + b'"}',
                    {"Content-Type": "application/json"})
    check(r.status == 413, "a JSON body over 64 KiB: 413")
    out = raw(srv.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Junk: " +
              b"a" * 200000 + b"\r\n\r\n")
    check(out[:12] in (b"HTTP/1.1 431", b"HTTP/1.1 413") or out == b"",
          "a 200 kB header is refused (%r)" % out[:12])
    check(alive(), "the server still answers after the huge header")

    # JSON and UTF-8.
    r = adm.request("POST", "/api/session", b"{not json",
                    {"Content-Type": "application/json"})
    check(r.status == 400 and err(r) == "invalid_json",
          "invalid JSON: 400 invalid_json")
    r = adm.request("POST", "/api/session", b'{"username":"\xff\xfe",'
                    b'"password":"x"}', {"Content-Type": "application/json"})
    check(r.status == 400 and err(r) == "invalid_utf8",
          "invalid UTF-8 in JSON: 400 invalid_utf8")
    r = adm.request("POST", "/api/session", b"[1,2]",
                    {"Content-Type": "application/json"})
    check(r.status == 400, "a JSON array where an object is due: 400")
    r = adm.request("POST", "/api/session",
                    b'{"username":"a","username":"b","password":"x"}',
                    {"Content-Type": "application/json"})
    check(r.status == 400, "duplicate JSON keys: 400")
    r = adm.get("/api/leads?q=%FF%FE")
    check(r.status == 400 and err(r) == "invalid_utf8",
          "invalid UTF-8 in a query parameter: 400")
    r = adm.get("/api/leads?limit=0")
    check(r.status == 400, "limit=0: 400")
    r = adm.get("/api/leads?created_from=yesterday")
    check(r.status == 400, "a bad date: 400")
    r = adm.get("/api/export/leads?format=xml")
    check(r.status == 400, "an unknown export format: 400")
    r = adm.get("/api/export/leads?format=csv")
    check(r.status == 400, "CSV without a profile: 400")
    r = adm.upload(variant(photo("card2.jpg"), "ev"),
                   query="?event=%FF")
    check(r.status == 400, "an event that is not UTF-8: 400")

    # Paths and methods.
    for p in ("/api/leads/0", "/api/leads/abc", "/api/leads/1x",
              "/api/leads/99999999999999999999", "/api/nope",
              "/api/cards/1/../../../etc/passwd", "/no-such-page",
              "/../etc/passwd"):
        r = adm.get(p)
        check(r.status == 404 and err(r) == "not_found", "GET %s: 404" % p)
    r = adm.request("PUT", "/api/leads")
    check(r.status == 405 and "GET" in (r.header("Allow") or ""),
          "a wrong method: 405 with Allow")
    out = raw(srv.port, b"GARBAGE\r\n\r\n")
    check(out.startswith(b"HTTP/1.1 400") or out == b"",
          "a request line that is not HTTP: 400 (%r)" % out[:12])
    out = raw(srv.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n"
              b"Content-Length: -5\r\n\r\n")
    check(out.startswith(b"HTTP/1.1 400") or out == b"",
          "a negative Content-Length: 400 (%r)" % out[:12])

    check(alive(), "the server is still serving")
    db = sqlite3.connect(os.path.join(srv.data, "meishi.db"))
    ok = db.execute("PRAGMA integrity_check").fetchone()[0]
    db.close()
    check(ok == "ok", "the database is intact")


if __name__ == "__main__":
    main(sys.argv[1])
