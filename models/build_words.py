#!/usr/bin/env python3
"""Builds models/words-ja.tsv, the two-kanji words Meishi matches against the
words of a company's web domain (東洋精機 for toyo-seiki.jp), from the noun
entries of MeCab's IPA dictionary (Debian package mecab-ipadic, files
/usr/share/mecab/dic/ipadic/Noun*.csv, EUC-JP).

ipadic rows read: surface,left-id,right-id,cost,名詞,...,base,reading,
pronunciation. Kept: surfaces of exactly two kanji (々 counts) from the
general, verbal (サ変), adjectival, place, proper and organisation noun
files, with their reading. Person names are left out (names-ja.tsv has
them).

The table is UTF-8, sorted by reading then cost then surface:

    reading <TAB> surface <TAB> cost

reading is the ipadic katakana reading turned into hiragana; cost is ipadic's
word cost (lower is more common), the lowest where a (surface, reading)
pair appears in several files.

Usage: python3 models/build_words.py [ipadic-dir] [out.tsv]
"""
import os
import sys
import unicodedata

FILES = ["Noun.csv", "Noun.verbal.csv", "Noun.adjv.csv", "Noun.place.csv",
         "Noun.proper.csv", "Noun.org.csv"]


def hira(s):
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in s)


def kanji(c):
    return "\u4e00" <= c <= "\u9fff" or c == "々"


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/mecab/dic/ipadic"
    dst = sys.argv[2] if len(sys.argv) > 2 else "words-ja.tsv"
    best = {}
    for name in FILES:
        with open(os.path.join(src, name), encoding="euc-jp") as f:
            for line in f:
                p = line.rstrip("\n").split(",")
                if len(p) < 12 or p[11] == "*":
                    continue
                surface = unicodedata.normalize("NFKC", p[0])
                if len(surface) != 2 or not all(kanji(c) for c in surface):
                    continue
                reading = hira(p[11])
                if not all("ぁ" <= c <= "ゖ" or c == "ー" for c in reading):
                    continue
                key = (reading, surface)
                cost = int(p[3])
                if key not in best or cost < best[key]:
                    best[key] = cost
    rows = sorted((r, c, s) for (r, s), c in best.items())
    with open(dst, "w", encoding="utf-8", newline="\n") as out:
        out.write("# Two-kanji nouns with readings in hiragana, from "
                  "mecab-ipadic Noun*.csv.\n")
        out.write("# reading\tsurface\tcost\n")
        for r, c, s in rows:
            out.write("%s\t%s\t%d\n" % (r, s, c))
    print("%d rows" % len(rows))


if __name__ == "__main__":
    main()
