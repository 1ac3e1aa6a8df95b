"""The server side of the web UI: static files from web/ (types, CSP,
revalidation, no way out of the directory), the review queue (oldest
first, with the count left), the export of a filtered lead list, and the
admin pages' users and tokens endpoints (add, disable, reset; create once,
revoke)."""

import csv
import io
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from srvlib import (Server, add_user, check, finish, photo,  # noqa
                    variant)


def main(binary):
    srv = Server(binary, workers=1).start()
    try:
        static(srv)
        api(srv)
    finally:
        srv.cleanup()
    finish()


def static(srv):
    c = srv.client()
    r = c.get("/")
    csp = r.header("Content-Security-Policy") or ""
    check(r.status == 200 and b'<script type="module" src="/app.js">'
          in r.body, "/ serves index.html")
    check(r.header("Content-Type") == "text/html; charset=utf-8",
          "index.html is text/html")
    check("default-src 'self'" in csp and "script-src 'self'" in csp and
          "unsafe-inline" not in csp, "a strict CSP without inline script")
    r = c.get("/app.js")
    check(r.status == 200 and r.header("Content-Type").startswith(
        "text/javascript"), "app.js is text/javascript")
    r2 = c.get("/app.js", headers={"If-None-Match": r.header("ETag")})
    check(r2.status == 304 and r2.body == b"",
          "a cached file revalidates with 304")
    check(c.get("/app.css").header("Content-Type").startswith("text/css"),
          "app.css is text/css")
    for bad in ["/../CMakeLists.txt", "/%2e%2e/CMakeLists.txt",
                "/.hidden.js", "/web/../../etc/passwd", "//etc/passwd",
                "/openapi.json/..", "/no-such-file.js", "/README.md"]:
        r = c.get(bad)
        check(r.status == 404 and r.json()["error"]["code"] == "not_found",
              "%s is 404" % bad)
    r = c.request("POST", "/index.html")
    check(r.status == 404, "POST to a static path is not served")
    total = sum(len(c.get(p).body) for p in
                ["/", "/app.js", "/i18n.js", "/app.css"])
    check(total < 150 * 1024, "first load is %d bytes (< 150 KB)" % total)


