#!/usr/bin/env python3
"""Configurable limits of `meishi serve`: a photo over --max-pixels is
refused with a clear message before it is stored, one under it is taken,
and a bad setting stops the server from starting."""
import io
import subprocess
import sys

from PIL import Image

from srvlib import Server, check, finish


def jpeg(w, h):
    b = io.BytesIO()
    Image.new("RGB", (w, h), "white").save(b, "JPEG", quality=80)
    return b.getvalue()


def main(binary):
    srv = Server(binary, workers=0, extra=("--max-pixels", "2000000"))
    try:
        srv.start()
        c = srv.admin()
        r = c.upload(jpeg(2000, 1500))  # 3 MP: over the 2 MP limit
        body = r.json() if r.body else {}
        msg = str(body)
        check(r.status in (400, 413, 422),
              "a 3 MP photo over --max-pixels 2000000 is refused (%d)" %
              r.status)
        check("2000×1500" in msg and "2 megapixels" in msg,
              "the refusal says the size and the limit: " + msg[:200])
        r = c.upload(jpeg(1600, 1200))  # 1.9 MP: under the limit
        check(r.status == 201, "a 1.9 MP photo is stored (%d)" % r.status)
    finally:
        srv.stop()
        srv.cleanup()
    p = subprocess.run([binary, "serve", "--max-pixels", "12"],
                       capture_output=True, timeout=30)
    check(p.returncode == 2 and b"max-pixels" in p.stderr,
          "an out-of-range --max-pixels is a usage error")
    finish()


if __name__ == "__main__":
    main(sys.argv[1])
