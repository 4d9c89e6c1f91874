"""bench/run's service scenario: `crewstudio serve` under wrk, beside its own /healthz floor.

Requests per second and p50/p99 latency of create, get by id and list with 16 keep-alive
connections on loopback, and of /healthz (the HTTP floor: no database) with 16 and with one
connection; then one connection that reconnects for every request. wrk is a Debian package
(script/bootstrap installs it); this module installs it with apt-get when it is missing.
"""

import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from measure import BenchError

DURATION = os.environ.get("BENCH_SERVICE_SECONDS", "5")
CONNECTIONS = 16

CREATE_LUA = """wrk.method = "POST"
wrk.body = '{"name": "bench crew", "description": "created by wrk"}'
wrk.headers["Content-Type"] = "application/json"
"""


def ensure_wrk():
    if shutil.which("wrk"):
        return shutil.which("wrk")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "wrk"],
                   check=False, stdout=subprocess.DEVNULL)
    if not shutil.which("wrk"):
        raise BenchError("wrk is not installed (apt-get install wrk, or script/bootstrap)")
    return shutil.which("wrk")


def to_ms(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def run_wrk(wrk, url, connections, script=None, headers=()):
    cmd = [wrk, f"-t{min(2, connections)}", f"-c{connections}", f"-d{DURATION}s", "--latency"]
    for h in headers:
        cmd += ["-H", h]
    if script:
        cmd += ["-s", script]
    out = subprocess.run(cmd + [url], check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = {p: to_ms(v) for p, v in re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M)}
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    if bad:
        raise BenchError(f"{url}: {bad.group(1)} responses were not 2xx\n{out}")
    return {"rps": round(rps, 1), "p50_ms": lat.get("50"), "p99_ms": lat.get("99"),
            "socket_errors": errors.group(1) if errors else ""}


class Server:
    """crewstudio serve on a free port, migrated to head; stopped with SIGTERM."""

    def __init__(self, crewstudio, url, root, work):
        self.log = open(work / "serve.log", "w")
        self.proc = subprocess.Popen(
            [str(crewstudio), "serve", "--database-url", url, "--migrations-dir",
             str(root / "migrations" / "versions"), "--port", "0", "--auto-migrate",
             "--pool-size", "8"],
            stdout=subprocess.PIPE, stderr=self.log, text=True, cwd=work)
        line = self.proc.stdout.readline()
        match = re.search(r":(\d+)\s*$", line)
        if not match:
            raise BenchError(f"serve did not start: {line}")
        self.base = f"http://127.0.0.1:{match.group(1)}"

    def post(self, path, body):
        import urllib.request
        req = urllib.request.Request(self.base + path, data=body.encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req) as r:
            return r.read().decode()

    def stop(self):
        self.proc.terminate()
        code = self.proc.wait(timeout=30)
        self.log.close()
        if code != 0:
            raise BenchError(f"serve exited {code} after SIGTERM")


def scenario_service(dialect, url, crewstudio, root):
    """The figures of one dialect: a list of {dialect, endpoint, connections, rps, p50, p99}."""
    import json
    wrk = ensure_wrk()
    rows = []
    with tempfile.TemporaryDirectory(prefix="crewstudio-service-") as tmp:
        work = Path(tmp)
        server = Server(crewstudio, url, root, work)
        try:
            crew = json.loads(server.post("/api/v1/crews", '{"name": "target"}'))["id"]
            for i in range(200):  # a table with some rows, so a list is a real page
                server.post("/api/v1/crews", json.dumps({"name": f"seed {i}"}))
            (work / "create.lua").write_text(CREATE_LUA)
            cases = [("GET /healthz (floor)", "/healthz", CONNECTIONS, None, ()),
                     ("GET /healthz (floor)", "/healthz", 1, None, ()),
                     ("GET /healthz (floor), new connection each",
                      "/healthz", 1, None, ("Connection: close",)),
                     ("GET /api/v1/crews/{id}", f"/api/v1/crews/{crew}", CONNECTIONS, None, ()),
                     ("GET /api/v1/crews/{id}", f"/api/v1/crews/{crew}", 1, None, ()),
                     ("GET /api/v1/crews?limit=20", "/api/v1/crews?limit=20", CONNECTIONS,
                      None, ()),
                     ("POST /api/v1/crews", "/api/v1/crews", CONNECTIONS,
                      str(work / "create.lua"), ())]
            for name, path, conns, script, headers in cases:
                print(f"  {dialect}: {name} x{conns}", flush=True)
                r = run_wrk(wrk, server.base + path, conns, script, headers)
                rows.append({"dialect": dialect, "endpoint": name, "connections": conns, **r})
                time.sleep(0.5)
        finally:
            server.stop()
    floor = {r["connections"]: r["rps"] for r in rows if r["endpoint"] == "GET /healthz (floor)"}
    for r in rows:
        r["ratio_to_floor"] = round(r["rps"] / floor[r["connections"]], 2) \
            if r["connections"] in floor else None
    return rows


def service_targets(rows):
    out = []

    def judge(what, figure, ok):
        out.append({"target": what, "figure": figure, "met": ok})

    for dialect in sorted({r["dialect"] for r in rows}):
        mine = [r for r in rows if r["dialect"] == dialect]
        one = next(r for r in mine if r["endpoint"] == "GET /healthz (floor)"
                   and r["connections"] == 1)
        judge(f"{dialect}: one keep-alive connection above 3,000 requests/s on /healthz",
              f"{one['rps']:.0f}/s (p99 {one['p99_ms']} ms)", one["rps"] > 3000)
        get = next(r for r in mine if r["endpoint"] == "GET /api/v1/crews/{id}"
                   and r["connections"] == CONNECTIONS)
        judge(f"{dialect}: get by id within 2x of the floor's throughput (16 connections)",
              f"{get['rps']:.0f}/s = {get['ratio_to_floor']} of the floor",
              get["ratio_to_floor"] >= 0.5)
    return out


def print_service(rows, out):
    print(f"{'dialect':10} {'endpoint':44} {'conns':>5} {'req/s':>9} {'p50 ms':>8} "
          f"{'p99 ms':>8} {'/floor':>6}", file=out)
    for r in rows:
        ratio = "" if r["ratio_to_floor"] is None else f"{r['ratio_to_floor']:.2f}"
        print(f"{r['dialect']:10} {r['endpoint']:44} {r['connections']:>5} {r['rps']:>9.0f} "
              f"{r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f} {ratio:>6}", file=out)
