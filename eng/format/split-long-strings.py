#!/usr/bin/env python3
"""Splits the longest string literal of each over-long C# line in two at a space: "a b" -> "a " + "b"."""
# Usage: python3 eng/format/split-long-strings.py src samples, then `dotnet csharpier format src samples` again
# (CSharpier breaks lines between expressions, never inside a string literal).
import pathlib, sys

LIMIT = 140

def literals(line):
    """(start, end, interpolated) of simple regular and $-interpolated literals; end is past the closing quote."""
    out, i, n = [], 0, len(line)
    while i < n:
        c = line[i]
        if c == "/" and line[i:i+2] == "//": break
        if c == "'":  # char literal
            j = i + 1
            while j < n and line[j] != "'":
                j += 2 if line[j] == "\\" else 1
            i = j + 1; continue
        if c == '"':
            interp = i > 0 and line[i-1] == "$"
            verbatim = i > 0 and line[i-1] == "@" or (i > 1 and line[i-2:i] in ("$@", "@$"))
            if line[i:i+3] == '"""' or verbatim:
                return out  # raw or verbatim: leave the line alone
            start = i - 1 if interp else i
            j, depth, ok = i + 1, 0, True
            while j < n:
                ch = line[j]
                if ch == "\\" and depth == 0: j += 2; continue
                if interp and ch == "{":
                    if line[j:j+2] == "{{" and depth == 0: j += 2; continue
                    depth += 1
                elif interp and ch == "}":
                    if line[j:j+2] == "}}" and depth == 0: j += 2; continue
                    depth -= 1
                elif ch == '"':
                    if depth == 0: break
                    ok = False
                j += 1
            if ok and j < n: out.append((start, j + 1, interp))
            i = j + 1; continue
        i += 1
    return out

def split_once(line):
    lits = [l for l in literals(line) if l[1] - l[0] > 40]
    if not lits: return None
    start, end, interp = max(lits, key=lambda l: l[1] - l[0])
    q = start + (2 if interp else 1)  # first char of content
    content = line[q:end-1]
    depth, cut = 0, -1
    target = len(content) // 2
    for k, ch in enumerate(content):
        if interp and ch == "{": depth += 1
        elif interp and ch == "}": depth -= 1
        elif ch == " " and depth == 0 and (cut < 0 or abs(k - target) < abs(cut - target)): cut = k
    if cut <= 0 or cut >= len(content) - 1: return None
    if content[cut-1] == "\\": return None
    a, b = content[:cut+1], content[cut+1:]
    def lit(s): return ('$"' if interp and "{" in s else '"') + s + '"'
    return line[:start] + lit(a) + " + " + lit(b) + line[end:]

for root in sys.argv[1:]:
    for p in pathlib.Path(root).rglob("*.cs"):
        if "/obj/" in str(p) or "/bin/" in str(p): continue
        lines = p.read_text().split("\n"); changed = False
        for idx, l in enumerate(lines):
            if len(l) > LIMIT and not l.strip().startswith("//"):
                new = split_once(l)
                if new: lines[idx] = new; changed = True
        if changed: p.write_text("\n".join(lines))
