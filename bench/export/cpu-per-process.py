#!/usr/bin/env python3
"""CPU seconds of a command and of every process it starts, read from /proc while they run (a worker the CLI does not
reap is missed by /usr/bin/time). Prints one line per process (command line head, user + system seconds) and the
total. Sampled every 0.1 s: a process that lives < 0.1 s may be missed, and the last 0.1 s of each is not counted.
  python3 bench/export/cpu-per-process.py node bin/automl.js run data.csv --budget 20 --out x.zip
"""
import os
import subprocess
import sys
import time

TICK = os.sysconf('SC_CLK_TCK')


def children_of():
    kids = {}
    for pid in os.listdir('/proc'):
        if not pid.isdigit():
            continue
        try:
            with open(f'/proc/{pid}/stat') as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(')') + 2:].split()
        kids.setdefault(int(fields[1]), []).append((int(pid), (int(fields[11]) + int(fields[12])) / TICK))
    return kids


def cmdline(pid):
    try:
        with open(f'/proc/{pid}/cmdline', 'rb') as f:
            return f.read().replace(b'\0', b' ').decode(errors='replace').strip()
    except OSError:
        return '?'


def main():
    root = subprocess.Popen(sys.argv[1:])
    seen = {}
    names = {}
    t0 = time.time()
    while True:
        kids = children_of()
        todo, tree = [root.pid], []
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo += [c for c, _ in kids.get(pid, [])]
        for plist in kids.values():
            for pid, cpu in plist:
                if pid in tree:
                    seen[pid] = cpu
                    names.setdefault(pid, cmdline(pid)[:90])
        if root.poll() is not None and len(tree) <= 1:
            break
        time.sleep(0.1)
    root_cpu = os.times()
    print(f'wall {time.time() - t0:.1f} s')
    total = 0.0
    for pid, cpu in sorted(seen.items()):
        total += cpu
        print(f'{cpu:8.2f} s  {names[pid]}')
    print(f'{total:8.2f} s  total CPU (children reaped by the command: {root_cpu.children_user + root_cpu.children_system:.2f} s)')
    sys.exit(root.returncode)


main()
