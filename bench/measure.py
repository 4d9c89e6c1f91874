"""Timing whole processes: medians of repeated runs, peak memory, and the printed table."""

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


class BenchError(Exception):
    """A benchmark step failed; the message says which command and what it printed."""


def run_checked(cmd, expect=(0,), env=None, cwd=None, stdin_path=None):
    """Runs cmd once, untimed; raises BenchError unless its exit code is in expect."""
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    try:
        done = subprocess.run(cmd, env=env, cwd=cwd, stdin=stdin, capture_output=True)
    finally:
        if stdin_path:
            stdin.close()
    if done.returncode not in expect:
        raise BenchError(f"{' '.join(map(str, cmd))} exited {done.returncode} "
                         f"(expected {expect}):\n{done.stdout.decode()[-2000:]}"
                         f"{done.stderr.decode()[-2000:]}")
    return done


def timed(cmd, expect=(0,), env=None, cwd=None, stdin_path=None):
    """One whole-process run (fork, exec, exit), output discarded: (wall seconds, CPU seconds).
    The CPU time (user + system, from wait4) hardly changes when other work shares the
    machine; the wall time does."""
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    with tempfile.TemporaryFile() as err:
        try:
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdin=stdin,
                                    stdout=subprocess.DEVNULL, stderr=err)
            _, status, usage = os.wait4(proc.pid, 0)
            elapsed = time.perf_counter() - start
        finally:
            if stdin_path:
                stdin.close()
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in expect:
            err.seek(0)
            raise BenchError(f"{' '.join(map(str, cmd))} exited {proc.returncode} "
                             f"(expected {expect}):\n{err.read().decode()[-2000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime


TIME_BIN = "/usr/bin/time"


def ensure_gnu_time():
    """/usr/bin/time -v reports peak memory; Debian's package `time` provides it."""
    if os.access(TIME_BIN, os.X_OK):
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    print("installing the package `time` for /usr/bin/time -v", file=sys.stderr)
    subprocess.run(sudo + ["apt-get", "update", "-qq"], check=True)
    subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "time"],
                   check=True, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})


def peak_rss_mib(cmd, expect=(0,), env=None, cwd=None, stdin_path=None):
    """Peak resident memory of one run, as /usr/bin/time -v reports it, in MiB."""
    done = run_checked([TIME_BIN, "-v"] + list(cmd), expect, env, cwd, stdin_path)
    match = re.search(rb"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    if not match:
        raise BenchError(f"/usr/bin/time -v printed no peak memory for {cmd}")
    return int(match.group(1)) / 1024.0


def summary(runs):
    """Median, min and max wall time and the median CPU time, in milliseconds."""
    ms = [wall * 1000.0 for wall, _ in runs]
    return {"median_ms": statistics.median(ms), "min_ms": min(ms), "max_ms": max(ms),
            "cpu_median_ms": statistics.median(cpu * 1000.0 for _, cpu in runs),
            "runs": len(ms)}


def growth_exponent(sizes, medians):
    """k in time ~ size^k between the two largest sizes: 1 is linear, 2 quadratic."""
    import math
    if len(sizes) < 2 or medians[-2] <= 0:
        return None
    return math.log(medians[-1] / medians[-2]) / math.log(sizes[-1] / sizes[-2])


def print_table(rows, out=sys.stdout):
    headers = ["dialect", "scenario", "size", "median ms", "min ms", "max ms", "cpu ms", "runs",
               "peak MiB", "note"]
    lines = []
    for r in rows:
        lines.append([r["dialect"], r["scenario"], str(r.get("size", "")),
                      f"{r['median_ms']:.1f}", f"{r['min_ms']:.1f}", f"{r['max_ms']:.1f}",
                      f"{r['cpu_median_ms']:.1f}", str(r["runs"]),
                      "" if r.get("peak_rss_mib") is None else f"{r['peak_rss_mib']:.1f}",
                      r.get("note", "")])
    widths = [max(len(h), *(len(l[i]) for l in lines)) if lines else len(h)
              for i, h in enumerate(headers)]
    fmt = " | ".join("{:<%d}" % w for w in widths)
    print(fmt.format(*headers), file=out)
    print("-+-".join("-" * w for w in widths), file=out)
    for l in lines:
        print(fmt.format(*l), file=out)


def which_or_fail(name):
    path = shutil.which(name)
    if not path:
        raise BenchError(f"`{name}` is not installed; script/bootstrap installs it")
    return path
