#!/usr/bin/python3
"""Check hand-written truth files for `meishi eval`.

Usage: check_truth.py DIR [KIND]. Every *.json in DIR must be valid UTF-8
JSON holding exactly the fifteen field keys plus "kind", all strings, with
a lower-case email and a CEP-shaped postal code; if KIND is given, every
file's kind must equal it. Prints one line per problem and a summary, and
exits 1 if there was any problem.
"""
import json
import pathlib
import re
import sys

FIELDS = ["name", "family_name", "given_name", "name_reading", "name_latin",
          "company", "department", "title", "postal_code", "address",
          "phone", "fax", "mobile", "email", "url"]


def check(path, kind):
    probs = []
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as e:
        return [f"not valid JSON: {e}"]
    if not isinstance(d, dict):
        return ["not a JSON object"]
    want = set(FIELDS) | {"kind"}
    if set(d) != want:
        probs.append(f"keys differ: missing {sorted(want - set(d))}, "
                     f"extra {sorted(set(d) - want)}")
    for k, v in d.items():
        if not isinstance(v, str):
            probs.append(f"{k} is not a string")
        elif v != " ".join(v.split()):
            probs.append(f"{k} has leading, trailing or double spaces")
    if kind and d.get("kind") != kind:
        probs.append(f"kind is {d.get('kind')!r}, want {kind!r}")
    em = d.get("email", "")
    if isinstance(em, str) and em != em.lower():
        probs.append("email not lower case")
    pc = d.get("postal_code", "")
    if kind == "pt" and pc and not re.fullmatch(r"\d{5}-\d{3}", pc):
        probs.append(f"postal_code {pc!r} is not a CEP NNNNN-NNN")
    url = d.get("url", "")
    if isinstance(url, str) and url.endswith("/"):
        probs.append("url ends with /")
    return probs


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__)
        return 2
    kind = sys.argv[2] if len(sys.argv) == 3 else None
    files = sorted(pathlib.Path(sys.argv[1]).glob("*.json"))
    bad = 0
    for f in files:
        for p in check(f, kind):
            print(f"{f.name}: {p}")
            bad += 1
    print(f"{len(files)} files, {bad} problems")
    return 1 if bad or not files else 0


if __name__ == "__main__":
    sys.exit(main())
