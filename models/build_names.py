#!/usr/bin/env python3
"""Builds models/names-ja.tsv, Meishi's Japanese name dictionary, from the
person-name entries of MeCab's IPA dictionary (Debian package mecab-ipadic,
file /usr/share/mecab/dic/ipadic/Noun.name.csv, EUC-JP).

ipadic rows read: surface,left-id,right-id,cost,名詞,固有名詞,人名,姓|名,
*,*,base,reading,pronunciation. Only 姓 (surname) and 名 (given name) rows
are kept; 一般 rows (full names of famous people) are not.

The table is UTF-8, sorted by kind then surface, one row per line:

    kind <TAB> surface <TAB> reading <TAB> cost

kind is 's' (surname) or 'g' (given name); reading is the ipadic katakana
reading turned into hiragana; cost is ipadic's word cost (lower is more
common). One surface may have several rows, one per reading.

Given names ipadic lacks (it is of 2007: 裕太, 颯太, 大翔) are added from
models/names-extra-ja.txt, written for Meishi.

Usage: python3 models/build_names.py [Noun.name.csv] [out.tsv]
"""
import os
import sys
import unicodedata

# The ipadic cost given to a name from names-extra-ja.txt: about the median
# of ipadic's given names (8462), so it is neither preferred nor shunned.
EXTRA_COST = 8450


def hira(s):
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in s)


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else \
        "/usr/share/mecab/dic/ipadic/Noun.name.csv"
    dst = sys.argv[2] if len(sys.argv) > 2 else "names-ja.tsv"
    best = {}
    with open(src, encoding="euc-jp") as f:
        for line in f:
            p = line.rstrip("\n").split(",")
            if len(p) < 12 or p[6] != "人名" or p[7] not in ("姓", "名"):
                continue
            kind = "s" if p[7] == "姓" else "g"
            surface = unicodedata.normalize("NFKC", p[0])
            reading = hira(p[11])
            if not surface or not reading or "\t" in surface:
                continue
            key = (kind, surface, reading)
            cost = int(p[3])
            if key not in best or cost < best[key]:
                best[key] = cost
    # Given names ipadic lacks (models/names-extra-ja.txt), at a common
    # given name's cost.
    extra = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                         "names-extra-ja.txt")
    if os.path.exists(extra):
        with open(extra, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                kind, surface, reading = line.rstrip("\n").split("\t")
                best.setdefault((kind, surface, reading), EXTRA_COST)
    with open(dst, "w", encoding="utf-8", newline="\n") as out:
        out.write("# Japanese surnames (s) and given names (g) with "
                  "readings in hiragana, from mecab-ipadic Noun.name.csv "
                  "and names-extra-ja.txt.\n")
        out.write("# kind\tsurface\treading\tcost\n")
        for (kind, surface, reading), cost in sorted(best.items()):
            out.write("%s\t%s\t%s\t%d\n" % (kind, surface, reading, cost))
    print("%d rows" % len(best))


if __name__ == "__main__":
    main()
