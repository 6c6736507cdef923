#!/usr/bin/env python3
"""Normalises bpftrace-style output for a byte-for-byte comparison.

bpftrace prints a count/sum/... map sorted by value, but entries whose
values tie come in its hash table's order, which sonde need not share:
each run of consecutive map lines ("@name[key]: value") with the same
value is sorted.  bpftrace's RLIMIT_MEMLOCK complaint is dropped.
"""
import re
import sys

MAP_LINE = re.compile(r'^(@[A-Za-z0-9_]*\[.*\]): (.*)$')


def normalise(lines):
    out, run, run_value = [], [], None

    def flush():
        out.extend(sorted(run))
        run.clear()

    for line in lines:
        if 'RLIMIT_MEMLOCK' in line:
            continue
        m = MAP_LINE.match(line)
        if m and m.group(2) == run_value:
            run.append(line)
            continue
        flush()
        if m:
            run.append(line)
            run_value = m.group(2)
        else:
            run_value = None
            out.append(line)
    flush()
    return out


if __name__ == '__main__':
    with open(sys.argv[1], errors='replace') as f:
        sys.stdout.write(''.join(normalise(f.read().splitlines(True))))
