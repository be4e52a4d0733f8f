#!/usr/bin/env python3
"""Re-wraps /// documentation lines longer than the limit at spaces outside XML tags."""
# Usage: python3 eng/format/wrap-doc-comments.py src samples (after `dotnet csharpier format`, which leaves comments alone).
import pathlib, sys

LIMIT = 140
WIDTH = 120

def words(text):
    out, cur, depth = [], "", 0
    for ch in text:
        if ch == "<": depth += 1
        elif ch == ">": depth = max(0, depth - 1)
        if ch == " " and depth == 0:
            if cur: out.append(cur)
            cur = ""
        else:
            cur += ch
    if cur: out.append(cur)
    return out

def wrap(line):
    indent = line[: len(line) - len(line.lstrip())]
    prefix = indent + "/// "
    body = line.strip()[3:].lstrip()
    lines, cur = [], ""
    for w in words(body):
        if cur and len(prefix) + len(cur) + 1 + len(w) > WIDTH:
            lines.append(prefix + cur); cur = w
        else:
            cur = w if not cur else cur + " " + w
    if cur: lines.append(prefix + cur)
    return lines

for root in sys.argv[1:]:
    for p in pathlib.Path(root).rglob("*.cs"):
        if "/obj/" in str(p) or "/bin/" in str(p): continue
        src = p.read_text().split("\n"); out = []; changed = False
        for l in src:
            if len(l) > LIMIT and l.strip().startswith("///"):
                out.extend(wrap(l)); changed = True
            else:
                out.append(l)
        if changed: p.write_text("\n".join(out))
