#!/usr/bin/env python3
"""Speed and memory benchmark of the scan pipeline (not a test).

Usage: /usr/bin/python3 tests/tools/bench_scan.py build/meishi [DIR]

1. `meishi eval --jobs 1 DIR` (default samples/): accuracy, and the median
   time per card for each photo size, on one core, engines already loaded.
2. `meishi scan --jobs 1 PHOTO` as a fresh process for the largest photo of
   each size in DIR: wall time including start-up and model loading, and
   the process's peak resident memory (from wait4's rusage).
"""
import os
import subprocess
import sys
import time

from PIL import Image


def main():
    meishi = sys.argv[1]
    d = sys.argv[2] if len(sys.argv) > 2 else "samples"
    print("== meishi eval --jobs 1 %s" % d, flush=True)
    subprocess.run([meishi, "eval", "--jobs", "1", d], check=True,
                   stderr=subprocess.DEVNULL)
    by_size = {}
    for name in sorted(os.listdir(d)):
        if not name.lower().endswith((".jpg", ".jpeg", ".png", ".heic")):
            continue
        p = os.path.join(d, name)
        with Image.open(p) as im:
            w, h = im.size
        by_size.setdefault((max(w, h), min(w, h)), p)
    print("\n== one photo per fresh `meishi scan --jobs 1` process")
    print("%-12s %-28s %8s %10s" % ("size", "photo", "wall s", "peak MB"))
    for (w, h), p in sorted(by_size.items()):
        t0 = time.monotonic()
        proc = subprocess.Popen([meishi, "scan", "--jobs", "1", p],
                                stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.monotonic() - t0
        print("%-12s %-28s %8.2f %10.1f" % ("%dx%d" % (w, h),
              os.path.basename(p), wall, ru.ru_maxrss / 1024.0))
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            print("  (exit status %d)" % os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    main()
