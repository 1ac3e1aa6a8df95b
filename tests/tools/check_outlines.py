#!/usr/bin/python3
"""Measure the card finder directly: how many card outlines are right.

Usage:
  check_outlines.py [--finder build/bench_outline] [--tol 0.03]
                    [--truth QUAD_DIR] [--ref OUTLINES.jsonl]
                    [--save OUTLINES.jsonl] [--jobs N] DIR...

Runs build/bench_outline (the finder alone, no OCR) on every photo in each
DIR and compares the outline found with the truth:

  * NAME.quad.json beside the photo or in --truth QUAD_DIR (written by
    make_cards.py --save-quad): the card's true corners in the photo.  For
    an already-cropped scan the truth is the whole image, so passing it
    through counts as right.  The quads of samples/ are in
    tests/data/sample-quads (not beside the photos, where check_truth.py
    reads every .json as a contact).
  * or, with --ref, the outlines of an earlier run saved with --save (for
    real photos without corner truth: a check that nothing moved).

An outline is right when every corner is within --tol (default 3 %) of the
card's diagonal of the true corner, whichever corner the finder calls its
first (a card photographed upside down is found with its corners turned).
Prints the count of right outlines, by background, and each wrong one.
Exit status 0 (it measures; it does not judge).
"""
import argparse
import json
import math
import os
import subprocess
import sys

PHOTO_EXT = (".jpg", ".jpeg", ".png", ".heic")


def run_finder(finder, paths, jobs):
    """bench_outline's JSON objects, by photo path, in jobs processes."""
    chunks = [paths[i::jobs] for i in range(jobs)]
    procs = [subprocess.Popen([finder] + c, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL)
             for c in chunks if c]
    out = {}
    for p in procs:
        data, _ = p.communicate()
        for line in data.decode().splitlines():
            if line.strip():
                o = json.loads(line)
                out[o["source"]] = o
    return out


def quad_error(got, want):
    """Worst corner distance over the card's diagonal, for the best
    matching of corners (4 turns, either direction)."""
    diag = 0.5 * (math.dist(want[0], want[2]) + math.dist(want[1], want[3]))
    best = float("inf")
    for order in (got, got[::-1]):
        for k in range(4):
            worst = max(math.dist(order[(i + k) % 4], want[i])
                        for i in range(4))
            best = min(best, worst)
    return best / diag if diag > 0 else float("inf")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--finder", default="build/bench_outline")
    ap.add_argument("--tol", type=float, default=0.03)
    ap.add_argument("--truth", help="directory of NAME.quad.json files")
    ap.add_argument("--ref", help="JSON Lines of outlines to compare with")
    ap.add_argument("--save", help="write the outlines found here")
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()

    ref = {}
    if a.ref:
        with open(a.ref, encoding="utf-8") as f:
            for line in f:
                o = json.loads(line)
                ref[os.path.basename(o["source"])] = o
    paths = []
    for d in a.dirs:
        for name in sorted(os.listdir(d)):
            if name.lower().endswith(PHOTO_EXT):
                paths.append(os.path.join(d, name))
    found = run_finder(a.finder, paths, max(1, a.jobs))
    if a.save:
        with open(a.save, "w", encoding="utf-8") as f:
            for p in paths:
                if p in found:
                    f.write(json.dumps(found[p]) + "\n")

    total = right = 0
    by_bg = {}
    wrong = []
    times = []
    for p in paths:
        base = os.path.basename(p)
        stem = os.path.splitext(p)[0]
        if a.truth:
            stem = os.path.join(a.truth, os.path.splitext(base)[0])
        got = found.get(p)
        if a.ref:
            r = ref.get(base)
            if not r:
                continue
            want = r["quad"]
            bg = "ref"
        else:
            if not os.path.exists(stem + ".quad.json"):
                continue
            with open(stem + ".quad.json", encoding="utf-8") as f:
                t = json.load(f)
            want = t["quad"]
            bg = t.get("background") or t.get("style", "?")
        total += 1
        if not got:
            err = float("inf")
        else:
            times.append(got["ms"])
            if not a.ref:
                # The finder works on the decoded photo, scaled to the
                # working size: bring the truth to those pixels.
                sx = got["size"][0] / t["size"][0]
                sy = got["size"][1] / t["size"][1]
                want = [[x * sx, y * sy] for x, y in want]
            err = quad_error(got["quad"], want)
        ok = err <= a.tol
        right += ok
        s = by_bg.setdefault(bg, [0, 0])
        s[0] += ok
        s[1] += 1
        if not ok:
            wrong.append((base, bg, err, got["found"] if got else None))
    print("outlines right (corners within %.1f %% of the diagonal): "
          "%d/%d" % (100 * a.tol, right, total))
    for bg in sorted(by_bg):
        print("  %-12s %d/%d" % (bg, by_bg[bg][0], by_bg[bg][1]))
    if times:
        times.sort()
        print("finder+warp time per photo: median %.0f ms, max %.0f ms "
              "(noisy on a shared machine)" %
              (times[len(times) // 2], times[-1]))
    if wrong:
        print("wrong:")
        for base, bg, err, f in wrong:
            print("  %-28s %-10s error %s found=%s" %
                  (base, bg, "%.1f %%" % (100 * err)
                   if err != float("inf") else "-", f))
    return 0


if __name__ == "__main__":
    sys.exit(main())
