"""Load benchmark for `meishi serve` on loopback (not a test).

Usage: python3 tests/tools/bench_server.py build/meishi [--leads N]
       [--seconds S] [--conns C]

Seeds N synthetic leads (default 100000) into a fresh data directory,
starts the server with --workers 0 (uploads are stored and queued, not
scanned), and with wrk (Debian package `wrk`) measures:
  - upload acceptance per second (distinct JPEGs, raw image/jpeg bodies);
  - p50/p99 latency of GET /api/leads and of the export feed at C
    concurrent connections;
and prints the server's peak resident memory (VmHWM).
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
from srvlib import DATA, Server, make_token  # noqa

UPLOAD_LUA = r"""
local f = io.open("%(photo)s", "rb")
local data = f:read("*a")
f:close()
local n = 0
local threads = 0
setup = function(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
request = function()
  n = n + 1
  local tag = string.format("bench-%%d-%%d-%%d", tid or -1, n, os.time())
  local len = #tag + 2
  local seg = "\255\254" .. string.char(math.floor(len / 256), len %% 256) .. tag
  local body = data:sub(1, 2) .. seg .. data:sub(3)
  return wrk.format("POST", "/api/cards", {
    ["Content-Type"] = "image/jpeg",
    ["Cookie"] = "%(cookie)s",
    ["X-CSRF-Token"] = "%(csrf)s",
  }, body)
end
"""


def wrk(url, conns, seconds, headers=(), script=None, threads=2):
    cmd = ["wrk", "-t%d" % threads, "-c%d" % conns, "-d%ds" % seconds,
           "--latency", "--timeout", "10s"]
    for h in headers:
        cmd += ["-H", h]
    if script:
        cmd += ["-s", script]
    out = subprocess.run(cmd + [url], capture_output=True, text=True).stdout
    res = {"raw": out}
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    res["rps"] = float(m.group(1)) if m else 0.0
    for pct in ("50", "99"):
        m = re.search(r"^\s+%s%%\s+([\d.]+)(us|ms|s)" % pct, out, re.M)
        if m:
            v = float(m.group(1))
            v = v / 1000 if m.group(2) == "us" else (
                v * 1000 if m.group(2) == "s" else v)
            res["p" + pct] = v
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    res["non2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"(\d+) requests in", out)
    res["requests"] = int(m.group(1)) if m else 0
    return res


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        v = f.read().rsplit(")", 1)[1].split()
    return (int(v[11]) + int(v[12])) / float(os.sysconf("SC_CLK_TCK"))


def measured(pid, fn):
    """Runs fn (a wrk call) and adds the server's CPU time per request."""
    c0 = cpu_seconds(pid)
    r = fn()
    r["cpu_ms"] = (cpu_seconds(pid) - c0) * 1000.0 / max(r["requests"], 1)
    return r


def rss(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--leads", type=int, default=100000)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--conns", type=int, default=50)
    a = ap.parse_args()

    data = tempfile.mkdtemp(prefix="meishi-bench-")
    srv = Server(a.binary, workers=0, data=data,
                 extra=["--queue-max", "10000000", "--per-ip", "256"])
    # Create the database and the admin, then seed with the server down.
    srv.start()
    srv.stop()
    t = time.time()
    r = srv.cli("seed", "admin", "--count", str(a.leads), timeout=1800)
    if r.returncode:
        sys.exit(r.stderr)
    print("seeded %d leads in %.1f s" % (a.leads, time.time() - t))
    srv.start()
    try:
        adm = srv.client()
        # The admin's password was printed at the first start only.
        pw = "bench-password"
        srv.cli("user", "passwd", "admin", stdin=pw + "\n")
        r = adm.login("admin", pw)
        assert r.status == 200, r.body
        tok = make_token(srv, "bench")
        base = "http://127.0.0.1:%d" % srv.port
        cookie = ["Cookie: " + adm.cookie]

        pid = srv.proc.pid
        res_leads = measured(pid, lambda: wrk(
            base + "/api/leads", a.conns, a.seconds, cookie))
        res_leads_q = measured(pid, lambda: wrk(
            base + "/api/leads?q=%E5%B1%B1%E7%94%B0&limit=50", a.conns,
            a.seconds, cookie))
        # A rare 2-character name (one lead has it): before the pairs
        # index this read every lead.
        lead = adm.get("/api/leads?limit=1").json()["leads"][0]
        r = adm.request("PATCH", "/api/leads/%d" % lead["id"],
                        {"name": "鱒渕 花子"},
                        headers={"If-Match": '"%d"' % lead["version"]})
        assert r.status == 200, r.body
        res_leads_rare = measured(pid, lambda: wrk(
            base + "/api/leads?q=%E9%B1%92%E6%B8%95&limit=50", a.conns,
            a.seconds, cookie))
        res_feed = measured(pid, lambda: wrk(
            base + "/api/export/leads?limit=100", a.conns, a.seconds,
            ["Authorization: Bearer " + tok]))
        feed_mid = adm.get("/api/export/leads?limit=1000").json()
        res_feed_mid = measured(pid, lambda: wrk(
            base + "/api/export/leads?limit=100&since=" +
            feed_mid["next_cursor"], a.conns, a.seconds,
            ["Authorization: Bearer " + tok]))
        lua = os.path.join(data, "upload.lua")
        with open(lua, "w") as f:
            f.write(UPLOAD_LUA % {"photo": os.path.join(DATA, "card2.jpg"),
                                  "cookie": adm.cookie, "csrf": adm.csrf})
        res_up = measured(pid, lambda: wrk(base + "/api/cards", 8, a.seconds,
                                           script=lua))
        peak = rss(srv.proc.pid)
        queued = adm.get("/healthz").json()["queued"]
        res_up["stored_per_s"] = queued / float(a.seconds)
    finally:
        srv.stop()

    def line(name, r):
        print("%-36s %6.0f req/s  p50 %7.2f ms  p99 %7.2f ms  "
              "server CPU %.2f ms/req  non-2xx %d"
              % (name, r["rps"], r.get("p50", -1), r.get("p99", -1),
                 r["cpu_ms"], r["non2xx"]))
    print("\nloopback, %d connections, %d s each, %d leads in the store"
          % (a.conns, a.seconds, a.leads))
    line("GET /api/leads (page of 50)", res_leads)
    line("GET /api/leads?q=山田", res_leads_q)
    line("GET /api/leads?q=鱒渕 (1 lead)", res_leads_rare)
    line("GET /api/export/leads (100, start)", res_feed)
    line("GET /api/export/leads (100, mid)", res_feed_mid)
    line("POST /api/cards (8 conns, stored)", res_up)
    print("uploads stored: %.1f per second (%d new cards queued; %d "
          "answers, the rest duplicates)" % (res_up["stored_per_s"], queued,
                                             res_up["requests"]))
    print("load average during the run: %s" % open("/proc/loadavg").read()
          .strip())
    print("server peak RSS: %.1f MiB" % (peak / 1048576.0))
    subprocess.run(["rm", "-rf", data])


if __name__ == "__main__":
    main()
