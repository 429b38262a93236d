#!/usr/bin/env python3
"""Split the shipped corpus of one or more languages into train.jsonl and heldout.jsonl.

Usage: python3 corpus/split.py [LANG ...]      (default: every corpus/<lang>/ folder)

Input per language, in corpus/<lang>/: all.jsonl if it exists (new or edited lines),
plus train.jsonl and heldout.jsonl if they exist (an earlier split). Their union, without
exact duplicates, is split again and all.jsonl is removed, so a folder ends with exactly
train.jsonl and heldout.jsonl and no line is in both. To add lines, append them to
corpus/<lang>/all.jsonl (or to train.jsonl) and run this script again.

Which file a line goes to depends only on its text: sha256 of the UTF-8 text, first
8 bytes as a number, modulo 100 below HELDOUT_PERCENT means held out. The same line
always lands in the same file, whatever else is in the corpus; editing a line's text
may move it. Lines are written grouped by kind in kinds.yaml order, each group in the
order the lines were read, so running the script twice changes nothing.

heldout.jsonl is for reporting accuracy only: never tune the matcher or rules on it.

Each line must be a JSON object {"text": non-empty string, "kind": an id from
corpus/kinds.yaml}; anything else stops the script with file:line and what is wrong,
before any file is written. Standard library only.
"""
import hashlib
import json
import os
import re
import sys

HELDOUT_PERCENT = 15
CORPUS = os.path.dirname(os.path.abspath(__file__))


def kind_ids():
    with open(os.path.join(CORPUS, "kinds.yaml"), encoding="utf-8") as f:
        ids = re.findall(r"^\s*-\s*\{\s*id:\s*([a-z0-9-]+)\s*,", f.read(), re.M)
    if not ids:
        sys.exit("corpus/kinds.yaml: no kind ids found (expected lines like '- { id: noise, ... }')")
    return ids


def held_out(text):
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % 100 < HELDOUT_PERCENT


def read_lines(path, kinds, errors):
    rows = []
    if not os.path.exists(path):
        return rows
    rel = os.path.relpath(path, os.path.dirname(CORPUS))
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            where = f"{rel}:{n}"
            try:
                row = json.loads(raw)
            except json.JSONDecodeError as e:
                errors.append(f"{where}: not valid JSON ({e.msg})")
                continue
            if not isinstance(row, dict) or set(row) != {"text", "kind"}:
                errors.append(f'{where}: expected an object with exactly "text" and "kind"')
                continue
            text, kind = row["text"], row["kind"]
            if not isinstance(text, str) or not text.strip():
                errors.append(f"{where}: text must be a non-empty string")
                continue
            if kind not in kinds:
                errors.append(f"{where}: kind {kind!r} is not an id in corpus/kinds.yaml")
                continue
            rows.append({"text": text.strip(), "kind": kind})
    return rows


def split_language(lang, kinds):
    folder = os.path.join(CORPUS, lang)
    paths = {name: os.path.join(folder, name + ".jsonl") for name in ("all", "train", "heldout")}
    errors = []
    rows = []
    for name in ("train", "heldout", "all"):
        rows += read_lines(paths[name], kinds, errors)
    if errors:
        sys.exit("\n".join(errors))
    seen, unique, conflicts = {}, [], []
    for row in rows:
        prev = seen.get(row["text"])
        if prev is None:
            seen[row["text"]] = row["kind"]
            unique.append(row)
        elif prev != row["kind"]:
            conflicts.append(f'corpus/{lang}: "{row["text"]}" is labelled both {prev} and {row["kind"]}')
    if conflicts:
        sys.exit("\n".join(conflicts))
    if not unique:
        sys.exit(f"corpus/{lang}: no lines (expected all.jsonl, or train.jsonl and heldout.jsonl)")
    order = {k: i for i, k in enumerate(kinds)}
    unique.sort(key=lambda r: order[r["kind"]])  # stable: keeps reading order within a kind
    out = {"train": [], "heldout": []}
    for row in unique:
        out["heldout" if held_out(row["text"]) else "train"].append(row)
    missing = sorted({r["kind"] for r in unique} - {r["kind"] for r in out["heldout"]})
    if missing:
        print(f"corpus/{lang}: warning: no held-out line for kind(s) {', '.join(missing)}", file=sys.stderr)
    for name, part in out.items():
        tmp = paths[name] + ".tmp"
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            for row in part:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        os.replace(tmp, paths[name])
    if os.path.exists(paths["all"]):
        os.remove(paths["all"])
    counts = {}
    for name, part in out.items():
        for row in part:
            counts.setdefault(row["kind"], [0, 0])[name == "heldout"] += 1
    print(f"corpus/{lang}: {len(unique)} lines, train {len(out['train'])}, heldout {len(out['heldout'])}")
    for kind in kinds:
        if kind in counts:
            tr, ho = counts[kind]
            print(f"  {kind:20} {tr + ho:4}  train {tr:3}  heldout {ho:3}")


def main(argv):
    kinds = kind_ids()
    langs = argv or sorted(
        d for d in os.listdir(CORPUS)
        if os.path.isdir(os.path.join(CORPUS, d)) and not d.startswith(".")
    )
    for lang in langs:
        if not os.path.isdir(os.path.join(CORPUS, lang)):
            sys.exit(f"corpus/{lang}: no such language folder")
        split_language(lang, kinds)


if __name__ == "__main__":
    main(sys.argv[1:])
