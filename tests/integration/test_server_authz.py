"""The authorisation matrix: every endpoint x {anonymous, rep, another
rep, admin, integration token, revoked token}, each cell asserting the
exact status; then CSRF, Sec-Fetch-Site, cookie attributes, logout and
the login throttle."""

import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from srvlib import (Server, add_user, check, finish, make_token,  # noqa
                    photo, variant)

WHO = ["anon", "rep", "rep2", "admin", "integ", "revoked"]


def main(binary):
    srv = Server(binary, workers=1).start()
    try:
        run(srv)
    finally:
        srv.cleanup()
    finish()


def run(srv):
    check(add_user(srv, "rep1", "rep", "rep1-password"), "user add rep1")
    check(add_user(srv, "rep2", "rep", "rep2-password"), "user add rep2")
    check(not add_user(srv, "rep2", "rep", "x"), "user add refuses a "
          "taken name")
    r = srv.cli("user", "list")
    check(r.returncode == 0 and "rep1\trep" in r.stdout and
          "admin\tadmin" in r.stdout, "user list")
    tok = make_token(srv, "crm")
    old = make_token(srv, "old")
    r = srv.cli("token", "revoke", "old")
    check(r.returncode == 0, "token revoke")
    r = srv.cli("token", "revoke", "old")
    check(r.returncode != 0, "revoking a revoked token fails")

    adm = srv.admin()

    def clients():
        c = {"anon": srv.client(), "admin": srv.admin(),
             "integ": srv.client(token=tok),
             "revoked": srv.client(token=old)}
        c["rep"] = srv.client()
        c["rep"].login("rep1", "rep1-password")
        c["rep2"] = srv.client()
        c["rep2"].login("rep2", "rep2-password")
        return c

    cl = clients()
    r = cl["rep"].upload(photo("card2.jpg"))
    card = r.json()["cards"][0]["id"]
    done = cl["rep"].wait_card(card)
    check(done and done["status"] == "done", "rep1's card is scanned")
    lead = done["lead"]["id"]
    r = srv.cli("seed", "rep1", "--count", "4")
    leads = [x["id"] for x in adm.get("/api/leads").json()["leads"]]
    seeded = sorted(x for x in leads if x != lead)
    check(len(seeded) == 4, "four more leads for rep1")

    def fresh(lid):
        return {"If-Match": adm.get("/api/leads/%d" % lid).header("ETag")}

    n = [0]

    def up(c):
        n[0] += 1
        return c.upload(variant(photo("card2.jpg"), "m%d" % n[0]))

    check(add_user(srv, "victim", "rep", "victim-password"),
          "user add victim (for the admin pages' endpoints)")
    victim = [u["id"] for u in adm.get("/api/users").json()["users"]
              if u["name"] == "victim"][0]
    make_token(srv, "spare")
    spare = [t["id"] for t in adm.get("/api/tokens").json()["tokens"]
             if t["name"] == "spare"][0]

    r = cl["rep"].upload(variant(photo("card2.jpg"), "pair-front"))
    front = r.json()["cards"][0]["id"]
    r = cl["rep"].upload(variant(photo("card2.jpg"), "pair-back"))
    pairback = r.json()["cards"][0]["id"]

    # Duplicate handling (issue 4): a merge to undo and two proposals to
    # decide, from a real sample photo scanned three times.
    r = srv.cli("seed", "rep1", "--count", "2")
    more = [x["id"] for x in adm.get("/api/leads").json()["leads"]
            if x["id"] not in leads and x["id"] != lead]
    r = adm.request("POST", "/api/leads/%d/merge" % more[0],
                    {"other": more[1]}, headers=fresh(more[0]))
    merge_id = r.json().get("merge_id") if r.status == 200 else 0
    check(merge_id, "an admin merge to undo in the matrix (%d)" % r.status)
    props = proposals(srv, cl["rep"], adm, fresh)
    r = adm.request("POST", "/api/leads/%d/dismissals" % seeded[3],
                    {"other": more[0]})
    dismissal = r.json()["dismissal"]["id"] if r.status == 201 else 0
    check(dismissal, "a dismissal to undo in the matrix (%d)" % r.status)

    U, R, A = 401, 403, 200   # unauthenticated, refused, allowed
    matrix = [
        ("GET /api/openapi.json", lambda c: c.get("/api/openapi.json"),
         [200, 200, 200, 200, 200, 200]),
        ("GET /healthz", lambda c: c.get("/healthz"),
         [200, 200, 200, 200, 200, 200]),
        ("POST /api/session (wrong password)",
         lambda c: c.request("POST", "/api/session",
                             {"username": "nobody%d" % id(c),
                              "password": "x"}),
         [401, 401, 401, 401, 401, 401]),
        ("GET /api/session", lambda c: c.get("/api/session"),
         [U, A, A, A, R, U]),
        ("GET /api/users", lambda c: c.get("/api/users"),
         [U, R, R, A, R, U]),
        ("POST /api/cards", up, [U, 201, 201, 201, R, U]),
        ("GET /api/cards/{id}", lambda c: c.get("/api/cards/%d" % card),
         [U, A, 404, A, R, U]),
        ("GET /api/cards/{id}/image",
         lambda c: c.get("/api/cards/%d/image" % card),
         [U, A, 404, A, R, U]),
        ("GET /api/cards/{id}/crop",
         lambda c: c.get("/api/cards/%d/crop" % card),
         [U, A, 404, A, R, U]),
        ("GET /api/leads", lambda c: c.get("/api/leads"),
         [U, A, A, A, R, U]),
        ("GET /api/leads/{id}", lambda c: c.get("/api/leads/%d" % lead),
         [U, A, 404, A, R, U]),
        ("PATCH /api/leads/{id}",
         lambda c: c.request("PATCH", "/api/leads/%d" % lead,
                             {"title": "t"}, headers=fresh(lead)),
         [U, A, 404, A, R, U]),
        ("GET /api/leads/{id}/audit",
         lambda c: c.get("/api/leads/%d/audit" % lead),
         [U, A, 404, A, R, U]),
        ("POST /api/leads/{id}/approve",
         lambda c: c.request("POST", "/api/leads/%d/approve" % lead),
         [U, R, R, A, R, U]),
        ("POST /api/leads/{id}/reject",
         lambda c: c.request("POST", "/api/leads/%d/reject" % seeded[0]),
         [U, R, R, A, R, U]),
        ("POST /api/leads/{id}/merge",
         lambda c: c.request("POST", "/api/leads/%d/merge" % seeded[1],
                             {"into": lead}),
         [U, R, R, A, R, U]),
        ("DELETE /api/leads/{id}",
         lambda c: c.request("DELETE", "/api/leads/%d" % seeded[2]),
         [U, R, R, A, R, U]),
        # The web UI's endpoints (src/http/routes_ui.c).
        ("GET /api/review/queue", lambda c: c.get("/api/review/queue"),
         [U, R, R, A, R, U]),
        ("POST /api/cards/{id}/pair",
         lambda c: c.request("POST", "/api/cards/%d/pair" % pairback,
                             {"front": front}),
         [U, A, 404, A, R, U]),
        # Duplicates, merges and proposals (src/http/routes_dd.c).
        ("GET /api/leads/{id}/duplicates",
         lambda c: c.get("/api/leads/%d/duplicates" % lead),
         [U, A, 404, A, R, U]),
        ("GET /api/leads/{id}/merges",
         lambda c: c.get("/api/leads/%d/merges" % lead),
         [U, A, 404, A, R, U]),
        ("GET /api/leads/{id}/proposals",
         lambda c: c.get("/api/leads/%d/proposals" % lead),
         [U, A, 404, A, R, U]),
        ("GET /api/leads/{id}/history",
         lambda c: c.get("/api/leads/%d/history" % lead),
         [U, A, 404, A, R, U]),
        ("POST /api/merges/{id}/undo",
         lambda c: c.request("POST", "/api/merges/%d/undo" % merge_id),
         [U, R, R, A, R, U]),
        ("POST /api/leads/{id}/dismissals",
         lambda c: c.request("POST", "/api/leads/%d/dismissals" % lead,
                             {"other": seeded[3]}),
         [U, R, R, 201, R, U]),
        ("GET /api/leads/{id}/dismissals",
         lambda c: c.get("/api/leads/%d/dismissals" % lead),
         [U, A, 404, A, R, U]),
        ("POST /api/dismissals/{id}/undo",
         lambda c: c.request("POST", "/api/dismissals/%d/undo" % dismissal),
         [U, R, R, A, R, U]),
        ("POST /api/proposals/{id}/accept",
         lambda c: c.request("POST", "/api/proposals/%d/accept" %
                             props[0]),
         [U, R, R, A, R, U]),
        ("POST /api/proposals/{id}/reject",
         lambda c: c.request("POST", "/api/proposals/%d/reject" %
                             props[1]),
         [U, R, R, A, R, U]),
        ("GET /api/leads/export",
         lambda c: c.get("/api/leads/export?format=vcard"),
         [U, R, R, A, R, U]),
        ("POST /api/users",
         lambda c: c.request("POST", "/api/users",
                             {"username": "new%d" % id(c), "role": "rep",
                              "password": "new-password"}),
         [U, R, R, 201, R, U]),
        ("POST /api/users/{id}/password",
         lambda c: c.request("POST", "/api/users/%d/password" % victim,
                             {"password": "reset-password"}),
         [U, R, R, A, R, U]),
        ("POST /api/users/{id}/disable",
         lambda c: c.request("POST", "/api/users/%d/disable" % victim),
         [U, R, R, A, R, U]),
        ("GET /api/tokens", lambda c: c.get("/api/tokens"),
         [U, R, R, A, R, U]),
        ("POST /api/tokens",
         lambda c: c.request("POST", "/api/tokens",
                             {"name": "t%d" % id(c)}),
         [U, R, R, 201, R, U]),
        ("POST /api/tokens/{id}/revoke",
         lambda c: c.request("POST", "/api/tokens/%d/revoke" % spare),
         [U, R, R, A, R, U]),
        ("GET /api/export/leads", lambda c: c.get("/api/export/leads"),
         [U, R, R, A, A, U]),
        ("GET /api/cards", lambda c: c.get("/api/cards"),
         [U, A, A, A, R, U]),
        # Last: it queues rep1's card again (admins only, 202 Accepted).
        ("POST /api/cards/{id}/rescan",
         lambda c: c.request("POST", "/api/cards/%d/rescan" % card,
                             {"rotate": 90}),
         [U, R, R, 202, R, U]),
    ]
    covered = set()
    for name, call, want in matrix:
        covered.add(name.split(" (")[0])
        got = [call(cl[w]).status for w in WHO]
        check(got == want, "%-32s %s (want %s)" % (name, got, want))
    cl = clients()
    got = [cl[w].request("DELETE", "/api/session").status for w in WHO]
    check(got == [U, A, A, A, R, U], "%-32s %s" % ("DELETE /api/session", got))
    covered.add("DELETE /api/session")
    listed = set(l.strip() for l in
                 __import__("subprocess").run(
                     [srv.binary, "serve", "--print-routes"],
                     capture_output=True, text=True).stdout.splitlines())
    check(listed and listed <= covered,
          "the matrix covers every route (%s missing)"
          % sorted(listed - covered))

    # What reps see in lists.
    cl = clients()
    ids2 = [x["id"] for x in cl["rep2"].get("/api/leads").json()["leads"]]
    check(lead not in ids2, "another rep's leads are not listed")
    ids1 = [x["id"] for x in cl["rep"].get("/api/leads?uploader=rep2")
            .json()["leads"]]
    check(ids1 == [], "a rep cannot list another rep's leads by uploader")
    r = adm.get("/api/leads/999999")
    check(r.status == 404 and r.json()["error"]["code"] == "not_found",
          "a missing lead is 404 with a JSON error")

    # CSRF and cross-site.
    rep = cl["rep"]
    r = rep.request("PATCH", "/api/leads/%d" % lead, {"title": "x"},
                    headers=fresh(lead), csrf=False)
    check(r.status == 403 and r.json()["error"]["code"] == "csrf",
          "a cookie request without X-CSRF-Token is refused")
    r = rep.request("PATCH", "/api/leads/%d" % lead, {"title": "x"},
                    headers=dict(fresh(lead), **{"X-CSRF-Token": "wrong"}),
                    csrf=False)
    check(r.status == 403, "a wrong X-CSRF-Token is refused")
    r = rep.request("PATCH", "/api/leads/%d" % lead, {"title": "x"},
                    headers=dict(fresh(lead),
                                 **{"Sec-Fetch-Site": "cross-site"}))
    check(r.status == 403 and r.json()["error"]["code"] == "cross_site",
          "Sec-Fetch-Site: cross-site is refused for a state change")
    r = rep.request("GET", "/api/leads",
                    headers={"Sec-Fetch-Site": "cross-site"})
    check(r.status == 200, "... but reads are allowed")
    r = srv.client().request("POST", "/api/session",
                             {"username": "rep1",
                              "password": "rep1-password"},
                             headers={"Sec-Fetch-Site": "cross-site"})
    check(r.status == 403, "a cross-site login is refused")

    # Cookie attributes and logout.
    c = srv.client()
    r = c.login("rep1", "rep1-password")
    sc = r.header("Set-Cookie")
    check("HttpOnly" in sc and "SameSite=Strict" in sc and
          "Secure" not in sc, "session cookie is HttpOnly, SameSite=Strict "
          "(not Secure without TLS)")
    check(c.request("DELETE", "/api/session").status == 200, "logout")
    check(c.get("/api/leads").status == 401,
          "the cookie no longer works after logout")

    # Login throttle.
    add_user(srv, "victim", "rep", "victim-password")
    v = srv.client()
    codes = [v.login("victim", "wrong").status for _ in range(6)]
    check(codes[:5] == [401] * 5 and codes[5] == 429,
          "the sixth failed login in a row is throttled (%s)" % codes)
    r = v.login("victim", "victim-password")
    check(r.status == 429 and int(r.header("Retry-After") or 0) > 0,
          "while throttled even the right password waits (Retry-After)")
    check(srv.client().login("rep2", "rep2-password").status == 200,
          "other users from the same address can still log in")


def proposals(srv, rep, adm, fresh):
    """Two open proposals on one of rep1's leads: a sample card scanned,
    its title edited, and the card scanned again (twice)."""
    path = os.path.join(os.path.dirname(__file__), "..", "..", "samples",
                        "card-004-jah.jpg")
    with open(path, "rb") as f:
        data = f.read()
    out = []
    lid = None
    for i in range(3):
        r = rep.upload(variant(data, "prop%d" % i))
        done = rep.wait_card(r.json()["cards"][0]["id"], timeout=180)
        if not done or not done["lead"]:
            break
        lid = done["lead"]["id"]
        r = adm.request("PATCH", "/api/leads/%d" % lid,
                        {"title": ["課長", "係長", "主任"][i]},
                        headers=fresh(lid))
    if lid:
        out = [p["id"] for p in
               adm.get("/api/leads/%d/proposals" % lid).json()["proposals"]]
    check(len(out) == 2, "two proposals from rescans of a changed lead "
          "(%s)" % out)
    return out + [999999, 999999]


if __name__ == "__main__":
    main(sys.argv[1])
