"""The lead service end to end: upload (raw, multipart, duplicate,
Idempotency-Key), background scan, card and image endpoints, edits with
If-Match and the audit trail, approval, search (including a 2-character
Japanese name), and the export feed in JSON, Salesforce CSV, HubSpot CSV
and vCard, with re-export on change, tombstones, cursor errors and a
pull that runs while other clients write."""

import csv
import io
import json
import os
import subprocess
import random
import sys
import threading
import time

sys.path.insert(0, __import__("os").path.dirname(__file__))
from srvlib import (SRC, Server, add_user, check, finish, make_token,  # noqa
                    photo, variant)


def main(binary):
    srv = Server(binary, workers=2).start()
    try:
        run(srv)
    finally:
        srv.cleanup()
    finish()


def run(srv):
    check(srv.password is not None, "first start prints the admin password")
    adm = srv.admin()
    check(adm.csrf is not None, "admin logs in and gets a csrf_token")
    r = adm.get("/api/session")
    check(r.status == 200 and r.json()["user"]["role"] == "admin",
          "GET /api/session names the admin")

    # Upload: raw body, then a multipart form with two photos and an event.
    p1, p2 = photo("card1.jpg"), photo("card2.jpg")
    r = adm.upload(p1, query="?event=Expo%202026")
    check(r.status == 201, "raw image/jpeg upload gives 201 (%d)" % r.status)
    c1 = r.json()["cards"][0]
    check(c1["status"] == "queued", "a new card is queued")
    # (A second photo of card1 would join card1's lead as the same card:
    # test_server_dedupe.py; here each photo makes its own lead.)
    r = adm.upload_multi([("a.jpg", p2), ("b.jpg", variant(p2, "x"))],
                         event="Trade Show")
    check(r.status == 201 and len(r.json()["cards"]) == 2,
          "multipart upload of two photos gives two cards")
    c2, c3 = r.json()["cards"]
    r = adm.upload(p1)
    check(r.status == 200 and r.json()["cards"][0]["id"] == c1["id"] and
          r.json()["cards"][0]["duplicate"] is True,
          "the same bytes again return the existing card")
    key = {"Idempotency-Key": "retry-1"}
    r1 = adm.upload(variant(p2, "idem"), headers=key)
    r2 = adm.upload(variant(p2, "idem"), headers=key)
    check(r1.status == 201 and r2.status == 201 and r1.body == r2.body and
          r2.header("Idempotent-Replayed") == "true",
          "a retried request with the same Idempotency-Key replays the "
          "first answer")
    r3 = adm.upload(variant(p2, "idem-other"), headers=key)
    check(r3.status == 422 and
          r3.json()["error"]["code"] == "idempotency_key_reused" and
          r3.header("Idempotent-Replayed") is None,
          "the same Idempotency-Key with different photos is refused, "
          "not answered with the first upload's cards")

    # Image and scan.
    r = adm.get("/api/cards/%d/image" % c1["id"])
    check(r.status == 200 and r.body == p1 and
          r.header("Content-Type") == "image/jpeg",
          "GET /image returns the original bytes")
    done = adm.wait_card(c1["id"])
    check(done is not None and done["status"] == "done",
          "the card is scanned by a worker")
    check(done and done["lead"] is not None and
          done["lead"]["event"] == "Expo 2026",
          "the card's lead carries the event")
    check(done and "confidence" in done["lead"] and
          "boxes" in done["lead"], "the lead has confidence and boxes")
    r = adm.get("/api/cards/%d/crop" % c1["id"])
    check(r.status == 200 and r.body[:2] == b"\xff\xd8",
          "GET /crop returns the flattened card as JPEG")
    c4 = r1.json()["cards"][0]
    for c in (c2, c3, c4):
        adm.wait_card(c["id"])
    lead = done["lead"]
    lid = lead["id"]

    # Edit with optimistic concurrency.
    edit = {"family_name": "山田", "given_name": "太郎", "name": "山田 太郎",
            "name_reading": "やまだ たろう", "company": "株式会社サンプル",
            "department": "営業部", "title": "部長",
            "phone": "03-1234-5678", "mobile": "090-1111-2222",
            "fax": "03-1234-5679", "email": "taro@example.co.jp",
            "postal_code": "100-0005",
            "address": "東京都千代田区丸の内1-2-3", "url": "https://ex.jp"}
    r = adm.request("PATCH", "/api/leads/%d" % lid, edit)
    check(r.status == 428, "PATCH without If-Match gives 428")
    r = adm.get("/api/leads/%d" % lid)
    etag = r.header("ETag")
    check(r.status == 200 and etag == '"%d"' % r.json()["version"],
          "GET lead has an ETag of its version")
    r = adm.request("PATCH", "/api/leads/%d" % lid, edit,
                    headers={"If-Match": etag})
    check(r.status == 200 and r.json()["fields"]["family_name"] == "山田",
          "PATCH with If-Match changes the fields")
    v2 = r.json()["version"]
    r = adm.request("PATCH", "/api/leads/%d" % lid, {"title": "社長"},
                    headers={"If-Match": etag})
    check(r.status == 412, "PATCH with a stale If-Match gives 412")
    r = adm.request("PATCH", "/api/leads/%d" % lid, {"nope": "x"},
                    headers={"If-Match": '"%d"' % v2})
    check(r.status == 400, "PATCH of an unknown field gives 400")
    r = adm.get("/api/leads/%d/audit" % lid)
    rows = r.json()["audit"]
    fam = [a for a in rows if a["field"] == "family_name"]
    check(len(fam) == 1 and fam[0]["to"] == "山田" and
          fam[0]["user"] == "admin" and fam[0]["at"],
          "the audit trail records who changed which field, from, to, when")

    # Search: 2-character Japanese name, 3+ characters, filters.
    r = adm.get("/api/leads?q=%E5%B1%B1%E7%94%B0")  # 山田
    ids = [x["id"] for x in r.json()["leads"]]
    check(r.status == 200 and ids == [lid], "q=山田 (2 characters) finds the lead")
    r = adm.get("/api/leads?q=%E3%82%B5%E3%83%B3%E3%83%97%E3%83%AB")
    check([x["id"] for x in r.json()["leads"]] == [lid],
          "q=サンプル (trigram search) finds the lead")
    r = adm.get("/api/leads?q=TARO%40EXAMPLE")
    check([x["id"] for x in r.json()["leads"]] == [lid],
          "search is case-insensitive")
    r = adm.get("/api/leads?event=Trade%20Show")
    check(len(r.json()["leads"]) == 2, "event filter")
    r = adm.get("/api/leads?status=approved")
    check(r.json()["leads"] == [], "status filter")
    r = adm.get("/api/leads?created_from=2000-01-01&created_to=2999-01-01")
    check(len(r.json()["leads"]) == 4, "created range filter (%d)"
          % len(r.json()["leads"]))
    r = adm.get("/api/leads?created_to=2000-01-01")
    check(r.json()["leads"] == [], "created_to in the past finds nothing")
    r = adm.get("/api/leads?limit=3")
    page1 = r.json()
    r = adm.get("/api/leads?limit=3&cursor=" + page1["next_cursor"])
    page2 = r.json()
    allids = [x["id"] for x in page1["leads"] + page2["leads"]]
    check(len(allids) == 4 and len(set(allids)) == 4 and
          page2["next_cursor"] is None, "pagination covers every lead once")

    # Approve and the feed.
    tok = make_token(srv, "crm")
    check(tok is not None and tok.startswith("mst_"),
          "token create prints the token on its last line")
    crm = srv.client(token=tok)
    r = crm.get("/api/export/leads")
    check(r.status == 200 and r.json()["items"] == [],
          "the feed is empty before approval")
    cur0 = r.json()["next_cursor"]
    r = adm.request("POST", "/api/leads/%d/approve" % lid)
    check(r.status == 200 and r.json()["status"] == "approved", "approve")
    r = crm.get("/api/export/leads?since=" + cur0)
    items = r.json()["items"]
    check(len(items) == 1 and items[0]["lead_id"] == lid and
          items[0]["op"] == "upsert", "the approved lead appears in the feed")
    sf = items[0]["salesforce"]
    check(sf["LastName"] == "山田" and sf["FirstName"] == "太郎" and
          sf["Company"] == "株式会社サンプル" and sf["State"] == "東京都" and
          sf["City"] == "千代田区" and sf["PostalCode"] == "100-0005" and
          sf["MobilePhone"] == "090-1111-2222" and
          sf["LeadSource"] == "Expo 2026" and sf["Country"] == "Japan",
          "JSON feed carries the Salesforce mapping")
    hs = items[0]["hubspot"]
    check(hs["lastname"] == "山田" and hs["jobtitle"] == "営業部 部長" and
          hs["zip"] == "100-0005", "JSON feed carries the HubSpot mapping")
    v_first = items[0]["version"]
    cur1 = r.json()["next_cursor"]

    r = crm.get("/api/export/leads?format=csv&profile=salesforce")
    check(r.status == 200 and r.header("Content-Type").startswith("text/csv"),
          "Salesforce CSV is served as text/csv")
    rows = list(csv.reader(io.StringIO(r.body.decode("utf-8"), newline="")))
    check(rows[0][:5] == ["LastName", "FirstName", "Company", "Title",
                          "Email"] and "LeadSource" in rows[0],
          "Salesforce CSV header uses Lead field names")
    check(len(rows) == 2 and rows[1][0] == "山田" and rows[1][2] ==
          "株式会社サンプル", "Salesforce CSV row")
    check(r.body.count(b"\r\n") >= 2, "CSV rows end in CRLF")
    r = crm.get("/api/export/leads?format=csv&profile=hubspot")
    rows = list(csv.reader(io.StringIO(r.body.decode("utf-8"), newline="")))
    check(rows[0][:3] == ["lastname", "firstname", "company"] and
          rows[1][rows[0].index("mobilephone")] == "090-1111-2222",
          "HubSpot CSV uses contact property names")
    r = crm.get("/api/export/leads?format=vcard")
    vc = r.body.decode("utf-8")
    check(r.header("Content-Type").startswith("text/vcard") and
          "VERSION:4.0\r\n" in vc and "ORG:株式会社サンプル;営業部" in vc and
          "X-PHONETIC-LAST-NAME:やまだ" in vc and
          "X-PHONETIC-FIRST-NAME:たろう" in vc and
          'TYPE="cell,voice"' in vc and 'TYPE="work,fax"' in vc,
          "vCard 4.0 with ORG;department, typed TEL and phonetic names")
    check(all(len(l.encode()) <= 75 for l in vc.split("\r\n")),
          "vCard lines are folded at 75 octets")

    # Changed after export: appears again with a higher version.
    r = adm.request("PATCH", "/api/leads/%d" % lid, {"title": "社長"},
                    headers={"If-Match": '"%d"' % (v_first)})
    check(r.status == 200, "edit an approved lead")
    r = crm.get("/api/export/leads?since=" + cur1)
    items = r.json()["items"]
    check(len(items) == 1 and items[0]["version"] > v_first and
          items[0]["lead"]["fields"]["title"] == "社長",
          "a changed lead reappears with a higher version")
    cur2 = r.json()["next_cursor"]

    # Removed and merged leads appear as tombstones.
    others = [x["id"] for x in adm.get("/api/leads").json()["leads"]
              if x["id"] != lid]
    for o in others[:2]:
        adm.request("POST", "/api/leads/%d/approve" % o)
    r = adm.request("POST", "/api/leads/%d/merge" % others[0],
                    {"into": lid})
    check(r.status == 200, "merge a lead into another")
    r = adm.request("DELETE", "/api/leads/%d" % others[1])
    check(r.status == 200, "remove a lead")
    r = crm.get("/api/export/leads?since=" + cur2)
    items = {i["lead_id"]: i for i in r.json()["items"]}
    check(items.get(others[0], {}).get("op") == "delete" and
          items[others[0]].get("reason") == "merged" and
          items[others[0]].get("merged_into") == lid,
          "a merged lead is a tombstone naming the survivor")
    check(items.get(others[1], {}).get("op") == "delete" and
          items[others[1]].get("reason") == "removed",
          "a removed lead is a tombstone")
    r = adm.get("/api/leads/%d" % others[1])
    check(r.status == 404, "a removed lead is gone from the review API")
    r = crm.get("/api/export/leads?since=" + cur2 + "&format=csv"
                "&profile=salesforce")
    check(str(others[1]) in (r.header("X-Deleted-Leads") or ""),
          "CSV export lists tombstones in X-Deleted-Leads")

    # Cursors that cannot be served.
    r = crm.get("/api/export/leads?since=garbage")
    check(r.status == 400 and r.json()["error"]["code"] == "invalid_cursor",
          "a malformed cursor gives 400 invalid_cursor")
    dbid = cur2.split(".")[0]
    other = ("0" if dbid[0] != "0" else "1") + dbid[1:]
    r = crm.get("/api/export/leads?since=%s.1" % other)
    check(r.status == 410 and r.json()["error"]["code"] == "resync_required"
          and "since=0" in r.json()["error"]["message"],
          "a cursor from another database gives 410 resync_required")
    r = crm.get("/api/export/leads?since=%s.999999" % dbid)
    check(r.status == 410, "a cursor ahead of the history gives 410")

    sample_lead(srv, adm)
    concurrent_feed(srv, adm, crm)


