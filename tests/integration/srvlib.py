"""Helpers for the server's integration tests: start the real `meishi`
binary on a free loopback port with a temporary data directory, and talk
HTTP to it with the standard library only."""

import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid

SRC = os.environ.get(
    "MEISHI_SOURCE_DIR",
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
DATA = os.path.join(SRC, "tests", "data")

failures = []

# The contact fields, in the order of `meishi import --profile meishi`.
KEYS = ["name", "family_name", "given_name", "name_reading", "name_latin",
        "company", "department", "title", "postal_code", "address", "phone",
        "fax", "mobile", "email", "url"]


def sample(name):
    """The bytes of one photo of samples/."""
    with open(os.path.join(SRC, "samples", name), "rb") as f:
        return f.read()


def scan(binary, name):
    """What `meishi scan` reads on one photo of samples/."""
    out = subprocess.run([binary, "scan", os.path.join(SRC, "samples",
                                                       name)],
                         capture_output=True, text=True, timeout=180)
    return json.loads(out.stdout.splitlines()[0])


def check(cond, what):
    if cond:
        print("ok   " + what)
    else:
        print("FAIL " + what)
        failures.append(what)
    return cond


def finish():
    if failures:
        print("%d failed:" % len(failures))
        for f in failures:
            print("  " + f)
        sys.exit(1)
    print("all passed")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def photo(name="card1.jpg"):
    with open(os.path.join(DATA, name), "rb") as f:
        return f.read()


def variant(data, tag):
    """The same JPEG with a comment segment, so its bytes (and sha256)
    differ while it still decodes to the same picture."""
    text = ("meishi-test-%s" % tag).encode()
    seg = b"\xff\xfe" + (len(text) + 2).to_bytes(2, "big") + text
    return data[:2] + seg + data[2:]


class Server:
    def __init__(self, binary, workers=0, extra=(), data=None, env=None):
        self.binary = binary
        self.own_data = data is None
        self.data = data or tempfile.mkdtemp(prefix="meishi-test-")
        self.workers = workers
        self.extra = list(extra)
        self.env = dict(os.environ)
        self.env.update(env or {})
        self.proc = None
        self.password = None
        self.port = None

    def cli(self, *args, stdin=None, timeout=120):
        r = subprocess.run([self.binary] + list(args) + ["--data", self.data],
                           input=stdin, capture_output=True, text=True,
                           timeout=timeout)
        return r

    def start(self):
        self.port = free_port()
        self.log = open(os.path.join(self.data, "test-server.log"), "a+")
        self.log_from = self.log.seek(0, os.SEEK_END)
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--listen", "127.0.0.1:%d" % self.port,
             "--data", self.data, "--workers", str(self.workers)]
            + self.extra,
            stdout=subprocess.PIPE, stderr=self.log, text=True,
            env=self.env)
        deadline = time.time() + 60
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("server exited: see %s" % self.log.name)
            if "password:" in line:
                self.password = line.split("password:")[1].split()[0]
            if line.startswith("meishi: serving"):
                break
        # Keep draining stdout so the server never blocks on a full pipe.
        import threading
        threading.Thread(target=self.proc.stdout.read, daemon=True).start()
        return self

    def stop(self, sig=signal.SIGTERM):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc:
            self.check_sanitizers()
        self.proc = None

    def check_sanitizers(self):
        """Under ASan/UBSan (.ci/test's build-asan), a report the server
        wrote to its log is a failure, even if every answer was right."""
        self.log.flush()
        self.log.seek(self.log_from)
        text = self.log.read()
        self.log_from = self.log.tell()
        for mark in ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                     "runtime error:"):
            i = text.find(mark)
            if i >= 0:
                check(False, "no sanitizer report in the server's log:\n"
                      + text[max(0, i - 200):i + 2000])

    def kill9(self):
        self.stop(signal.SIGKILL)

    def cleanup(self):
        self.stop()
        if self.own_data:
            shutil.rmtree(self.data, ignore_errors=True)

    def client(self, **kw):
        return Client(self.port, **kw)

    def admin(self):
        c = self.client()
        c.login("admin", self.password)
        return c


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None


class Client:
    def __init__(self, port, token=None):
        self.port = port
        self.cookie = None
        self.csrf = None
        self.token = token

    def request(self, method, path, body=None, headers=None, csrf=True,
                timeout=60):
        h = dict(headers or {})
        if self.cookie:
            h["Cookie"] = self.cookie
            if csrf and self.csrf and method not in ("GET", "HEAD"):
                h.setdefault("X-CSRF-Token", self.csrf)
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            h.setdefault("Content-Type", "application/json")
        conn = http.client.HTTPConnection("127.0.0.1", self.port,
                                          timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            data = r.read()
            return Response(r.status, r.getheaders(), data)
        finally:
            conn.close()

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def login(self, user, password):
        r = self.request("POST", "/api/session",
                         {"username": user, "password": password})
        if r.status == 200:
            sc = r.header("Set-Cookie")
            self.cookie = sc.split(";")[0]
            self.csrf = r.json()["csrf_token"]
        return r

    def upload(self, data, ctype="image/jpeg", headers=None, query="",
               timeout=60):
        h = {"Content-Type": ctype}
        h.update(headers or {})
        return self.request("POST", "/api/cards" + query, data, h,
                            timeout=timeout)

    def upload_multi(self, files, event=None, headers=None):
        body, ctype = multipart(files, event)
        h = {"Content-Type": ctype}
        h.update(headers or {})
        return self.request("POST", "/api/cards", body, h)

    def wait_card(self, cid, timeout=120):
        deadline = time.time() + timeout
        while time.time() < deadline:
            r = self.get("/api/cards/%d" % cid)
            if r.status == 200 and r.json()["status"] in ("done", "failed"):
                return r.json()
            time.sleep(0.3)
        return None


def multipart(files, event=None):
    boundary = "----meishi" + uuid.uuid4().hex
    out = []
    if event is not None:
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"event\""
                    "\r\n\r\n" % boundary).encode() + event.encode() +
                   b"\r\n")
    for i, (name, data) in enumerate(files):
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"photo\";"
                    " filename=\"%s\"\r\nContent-Type: image/jpeg\r\n\r\n"
                    % (boundary, name)).encode() + data + b"\r\n")
    out.append(("--%s--\r\n" % boundary).encode())
    return b"".join(out), "multipart/form-data; boundary=" + boundary


def add_user(srv, name, role, password):
    r = srv.cli("user", "add", name, "--role", role, stdin=password + "\n")
    return r.returncode == 0


def make_token(srv, name):
    r = srv.cli("token", "create", name)
    if r.returncode != 0:
        return None
    return r.stdout.strip().splitlines()[-1]
