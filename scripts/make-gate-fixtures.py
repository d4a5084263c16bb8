#!/usr/bin/env python3
"""Write the run-wide shift fixtures of testdata/ (runwide-*.txt).

Twelve benchmarks, ten runs each, log-normal noise of 2%, fixed seed, so
the files are the same on every machine.  The committed files are the
reference; this script says how they were made.

  runwide-old.txt    the base
  runwide-drift.txt  every benchmark 3% slower (the machine drifted),
                     Bench03 6%, Bench07 14%, Bench09 3% faster
  runwide-slow.txt   every benchmark 9% slower
"""
import math
import random
import sys

NAMES = ["Bench%02d" % i for i in range(12)]


def write(path, factors, seed):
    rng = random.Random(seed)
    with open(path, "w") as f:
        f.write("goos: linux\ngoarch: amd64\npkg: example.com/runwide\n")
        for _ in range(10):
            for i, name in enumerate(NAMES):
                ns = 1000 * (1 + i) * factors.get(name, factors["*"])
                ns *= math.exp(rng.gauss(0, 0.02))
                f.write("Benchmark%s-8\t100000\t%.2f ns/op\n" % (name, ns))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "testdata"
    write(out + "/runwide-old.txt", {"*": 1.0}, 1)
    write(out + "/runwide-drift.txt",
          {"*": 1.03, "Bench03": 1.06, "Bench07": 1.14, "Bench09": 0.97}, 2)
    write(out + "/runwide-slow.txt", {"*": 1.09}, 3)


if __name__ == "__main__":
    main()