def sample_lead(srv, adm):
    """A real card from samples/: the lead the worker writes holds what
    `meishi scan` reads from the same photo (fields, confidence, boxes)."""
    keys = ["name", "family_name", "given_name", "name_reading",
            "name_latin", "company", "department", "title", "postal_code",
            "address", "phone", "fax", "mobile", "email", "url"]
    scan = path = None
    for name in ("card-004-jah.jpg", "card-005-en.jpg", "card-006-jah.jpg",
                 "card-007-jah.jpg"):
        p = os.path.join(SRC, "samples", name)
        if not os.path.exists(p):
            continue
        out = subprocess.run([srv.binary, "scan", p], capture_output=True,
                             text=True, timeout=120)
        s = json.loads(out.stdout.splitlines()[0])
        if any(s.get(k) for k in keys):
            scan, path = s, p
            break
    if not scan:
        print("skip sample_lead: no sample in samples/ scans to fields")
        return
    with open(path, "rb") as f:
        r = adm.upload(f.read(), query="?event=Sample")
    done = adm.wait_card(r.json()["cards"][0]["id"])
    lead = done and done["lead"]
    check(lead is not None, "a sample card is scanned into a lead")
    if not lead:
        return
    check(all(lead["fields"][k] == scan[k] for k in keys),
          "the lead's fields are the scan's fields (%s)"
          % lead["fields"].get("company"))
    check(all(abs(lead["confidence"].get(k, 0) - scan["confidence"][k]) <
              1e-6 for k in keys), "the lead keeps per-field confidence")
    check(lead["boxes"] == scan["boxes"], "the lead keeps per-field boxes")


