#!/usr/bin/env python3
"""Turns jquery-jpostal-ja's json/NNN.json files into models/postal-ja.tsv.

Each json/NNN.json is a JSONP call whose argument is a list of rows
[ "_NNNNNNN", prefecture, city, town, street, office, pref kana, city kana,
town kana ]. street and office are set only for the codes Japan Post gives
to large offices (事業所個別番号). Several rows may share one code. A row
with a 3-digit code names the area of a code prefix (skipped), and
json/000.json carries the data's version and date.

The table is UTF-8, NFKC-normalised (so full-width digits become ASCII, as
they do in Meishi's OCR text), sorted by code, one row per line:

    code <TAB> prefecture <TAB> city <TAB> town <TAB> street

A prefecture or city equal to the row above is left empty ("ditto") to keep
the file small; the loader fills it in. Lines starting with '#' are
comments. Office names and kana are not kept.
"""
import glob
import json
import os
import sys
import unicodedata


def nfkc(s):
    return unicodedata.normalize("NFKC", s).replace("\t", " ").strip()


def main():
    src, dst, version = sys.argv[1], sys.argv[2], sys.argv[3]
    rows = set()
    info = "unknown"
    for fn in sorted(glob.glob(os.path.join(src, "*.json"))):
        with open(fn, encoding="utf-8") as f:
            s = f.read()
        s = s[s.index("(") + 1:s.rindex(")")]
        for r in json.loads(s):
            code = r[0].lstrip("_")
            if code == "000info":
                info = r[2]
                continue
            if len(code) == 3:
                continue  # a 3-digit area row for partial input
            if len(code) != 7 or not code.isdigit():
                raise SystemExit("bad code %r in %s" % (r[0], fn))
            rows.add((code, nfkc(r[1]), nfkc(r[2]), nfkc(r[3]),
                      nfkc(r[4])))
    rows = sorted(rows)
    with open(dst, "w", encoding="utf-8", newline="\n") as out:
        out.write("# Japan Post postal codes from jquery-jpostal-ja %s "
                  "(MIT, Copyright 2014-, Aoki Makoto, Ninton G.K.).\n"
                  % version)
        out.write("# Data version and dates (from json/000.json): %s\n"
                  % info)
        out.write("# code\tprefecture\tcity\ttown\tstreet "
                  "(empty prefecture/city: same as the row above)\n")
        prev = None
        for r in rows:
            f = list(r)
            if prev and prev[1] == r[1]:
                f[1] = ""
                if prev[2] == r[2]:
                    f[2] = ""
            out.write("\t".join(f) + "\n")
            prev = r
    print("%d rows" % len(rows))


if __name__ == "__main__":
    main()
