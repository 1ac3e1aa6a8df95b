"""Durability: cards queued when the server stops are scanned after a
restart; and after `kill -9` in the middle of a burst of 50 uploads,
every upload that got a 2xx answer is stored byte for byte and gets
scanned after a restart, and the database passes PRAGMA integrity_check."""

import os
import sqlite3
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from srvlib import Server, check, finish, photo, variant  # noqa


def main(binary):
    srv = Server(binary, workers=0, extra=["--queue-max", "3"])
    try:
        restart_with_queue(srv)
        srv.cleanup()
        srv = Server(binary, workers=1)
        kill_during_burst(srv)
    finally:
        srv.cleanup()
    finish()


def restart_with_queue(srv):
    srv.start()
    adm = srv.admin()
    ids = []
    for i in range(3):
        r = adm.upload(variant(photo("card2.jpg"), "q%d" % i))
        ids.append(r.json()["cards"][0]["id"])
    time.sleep(0.5)
    check(all(adm.get("/api/cards/%d" % i).json()["status"] == "queued"
              for i in ids), "with --workers 0 cards stay queued")
    r = adm.upload(variant(photo("card2.jpg"), "q-full"))
    check(r.status == 503 and r.json()["error"]["code"] == "queue_full" and
          int(r.header("Retry-After") or 0) > 0,
          "a full queue (--queue-max 3) answers 503 with Retry-After")
    r = adm.upload(variant(photo("card2.jpg"), "q0"))
    check(r.status == 200 and r.json()["cards"][0]["duplicate"],
          "... while a duplicate of a stored card is still answered")
    srv.stop()
    srv.workers = 2
    srv.start()
    adm = srv.admin()
    states = [adm.wait_card(i) for i in ids]
    check(all(s and s["status"] == "done" for s in states),
          "after a restart the queued cards are scanned")
    srv.stop()


def kill_during_burst(srv):
    srv.start()
    adm = srv.admin()
    base = photo("card2.jpg")
    bodies = [variant(base, "burst%d" % i) for i in range(50)]
    accepted = {}
    lock = threading.Lock()
    nxt = [0]

    def uploader():
        while True:
            with lock:
                i = nxt[0]
                nxt[0] += 1
            if i >= len(bodies):
                return
            try:
                r = adm.upload(bodies[i], timeout=10)
            except Exception:
                continue
            if 200 <= r.status < 300:
                with lock:
                    accepted[i] = r.json()["cards"][0]["id"]

    threads = [threading.Thread(target=uploader) for _ in range(8)]
    for t in threads:
        t.start()
    # Kill once about a quarter of the burst has been answered (fewer
    # cards to scan afterwards keeps the test short).
    deadline = time.time() + 30
    while time.time() < deadline:
        with lock:
            if len(accepted) >= 12:
                break
        time.sleep(0.005)
    srv.kill9()
    for t in threads:
        t.join()
    n = len(accepted)
    check(n > 0,
          "kill -9 during the burst (%d of 50 uploads answered 2xx)" % n)

    db = sqlite3.connect(os.path.join(srv.data, "meishi.db"))
    ok = db.execute("PRAGMA integrity_check").fetchone()[0]
    db.close()
    check(ok == "ok", "PRAGMA integrity_check after kill -9: %s" % ok)

    srv.workers = 2
    srv.start()
    adm = srv.admin()
    lost = []
    for i, cid in accepted.items():
        r = adm.get("/api/cards/%d/image" % cid)
        if r.status != 200 or r.body != bodies[i]:
            lost.append(cid)
    check(not lost, "every 2xx upload is stored byte for byte (%d lost)"
          % len(lost))
    deadline = time.time() + 150
    pending = set(accepted.values())
    while pending and time.time() < deadline:
        for cid in list(pending):
            r = adm.get("/api/cards/%d" % cid)
            if r.status == 200 and r.json()["status"] == "done":
                pending.discard(cid)
        time.sleep(0.5)
    check(not pending, "every 2xx upload gets scanned after the restart "
          "(%d of %d not done)" % (len(pending), len(accepted)))
    srv.stop()
    db = sqlite3.connect(os.path.join(srv.data, "meishi.db"))
    ok = db.execute("PRAGMA integrity_check").fetchone()[0]
    jobs = db.execute("SELECT count(*) FROM jobs").fetchone()[0]
    db.close()
    check(ok == "ok" and jobs == 0,
          "after the scans: integrity ok and the job queue is empty")


if __name__ == "__main__":
    main(sys.argv[1])