def concurrent_feed(srv, adm, crm):
    """Writers approve and edit leads while a reader pulls the feed in
    small pages; at the end the reader holds every approved lead at its
    latest version."""
    r = srv.cli("seed", "admin", "--count", "300")
    check(r.returncode == 0, "seed 300 leads while the server runs")
    leads = []
    cur = None
    while True:
        r = adm.get("/api/leads?limit=500" + ("&cursor=" + cur if cur else ""))
        leads += r.json()["leads"]
        cur = r.json()["next_cursor"]
        if not cur:
            break
    stop = threading.Event()
    errors = []
    writes = [0]

    def writer(seed):
        rnd = random.Random(seed)
        while not stop.is_set():
            l = rnd.choice(leads)
            if rnd.random() < 0.5:
                r = adm.request("POST", "/api/leads/%d/approve" % l["id"])
            else:
                g = adm.get("/api/leads/%d" % l["id"])
                if g.status != 200:
                    continue
                r = adm.request("PATCH", "/api/leads/%d" % l["id"],
                                {"title": "t%d" % rnd.randint(0, 1 << 30)},
                                headers={"If-Match": g.header("ETag")})
            if r.status not in (200, 404, 412):
                errors.append(r.status)
            writes[0] += 1

    seen = {}
    tomb = set()
    threads = [threading.Thread(target=writer, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    cursor = "0"
    t_end = time.time() + 6
    pulls = 0
    while True:
        writing = time.time() < t_end
        if not writing and not stop.is_set():
            stop.set()
            for t in threads:
                t.join()
        r = crm.get("/api/export/leads?limit=7&since=" + cursor)
        if r.status != 200:
            errors.append(r.status)
            break
        body = r.json()
        pulls += 1
        for it in body["items"]:
            if it["op"] == "upsert":
                seen[it["lead_id"]] = it["version"]
                tomb.discard(it["lead_id"])
            else:
                seen.pop(it["lead_id"], None)
                tomb.add(it["lead_id"])
        cursor = body["next_cursor"]
        if stop.is_set() and not body["has_more"]:
            break
    check(not errors, "no errors from writers or reader (%s)" % errors[:5])
    truth = {}
    cur = None
    while True:
        r = adm.get("/api/leads?status=approved&limit=500" +
                    ("&cursor=" + cur if cur else ""))
        for l in r.json()["leads"]:
            truth[l["id"]] = l["version"]
        cur = r.json()["next_cursor"]
        if not cur:
            break
    missing = [k for k in truth if seen.get(k) != truth[k]]
    extra = [k for k in seen if k not in truth]
    check(not missing and not extra,
          "a feed pulled during %d concurrent writes holds every approved "
          "lead at its latest version (%d leads, %d pulls; missing %s, "
          "extra %s)" % (writes[0], len(truth), pulls,
                         missing[:5], extra[:5]))


if __name__ == "__main__":
    main(sys.argv[1])