def api(srv):
    adm = srv.admin()
    check(add_user(srv, "rep1", "rep", "rep1-password"), "user add rep1")
    rep = srv.client()
    rep.login("rep1", "rep1-password")
    ids = []
    # card2.jpg reads as no contact at all, so each photo is a lead of its
    # own (three photos of card1 would be one lead: the same card again).
    for i, ev in enumerate(["Expo A", "Expo B", "Expo A"]):
        r = rep.upload(variant(photo("card2.jpg"), "ui%d" % i),
                       query="?event=" + ev.replace(" ", "%20"))
        ids.append(r.json()["cards"][0]["id"])
    leads = []
    for cid in ids:
        done = rep.wait_card(cid)
        check(done and done["status"] == "done", "card %d scanned" % cid)
        leads.append(done["lead"]["id"])

    r = adm.get("/api/review/queue")
    q = r.json()
    check(r.status == 200 and q["count"] == 3, "the queue counts 3 left")
    check([x["id"] for x in q["leads"]] == leads,
          "the queue is oldest first")
    r = adm.get("/api/review/queue?limit=1")
    check(r.json()["count"] == 3 and len(r.json()["leads"]) == 1,
          "limit pages the queue but the count stays the total")
    first = q["leads"][0]
    r = adm.request("POST", "/api/leads/%d/approve" % first["id"],
                    headers={"If-Match": '"%d"' % first["version"]})
    check(r.status == 200, "approve the oldest")
    check(adm.get("/api/review/queue").json()["count"] == 2,
          "the count drops to 2")

    r = adm.get("/api/leads/export?format=csv&profile=salesforce"
                "&event=Expo%20A")
    rows = r.body.decode().strip().split("\r\n") if b"\r\n" in r.body \
        else r.body.decode().strip().split("\n")
    check(r.status == 200 and rows[0].startswith("LastName,FirstName"),
          "the Salesforce CSV has its header row")
    check(r.body.decode().count("Expo A") == 2 and b"Expo B" not in r.body,
          "the export holds the filtered leads only (event Expo A)")
    check("leads-salesforce.csv" in r.header("Content-Disposition"),
          "it downloads as leads-salesforce.csv")
    r = adm.get("/api/leads/export?format=csv&profile=hubspot&status=new")
    rows = list(csv.reader(io.StringIO(r.body.decode())))
    check(r.status == 200 and len(rows) == 3 and "email" in rows[0],
          "HubSpot CSV of the 2 new leads, with its header row")
    r = adm.get("/api/leads/export?format=vcard&status=approved")
    check(r.status == 200 and r.body.count(b"BEGIN:VCARD") == 1 and
          r.header("Content-Type").startswith("text/vcard"),
          "vCard of the 1 approved lead")
    check(adm.get("/api/leads/export?format=pdf").status == 400,
          "an unknown format is 400")
    check(adm.get("/api/leads/export?format=csv").status == 400,
          "csv without a profile is 400")

    # Front and back: the back leaves the queue, the front carries it.
    r = rep.upload(variant(photo("card2.jpg"), "back"))
    back = r.json()["cards"][0]["id"]
    check(rep.wait_card(back)["status"] in ("done", "failed"),
          "the back is scanned")
    before = adm.get("/api/review/queue").json()["count"]
    r = rep.request("POST", "/api/cards/%d/pair" % back, {"front": ids[2]})
    check(r.status == 200 and r.json() == {"front": ids[2], "back": back},
          "a rep marks a photo as the back of another")
    q = adm.get("/api/review/queue").json()
    fronts = [x for x in q["leads"] if x["card_id"] == ids[2]]
    check(q["count"] == before - 1 or before == 2,
          "the back is no card of its own in the queue (%d -> %d)"
          % (before, q["count"]))
    check(fronts and fronts[0].get("back_card_id") == back,
          "the front carries back_card_id")
    check(rep.request("POST", "/api/cards/%d/pair" % ids[2],
                      {"front": ids[2]}).status == 400,
          "a card cannot be its own back")
    check(rep.request("POST", "/api/cards/%d/pair" % ids[2],
                      {"front": back}).status == 400,
          "a back cannot become a front")
    rep2 = srv.client()
    add_user(srv, "rep2", "rep", "rep2-password")
    rep2.login("rep2", "rep2-password")
    check(rep2.request("POST", "/api/cards/%d/pair" % back,
                       {"front": ids[1]}).status == 404,
          "another rep cannot pair my cards")

    # Users: add, disable (logs out, refuses login), reset (enables).
    r = adm.request("POST", "/api/users", {"username": "kato",
                                           "password": "kato-password",
                                           "role": "rep"})
    check(r.status == 201 and r.json()["user"]["role"] == "rep",
          "an admin adds a rep over HTTP")
    kid = r.json()["user"]["id"]
    check(adm.request("POST", "/api/users", {
        "username": "kato", "password": "kato-password",
        "role": "rep"}).status == 409, "a taken name is 409")
    check(adm.request("POST", "/api/users", {
        "username": "x y", "password": "long-enough",
        "role": "rep"}).status == 400, "a bad name is 400")
    check(adm.request("POST", "/api/users", {
        "username": "shorty", "password": "short",
        "role": "rep"}).status == 400, "a short password is 400")
    check(adm.request("POST", "/api/users", {
        "username": "boss2", "password": "long-enough",
        "role": "integration"}).status == 400, "role is rep or admin")
    kato = srv.client()
    check(kato.login("kato", "kato-password").status == 200,
          "the new rep logs in")
    r = adm.request("POST", "/api/users/%d/disable" % kid)
    check(r.status == 200 and r.json()["user"]["disabled"] is True,
          "an admin disables the rep")
    check(kato.get("/api/session").status == 401,
          "disabling ends the rep's session")
    check(srv.client().login("kato", "kato-password").status == 401,
          "a disabled rep cannot log in")
    users = {u["name"]: u for u in adm.get("/api/users").json()["users"]}
    check(users["kato"]["disabled"] is True and
          users["rep1"]["disabled"] is False,
          "the user list says who is disabled")
    me = users["admin"]["id"]
    check(adm.request("POST", "/api/users/%d/disable" % me).status == 409,
          "an admin cannot disable their own account")
    r = adm.request("POST", "/api/users/%d/password" % kid,
                    {"password": "new-kato-password"})
    check(r.status == 200, "an admin resets the password")
    check(srv.client().login("kato", "new-kato-password").status == 200,
          "the reset password works and enables the account")
    check(srv.client().login("kato", "kato-password").status == 401,
          "the old password does not")
    check(adm.request("POST", "/api/users/999999/password",
                      {"password": "whatever-long"}).status == 404,
          "resetting an unknown user is 404")

    # Tokens: created once, read the feed, revoked.
    r = adm.request("POST", "/api/tokens", {"name": "salesforce"})
    check(r.status == 201 and r.json()["token"].startswith("mst_"),
          "an admin creates a token; it is in the answer")
    tok = r.json()["token"]
    lst = adm.get("/api/tokens").json()["tokens"]
    check(all("token" not in t for t in lst) and
          any(t["name"] == "salesforce" for t in lst),
          "the token list never shows a token again")
    check(adm.request("POST", "/api/tokens",
                      {"name": "salesforce"}).status == 409,
          "a live token name is taken")
    feed = srv.client(token=tok)
    check(feed.get("/api/export/leads").status == 200,
          "the token reads the feed")
    check(feed.get("/api/review/queue").status == 403,
          "and nothing else")
    tid = [t["id"] for t in lst if t["name"] == "salesforce"][0]
    check(adm.request("POST", "/api/tokens/%d/revoke" % tid).status == 200,
          "an admin revokes it")
    check(feed.get("/api/export/leads").status == 401,
          "a revoked token is refused")
    check(adm.request("POST", "/api/tokens/%d/revoke" % tid).status == 404,
          "revoking it again is 404")


if __name__ == "__main__":
    main(sys.argv[1])
