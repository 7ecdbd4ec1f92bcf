#!/usr/bin/env python3
"""Writes the enterprise case of docs/scale.md to stdout: the example
scenario (scenarios/key_accounts.toml) grown to 2,000 accounts, 28 products
(each of its 7 products four times over, as "<name> 1" to "<name> 4") and
60 months. Usage: python3 scripts/enterprise.py > enterprise.toml"""

import re
import sys
from pathlib import Path

COPIES = 4
# Accounts per tier: 10, 40, 100 in the example -> 130, 520, 1350 (2,000).
ACCOUNTS = {10: 130, 40: 520, 100: 1350}

src = (Path(__file__).resolve().parent.parent / "scenarios" / "key_accounts.toml").read_text()
src = re.sub(r'^name = "(.*)"$', r'name = "Enterprise case: \1"', src, count=1, flags=re.M)
names = re.findall(r'^\[\[products\]\]\nname = "([^"]+)"', src, flags=re.M)

out = []
lines = src.split("\n")
i = 0
while i < len(lines):
    line = lines[i]
    if line == "[[products]]":
        # The block up to the next blank line, four times over.
        j = i
        while j < len(lines) and lines[j].strip() != "":
            j += 1
        block = lines[i:j]
        for c in range(1, COPIES + 1):
            out += [re.sub(r'^name = "([^"]+)"', rf'name = "\1 {c}"', l) for l in block]
            out.append("")
        i = j + 1
        continue
    m = re.match(r'^"([^"]+)" = (.*)$', line)
    if m and m.group(1) in names:
        out += [f'"{m.group(1)} {c}" = {m.group(2)}' for c in range(1, COPIES + 1)]
        i += 1
        continue
    m = re.match(r"^cross_sell = \[(.*)\]$", line)
    if m:
        items = [s.strip() for s in m.group(1).split(",") if s.strip()]
        grown = [f'"{s.strip(chr(34))} {c}"' for s in items for c in range(1, COPIES + 1)]
        out.append(f"cross_sell = [{', '.join(grown)}]")
        i += 1
        continue
    m = re.match(r"^accounts = (\d+)$", line)
    if m and int(m.group(1)) in ACCOUNTS:
        out.append(f"accounts = {ACCOUNTS[int(m.group(1))]}")
        i += 1
        continue
    line = re.sub(r"^horizon_months = \d+", "horizon_months = 60", line)
    out.append(line)
    i += 1
sys.stdout.write("\n".join(out))
