""""Not a duplicate" (issue 4), through HTTP: an admin dismisses a pair of
leads flagged as possibly the same person. The pair leaves GET
.../duplicates and the possible_duplicates count of the lead list, is
audited on both leads with who, stays gone when a later scan of the same
person comes in (attached to a lead, or made a lead of its own and merged
back), and can be undone, which brings the flag back and keeps the row.

Two leads are imported from what `meishi scan` reads on a sample photo
(the second with other contacts, so a possible duplicate); the later scans
are real uploads of that photo."""

import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from srvlib import (KEYS, SRC, Server, add_user, check, finish,  # noqa
                    sample, scan, variant)

CARD = "card-004-jah.jpg"


def upload(c, tag):
    r = c.upload(variant(sample(CARD), tag))
    cid = r.json()["cards"][0]["id"]
    return c.wait_card(cid, timeout=240)


def main(binary):
    if not os.path.exists(os.path.join(SRC, "samples", CARD)):
        print("skip: samples/ is absent")
        return
    srv = Server(binary, workers=1).start()
    try:
        run(srv)
    finally:
        srv.cleanup()
    finish()


def import_rows(srv, rows):
    fd, path = tempfile.mkstemp(suffix=".csv")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(KEYS) + "\r\n")
        for row in rows:
            f.write(",".join('"%s"' % (row.get(k) or "") for k in KEYS)
                    + "\r\n")
    r = srv.cli("import", path, "--profile", "meishi", "--owner", "admin")
    os.unlink(path)
    return r


