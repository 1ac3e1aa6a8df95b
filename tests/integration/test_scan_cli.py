#!/usr/bin/env python3
"""Integration tests of `meishi scan`: the real binary on real files.

Bad input must give a clear per-file error (or an empty contact) and never
crash or hang the program; good photos give one JSON object per line in
the order of the arguments, with exactly the documented keys.
"""
import io
import json
import os
import random
import struct
import subprocess
import sys
import tempfile
import time
import zlib

from PIL import Image, ImageDraw, ImageFont

MEISHI = sys.argv[1]
SRC = os.environ.get("MEISHI_SOURCE_DIR",
                     os.path.join(os.path.dirname(__file__), "..", ".."))
FIELDS = ["name", "family_name", "given_name", "name_reading", "name_latin",
          "company", "department", "title", "postal_code", "address",
          "phone", "fax", "mobile", "email", "url"]

passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what, file=sys.stderr)


def run_scan(paths, *opts, timeout=300):
    t0 = time.monotonic()
    p = subprocess.run([MEISHI, "scan", *opts, *paths], capture_output=True,
                       timeout=timeout)
    out = [json.loads(l) for l in p.stdout.decode().splitlines() if l]
    return p.returncode, out, time.monotonic() - t0, p.stderr.decode()


def png_chunk(kind, data):
    c = kind + data
    return struct.pack(">I", len(data)) + c + struct.pack(
        ">I", zlib.crc32(c) & 0xffffffff)


def huge_png():
    """A valid PNG header that declares 40,000 x 40,000 pixels."""
    ihdr = struct.pack(">IIBBBBB", 40000, 40000, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 1000)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) +
            png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b""))


def jpeg_bytes(img, **kw):
    b = io.BytesIO()
    img.save(b, "JPEG", **kw)
    return b.getvalue()


def font(size):
    for p in ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
              "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf"]:
        if os.path.exists(p):
            return ImageFont.truetype(p, size)
    return ImageFont.load_default()


def main():
    with tempfile.TemporaryDirectory() as d:
        def put(name, data):
            p = os.path.join(d, name)
            with open(p, "wb") as f:
                f.write(data)
            return p

        card = Image.new("RGB", (1100, 660), "white")
        dr = ImageDraw.Draw(card)
        dr.text((60, 60), "Acme Corporation", fill="black", font=font(48))
        dr.text((60, 200), "John Smith", fill="black", font=font(64))
        dr.text((60, 420), "Tel +1 415-555-0100", fill="black",
                 font=font(36))
        dr.text((60, 480), "john.smith@acme.com", fill="black",
                 font=font(36))
        good = put("good.jpg", jpeg_bytes(card, quality=90))

        rng = random.Random(42).randbytes(600 * 400 * 3)
        noise = Image.frombytes("RGB", (600, 400), rng)

        cases = {
            "empty.jpg": put("empty.jpg", b""),
            "text.jpg": put("text.jpg", b"This is not a photo.\n" * 20),
            "truncated.jpg": put("truncated.jpg",
                                 jpeg_bytes(card)[:2000]),
            "huge.png": put("huge.png", huge_png()),
            "noise.jpg": put("noise.jpg", jpeg_bytes(noise)),
            "blank.jpg": put("blank.jpg",
                             jpeg_bytes(Image.new("RGB", (1100, 660),
                                                  "white"))),
            "progressive.jpg": put("progressive.jpg",
                                   jpeg_bytes(card, progressive=True)),
        }
        big = os.path.join(d, "big.jpg")
        with open(big, "wb") as f:
            f.write(b"\xff\xd8\xff\xe0")
            f.truncate(200 * 1024 * 1024)  # sparse: 200 MB
        cases["big.jpg"] = big
        missing = os.path.join(d, "does-not-exist.jpg")
        cases["missing"] = missing

        order = [good] + list(cases.values())
        rc, out, secs, err = run_scan(order, "--jobs", "2")
        check(rc == 1, "exit status is 1 when any file failed (got %d)" % rc)
        check(len(out) == len(order),
              "one JSON line per file (%d for %d)" % (len(out), len(order)))
        check([o.get("source") for o in out] == order,
              "objects come in argument order with source set")
        check(secs < 120, "bad input does not hang the scan (%.1fs)" % secs)
        by = {os.path.basename(o["source"]): o for o in out}

        g = by["good.jpg"]
        check("error" not in g, "a good photo scans without error")
        check(all(isinstance(g.get(k), str) for k in FIELDS),
              "every field key is present as a string")
        for k in ("confidence", "boxes", "lines", "orientation"):
            check(k in g, "output has %s" % k)
        text = " ".join(l["text"] for l in g.get("lines", []))
        check("555-0100" in text, "the phone number is read: %r" % text)

        def err_of(name):
            return by.get(name, {}).get("error", "")

        check("empty" in err_of("empty.jpg"), "empty file: " +
              err_of("empty.jpg"))
        check("not a" in err_of("text.jpg") or "JPEG, PNG" in
              err_of("text.jpg"), "text file: " + err_of("text.jpg"))
        check(err_of("truncated.jpg") != "" or
              by["truncated.jpg"].get("name", "") == "",
              "truncated JPEG: error or empty contact")
        check("40000" in err_of("huge.png") or "limit" in err_of("huge.png"),
              "40000x40000 PNG is refused by size: " + err_of("huge.png"))
        check("limit" in err_of("big.jpg") or "large" in err_of("big.jpg"),
              "200 MB file is refused: " + err_of("big.jpg"))
        check(err_of("does-not-exist.jpg") != "",
              "missing file gives an error")
        for name in ("noise.jpg", "blank.jpg"):
            o = by[name]
            invented = {k: o[k] for k in FIELDS if o.get(k)}
            check("error" in o or not invented,
                  "%s: no invented contact: %r" % (name, invented))
        p = by["progressive.jpg"]
        check("error" not in p, "progressive JPEG scans: " +
              p.get("error", ""))

        # --help and bad usage.
        r = subprocess.run([MEISHI, "scan", "--help"], capture_output=True)
        check(r.returncode == 0 and b"--jobs" in r.stdout, "scan --help")
        r = subprocess.run([MEISHI, "scan"], capture_output=True)
        check(r.returncode == 2, "scan with no files is a usage error")
        r = subprocess.run([MEISHI, "scan", "--jobs", "0", good],
                           capture_output=True)
        check(r.returncode == 2, "--jobs 0 is refused")

    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
