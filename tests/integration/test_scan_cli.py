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

from PIL import Image, ImageDraw, ImageFilter, ImageFont

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


def vertical_card():
    """A vertical (縦書き) card: company, department, title, the name with
    its reading in two halves, postal code and address in columns, the
    postal code and telephone in kanji numerals, and the email on a
    horizontal line along the foot, as mixed cards print it. The glyphs
    are set one by one, upright, down each column."""
    W, H = 1100, 1820
    card = Image.new("RGB", (W, H), (250, 250, 246))
    dr = ImageDraw.Draw(card)
    path = "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf"

    def column(x, y, text, size):
        f = ImageFont.truetype(path, size)
        for ch in text:
            if ch == " ":
                y += size
                continue
            if ch == "ー":  # the dash stands upright in a column
                dr.line([(x, y + size * 0.15), (x, y + size * 0.85)],
                        fill="black", width=max(2, size // 14))
            else:
                dr.text((x, y), ch, fill="black", font=f, anchor="mt")
            y += int(size * 1.05)

    column(960, 90, "株式会社サンプル商事", 64)
    column(880, 180, "営業部", 46)
    column(810, 180, "課長", 46)
    column(690, 330, "さとう", 34)
    column(690, 330 + 3 * 150, "はなこ", 34)
    column(580, 330, "佐藤 花子", 140)
    column(430, 560, "〒一〇〇ー〇〇〇五", 46)
    column(360, 560, "東京都千代田区丸の内一丁目二番三号", 46)
    column(290, 560, "電話 〇四五ー六七八ー九〇五六", 46)
    dr.text((120, 1660), "E-mail hanako.sato@sample.co.jp", fill="black",
            font=ImageFont.truetype(path, 40))
    return card


def scan_card(put, font, name, img, quality, what, want):
    """Scans one drawn card and checks its fields against want; returns
    the contact, or None when the font the card needs is missing."""
    if not os.path.exists("/usr/share/fonts/opentype/" + font):
        print("skip: no %s for the %s" % (font, what))
        return None
    p = put(name, jpeg_bytes(img, quality=quality))
    rc, out, _, err = run_scan([p])
    check(rc == 0 and len(out) == 1, what + " scans: " + err)
    if not out:
        return None
    for k, v in want.items():
        check(out[0].get(k) == v, "%s %s: got %r, want %r" %
              (what, k, out[0].get(k), v))
    return out[0]


def check_vertical(put):
    """The vertical card end to end (needs the IPA Gothic font)."""
    want = {"company": "株式会社サンプル商事", "department": "営業部",
            "title": "課長", "name": "佐藤 花子",
            "name_reading": "さとう はなこ", "postal_code": "100-0005",
            "address": "東京都千代田区丸の内一丁目二番三号",
            "email": "hanako.sato@sample.co.jp"}
    o = scan_card(put, "ipafont-gothic/ipag.ttf", "vertical.jpg",
                  vertical_card(), 92, "vertical card", want)
    if o is not None:
        check(o.get("vertical") is True, "vertical card read as vertical")


def edge_card():
    """A vertical card photographed with its edges dark: a grey rule along
    the top and a broken shadow down the left side. The title 次長 is a
    short column of small characters beside a big name."""
    W, H = 1100, 1820
    card = Image.new("RGB", (W, H), (250, 250, 246))
    dr = ImageDraw.Draw(card)
    path = "/usr/share/fonts/opentype/ipafont-mincho/ipam.ttf"

    def column(x, y, text, size):
        f = ImageFont.truetype(path, size)
        for ch in text:
            if ch == " ":
                y += size
                continue
            dr.text((x, y), ch, fill="black", font=f, anchor="mt")
            y += int(size * 1.05)

    column(960, 80, "合同会社星野製作所", 52)
    column(890, 180, "営業部", 36)
    column(830, 180, "次長", 36)
    column(600, 460, "野田 早紀", 170)
    column(420, 740, "群馬県高崎市栄町三丁目九番五号", 40)
    dr.text((150, 1650), "saki@hoshino-ss.co.jp", fill="black",
            font=ImageFont.truetype(path, 40))
    dr.rectangle([0, 0, W, 3], fill=(120, 120, 120))
    for y in range(0, H, 40):
        dr.rectangle([0, y, 4, y + 30], fill=(60, 60, 60))
    return card


def check_edge_columns(put):
    """The small title column of the dark-edged card is read (needs the
    IPA Mincho font)."""
    want = {"company": "合同会社星野製作所", "department": "営業部",
            "title": "次長", "name": "野田 早紀",
            "address": "群馬県高崎市栄町三丁目九番五号"}
    scan_card(put, "ipafont-mincho/ipam.ttf", "edges.jpg", edge_card(), 92,
              "dark-edged card", want)


def faint_mail_card():
    """A horizontal card, slightly out of focus, whose email address has
    a faint hyphen and dot: automatic segmentation reads them as gaps."""
    W, H = 1100, 640
    card = Image.new("RGB", (W, H), (250, 250, 246))
    dr = ImageDraw.Draw(card)
    goth = "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf"
    minc = "/usr/share/fonts/opentype/ipafont-mincho/ipam.ttf"

    def put(x, y, text, size):
        dr.text((x, y), text, fill="black",
                font=ImageFont.truetype(goth, size))

    put(80, 70, "株式会社大和商事", 40)
    put(80, 140, "営業部 課長", 28)
    put(80, 200, "樋口 雅人", 64)
    put(80, 380, "〒330-0854 埼玉県さいたま市大宮区桜木町2-28-4", 26)
    put(80, 430, "TEL 048-628-2213", 26)
    f = ImageFont.truetype(minc, 26)
    x = 80
    for ch in "Mail higuchi@yamato-shoji.com":
        dr.text((x, 480), ch, font=f,
                fill=(150, 150, 150) if ch in ".-" else (0, 0, 0))
        x += dr.textlength(ch, font=f)
    return card.filter(ImageFilter.GaussianBlur(1.2))


def check_faint_mail(put):
    """The email address with faint punctuation is read whole (needs the
    IPA fonts)."""
    want = {"email": "higuchi@yamato-shoji.com", "phone": "048-628-2213"}
    scan_card(put, "ipafont-mincho/ipam.ttf", "mail.jpg", faint_mail_card(),
              85, "faint email card", want)


def corner_card():
    """A horizontal card whose department, title, reading and name sit
    in a block of their own at the top left, the name set wide, with a
    mark at the top right, photographed as a phone would (blur, uneven
    light, noise). Tesseract's automatic layout analysis loses part of
    that block; the OCR stage must read the ink it left."""
    W, H = 1100, 660
    card = Image.new("RGB", (W, H), (246, 246, 240))
    dr = ImageDraw.Draw(card)
    goth = "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf"
    minc = "/usr/share/fonts/opentype/ipafont-mincho/ipam.ttf"

    def put(x, y, text, size, path=goth):
        dr.text((x, y), text, fill=(20, 20, 20),
                font=ImageFont.truetype(path, size))

    put(66, 62, "人事部", 28)
    put(66, 104, "次長", 28)
    put(66, 146, "あんどう まい", 22)
    put(66, 180, "安藤", 72, minc)
    put(300, 180, "舞", 72, minc)
    dr.polygon([(1010, 64), (990, 108), (1032, 108)], fill=(20, 20, 20))
    put(600, 334, "ブルーオーシャン株式会社", 34)
    put(66, 396, "〒760-0019 香川県高松市サンポート9-6-7", 28)
    put(66, 436, "ブルーオセンタービル 17F", 28)
    put(66, 478, "Tel. 087-945-2928  Fax. 087-945-2937", 28)
    put(66, 520, "Email ando-m@blueocean.co.jp", 28)
    card = card.filter(ImageFilter.GaussianBlur(1.0))
    rnd = random.Random(3)
    px = card.load()
    for y in range(H):
        for x in range(W):
            d = ((x - W * 0.6) ** 2 + (y - H * 0.5) ** 2) ** 0.5 / (W * 0.7)
            k, n = 1.0 - 0.35 * d, rnd.gauss(0, 7)
            px[x, y] = tuple(max(0, min(255, int(c * k + n)))
                             for c in px[x, y])
    return card


def check_corner_block(put):
    """The block at the top left is read whole (needs the IPA fonts)."""
    want = {"name": "安藤 舞", "family_name": "安藤", "given_name": "舞",
            "name_reading": "あんどう まい", "department": "人事部",
            "title": "次長", "company": "ブルーオーシャン株式会社",
            "phone": "087-945-2928", "fax": "087-945-2937",
            "email": "ando-m@blueocean.co.jp"}
    scan_card(put, "ipafont-mincho/ipam.ttf", "corner.jpg", corner_card(), 85,
              "corner-block card", want)


def check_regression_photos():
    """Rendered photos that once went wrong (tests/data/cards/README.md)."""
    d = os.path.join(SRC, "tests", "data", "cards")
    cases = [
        ("horizontal-band-bottom.jpg",
         {"orientation": 0, "vertical": False, "name": "森田 真理子",
          "postal_code": "450-0002", "email": "morita.mariko@nds.co.jp"}),
        ("vertical-contact-lines.jpg",
         {"vertical": True, "phone": "03-4861-0925",
          "email": "mizuno@cosmo-is.co.jp"}),
        ("building-read-twice.jpg",
         {"address": "兵庫県神戸市中央区御幸通5-10-23 御幸通タワー 7F"}),
        ("vertical-phone-misread.jpg",
         {"vertical": True, "phone": "03-1393-1710",
          "mobile": "090-6091-7846"}),
        ("faint-dai-ni.jpg",
         {"address": "東京都千代田区有楽町8-25-13 第二有楽町ビル 15F"}),
        ("read-sideways.jpg",
         {"orientation": 270, "vertical": False,
          "address": "東京都新宿区西新宿7丁目16-24 西新宿ビル 3F"}),
        ("title-read-as-latin.jpg", {"title": "主任", "name": "松尾 海斗"}),
        ("title-small-unread.jpg", {"title": "課長", "department": "総務部"}),
        ("name-kanji-split.jpg", {"name": "福島 亮", "given_name": "亮"}),
        ("name-over-reading.jpg", {"name": "藤原 美穂"}),
        ("cutting-mat-grid.jpg",
         {"card_found": True, "name": "小沢 淳", "postal_code": "105-0011"}),
        ("two-tone-postal-unread.jpg",
         {"postal_code": "760-0019",
          "address": "香川県高松市 サンポート3-8-24"}),
        ("two-tone-on-mat.jpg",
         {"card_found": True, "postal_code": "260-0013",
          "phone": "043-186-1907",
          "email": "maeda.hitomi@tsubasa-ad.co.jp"}),
        ("faint-band-print.jpg",
         {"postal_code": "104-0031", "phone": "03-3388-0748",
          "email": "ishii@sakura-systems.co.jp"}),
    ]
    rc, out, _, err = run_scan([os.path.join(d, c[0]) for c in cases],
                               "--jobs", "2")
    check(rc == 0 and len(out) == len(cases), "regression photos scan: " + err)
    for (name, want), o in zip(cases, out):
        for k, v in want.items():
            check(o.get(k) == v, "%s %s: got %r, want %r" %
                  (name, k, o.get(k), v))
    # A name found by the re-read is outlined where it was read, inside
    # the card (the review page draws the box).
    for (name, _), o in zip(cases, out):
        if name == "name-over-reading.jpg":
            b = o.get("boxes", {}).get("name") or [0, 0, 0, 0]
            check(b[2] > 0 and b[3] > 0 and
                  b[0] + b[2] <= o["card_size"][0] and
                  b[1] + b[3] <= o["card_size"][1],
                  "re-read name's box inside the card: %r in %r" %
                  (b, o.get("card_size")))
    # The mended email is marked for the review desk.
    if len(out) == len(cases):
        check(out[1]["confidence"]["email"] < 0.6,
              "a mended email asks for review: %r" %
              out[1]["confidence"]["email"])
        # So does a number read again.
        check(out[3]["confidence"]["phone"] < 0.6,
              "a number read again asks for review: %r" %
              out[3]["confidence"]["phone"])
        # And a numeral the ink showed more strokes of than the OCR read.
        check(out[4]["confidence"]["address"] < 0.6,
              "a numeral mended from its strokes asks for review: %r" %
              out[4]["confidence"]["address"])
        # And a title read again with the title dictionary's characters.
        check(out[6]["confidence"]["title"] < 0.6,
              "a title read again asks for review: %r" %
              out[6]["confidence"]["title"])


def check_eval_kind(tmp):
    """`meishi eval --kind` counts only the cards of that kind."""
    import shutil
    d = os.path.join(tmp, "evalset")
    os.mkdir(d)
    for base in ("card-005-en", "card-003-jah"):
        for ext in (".jpg", ".json"):
            shutil.copy(os.path.join(SRC, "samples", base + ext), d)
    r = subprocess.run([MEISHI, "eval", "--jobs", "2", "--json", "--kind",
                        "en", d], capture_output=True, timeout=300)
    check(r.returncode == 0, "eval --kind runs: %r" % r.stderr[-300:])
    rep = json.loads(r.stdout or b"{}")
    check(list(rep.get("kinds", {})) == ["en"],
          "eval --kind en reports only English cards: %r"
          % rep.get("kinds"))
    r = subprocess.run([MEISHI, "eval", "--kind", "ja-vertical", d],
                       capture_output=True, timeout=300)
    check(r.returncode == 1 and b"no photos of kind" in r.stderr,
          "eval --kind with no such cards says so: %r" % r.stderr)


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

        check_vertical(put)
        check_edge_columns(put)
        check_faint_mail(put)
        check_corner_block(put)
        check_eval_kind(d)
        check_regression_photos()

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