def run(srv):
    adm = srv.admin()
    truth = scan(srv.binary, CARD)
    check(truth.get("name") and truth.get("email") and truth.get("company"),
          "%s scans to a name, an email and a company" % CARD)
    other = dict(truth, email="someone.else@example.org",
                 phone="011-222-3333", mobile="", fax="")
    r = import_rows(srv, [truth, other])
    check(r.returncode == 0 and "1 flagged" in r.stdout,
          "the second row is imported and flagged as a possible duplicate "
          "(%s)" % r.stdout.strip().replace("\n", " | "))
    name = truth["name"]

    def ids(lid, who=adm):
        r = who.get("/api/leads/%d/duplicates" % lid)
        return [c["lead"]["id"] for c in r.json()["candidates"]]

    def flags():
        ls = adm.get("/api/leads?limit=500").json()["leads"]
        return {l["id"]: l.get("possible_duplicates") for l in ls}

    by_email = {l["fields"]["email"]: l["id"] for l in
                adm.get("/api/leads?limit=500").json()["leads"]}
    a, b = by_email.get(truth["email"]), by_email.get(other["email"])
    check(a and b, "two leads: %s" % by_email)
    check(a in ids(b) and b in ids(a),
          "each is the other's possible duplicate")
    f = flags()
    check(f.get(a) == 1 and f.get(b) == 1,
          "the list flags both as possible duplicates (%s)" % f)

    # Who may dismiss, and what is refused.
    check(add_user(srv, "rep1", "rep", "rep1-password"), "user add rep1")
    rep = srv.client()
    rep.login("rep1", "rep1-password")
    r = rep.request("POST", "/api/leads/%d/dismissals" % b, {"other": a})
    check(r.status == 403, "a rep cannot dismiss (%d)" % r.status)
    for body, want in (({}, 400), ({"other": "x"}, 400), ({"other": b}, 400),
                       ({"other": 999999}, 400)):
        r = adm.request("POST", "/api/leads/%d/dismissals" % b, body)
        check(r.status == want, "dismiss %s gives %d (%d)"
              % (json.dumps(body), want, r.status))
    r = adm.request("POST", "/api/leads/999999/dismissals", {"other": a})
    check(r.status == 404, "dismissing for an unknown lead gives 404")

    # Dismiss.
    r = adm.request("POST", "/api/leads/%d/dismissals" % b, {"other": a})
    check(r.status == 201, "an admin dismisses the pair (%d %s)"
          % (r.status, r.body[:200]))
    d1 = r.json()["dismissal"]
    check(d1["lead"] == b and d1["other"] == a and d1["user"] == "admin"
          and d1["at"] and d1["undone_at"] is None,
          "the dismissal says who and when (%s)" % d1)
    r = adm.request("POST", "/api/leads/%d/dismissals" % a, {"other": b})
    check(r.status == 409, "the same pair twice gives 409 (%d)" % r.status)
    check(a not in ids(b) and b not in ids(a),
          "the pair left GET duplicates, both ways")
    f = flags()
    check(f.get(a) == 0 and f.get(b) == 0,
          "the list flags neither any more (%s)" % f)
    for lid, oid in ((a, b), (b, a)):
        au = adm.get("/api/leads/%d/audit" % lid).json()["audit"]
        check(any(x["field"] == "not_duplicate" and x["user"] == "admin"
                  and "lead %d" % oid in x["to"] and x["at"] for x in au),
              "lead %d's audit trail has the dismissal by admin" % lid)
    dl = adm.get("/api/leads/%d/dismissals" % a).json()["dismissals"]
    check([(x["id"], x["lead"], x["other"]) for x in dl] ==
          [(d1["id"], a, b)], "GET dismissals lists it from either end")

    # A later scan of the same person joins a lead: the pair stays apart.
    n0 = len(flags())
    d = upload(adm, "later")
    check(d["lead"] and d["lead"]["id"] in (a, b) and
          d["dedupe"] in ("same_card", "changed"),
          "a later scan of the person joins a lead (%s, lead %s)"
          % (d["dedupe"], d["lead"] and d["lead"]["id"]))
    f = flags()
    check(len(f) == n0 and f.get(a) == 0 and f.get(b) == 0,
          "no new lead and no flag after the later scan (%s)" % f)
    check(a not in ids(b) and b not in ids(a),
          "nor in GET duplicates")

    # Undo: the row stays, closed; the pair is flagged again.
    r = adm.request("POST", "/api/dismissals/%d/undo" % d1["id"])
    check(r.status == 200 and r.json()["dismissal"]["undone_by"] ==
          "admin" and r.json()["dismissal"]["undone_at"],
          "undo answers the closed dismissal (%d)" % r.status)
    r = adm.request("POST", "/api/dismissals/%d/undo" % d1["id"])
    check(r.status == 409, "a dismissal is undone once (409 again)")
    check(adm.request("POST", "/api/dismissals/999999/undo").status == 404,
          "undoing an unknown dismissal gives 404")
    check(rep.request("POST", "/api/dismissals/%d/undo" % d1["id"]).status
          == 403, "a rep cannot undo")
    check(a in ids(b) and b in ids(a), "undone, the pair is offered again")
    f = flags()
    check(f.get(a) == 1 and f.get(b) == 1, "and flagged again (%s)" % f)
    au = adm.get("/api/leads/%d/audit" % a).json()["audit"]
    check(any(x["field"] == "not_duplicate" and x["to"] == "" and
              "lead %d" % b in x["from"] for x in au),
          "the undo is in the audit trail")

    # Dismissed again; a rep's scan of the person makes a lead of its
    # own, flagged; merged with the dismissed lead, the pair stays apart.
    r = adm.request("POST", "/api/leads/%d/dismissals" % a, {"other": b})
    check(r.status == 201, "dismissed again")
    d2 = r.json()["dismissal"]
    dl = adm.get("/api/leads/%d/dismissals" % b).json()["dismissals"]
    check([x["id"] for x in dl] == [d1["id"], d2["id"]] and
          dl[0]["undone_at"] and dl[1]["undone_at"] is None,
          "the undone dismissal is kept beside the new one")
    d = upload(rep, "rep")
    c = d["lead"]["id"] if d["lead"] else 0
    check(c not in (0, a, b) and d["dedupe"] == "possible",
          "the rep's scan makes a lead of the rep's, flagged (%s)"
          % d["dedupe"])
    check(a in ids(c) and b in ids(c),
          "the new lead's duplicates are both leads (%s)" % ids(c))
    r = adm.request("POST", "/api/leads/%d/merge" % c, {"other": b},
                    headers={"If-Match": adm.get("/api/leads/%d" % c)
                             .header("ETag")})
    check(r.status == 200, "the admin merges the dismissed lead into the "
          "rep's (%d)" % r.status)
    check(a not in ids(c) and c not in ids(a),
          "the survivor and the other person are not offered as a pair "
          "(%s / %s)" % (ids(c), ids(a)))
    f = flags()
    check(f.get(a) == 0 and f.get(c) == 0,
          "nor flagged in the list (%s)" % f)
    check(rep.get("/api/leads?limit=500").json()["leads"][0]
          .get("possible_duplicates") == 0,
          "a rep's list counts only the rep's own leads")
    print("name: %s" % name)


if __name__ == "__main__":
    main(sys.argv[1])
