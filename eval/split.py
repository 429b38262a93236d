#!/usr/bin/env python3
"""Split eval/<business>.<lang>.jsonl into <business>.dev.<lang>.jsonl (~60%) and
<business>.holdout.<lang>.jsonl (~40%).

Deterministic: a line goes to holdout when the SHA-256 of its whitespace-normalised,
lower-cased text, read as a number, falls in the top 40% (first 8 hex digits mod 100 >= 60).
Re-running gives the same split; editing a line can move only that line.

Usage: python3 eval/split.py            (all eval/*.en.jsonl and eval/*.es.jsonl source files)
       python3 eval/split.py FILE...
"""
import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = re.compile(r"^([a-z0-9-]+)\.([a-z]{2})\.jsonl$")  # hotel.en.jsonl, not hotel.dev.en.jsonl
HOLDOUT_PERCENT = 40


def is_holdout(text: str) -> bool:
    key = " ".join(text.lower().split()).encode("utf-8")
    return int(hashlib.sha256(key).hexdigest()[:8], 16) % 100 >= 100 - HOLDOUT_PERCENT


def split(path: Path) -> None:
    m = SOURCE.match(path.name)
    if not m:
        sys.exit(f"{path}: not a source file named <business>.<lang>.jsonl")
    business, lang = m.groups()
    dev, holdout = [], []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
            text = case["text"]
        except (ValueError, KeyError, TypeError) as e:
            sys.exit(f"{path}:{n}: not a case with a text field ({e})")
        (holdout if is_holdout(text) else dev).append(line)
    for part, lines in (("dev", dev), ("holdout", holdout)):
        out = path.with_name(f"{business}.{part}.{lang}.jsonl")
        out.write_text("".join(l + "\n" for l in lines), encoding="utf-8")
    print(f"{path.name}: {len(dev)} dev, {len(holdout)} holdout")


def main() -> None:
    files = [Path(a) for a in sys.argv[1:]] or sorted(
        p for p in HERE.glob("*.jsonl") if SOURCE.match(p.name)
    )
    for f in files:
        split(f)


if __name__ == "__main__":
    main()
