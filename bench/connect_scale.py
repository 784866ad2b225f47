#!/usr/bin/env python3
"""The Connect import at scale against a running norced (stdlib only; issue 9 §6), for bench/connect.sh.

  connect_scale.py --port P --token T [--products 20000] [--variants 5] [--batch 1000] [--categories 10000]
                   [--ceiling-json FILE] [--probe-seconds 10] [--probe-connections 4] [--probe-delay-ms 10]

Steps, each printing one JSON line:
  1. setup over the Management API: the application's second culture (sv-SE beside the client's en-US), a
     primary price list (the standard list StandardPrice goes to) and CATEGORIES categories (seed.py's tree);
  2. idle probe, after one GET of every category (the response cache is then warm, as it stays during the
     import: product rows retire no category response): GET /api/category/{random id} with wrk (bench/wrk.lua, paced: PROBE_CONNECTIONS connections,
     each waiting PROBE_DELAY_MS between requests, so the probe measures latency without taking the cores the
     import needs) for PROBE_SECONDS: the idle p99;
  3. the import: PRODUCTS ImportProducts items (a cluster with a Code, two culture texts, VARIANTS variants with
     their own two culture texts, one SKU each with a StandardPrice), POSTed in batches of BATCH items, one after
     the other as fast as the server accepts them, while the same probe runs. Items/s and SKUs/s from the start
     of the first POST to the moment Job/Get says the last job finished (a client's jobs run in order); every
     job must end StatusId 2 with Fail 0, Inserts must be 3 per SKU (product, SKU, price) plus the manufacturer,
     and the first job's log must hold no warning. The probe's p99 during the import against the idle p99
     (goal <= 3x);
  4. the ratio of the import's SKUs/s to the ceiling's (goal >= 0.3x): the lines of CEILING_JSON, written by
     bench/ceiling.cpp (connect_ceiling) on an empty database of the same engine before the server started;
  5. single jobs on the loaded catalog: BATCH new items (BATCH x VARIANTS SKUs) and BATCH / VARIANTS items
     (BATCH SKUs), each timed from its accept (the POST's answer) to the first Job/Get that shows IsFinished,
     polled every 5 ms (goal < 1 s).
"""
import argparse
import contextlib
import io
import json
import os
import re
import signal
import subprocess
import sys
import time

import seed
from seed import Client

CONNECT = "/commerce/connect/4.0/"
HERE = os.path.dirname(os.path.abspath(__file__))
CULTURES = [("en-US", "Product", "Subheader"), ("sv-SE", "Produkt", "Undertitel")]
HEADER = {
    "AccountId": 1, "SerializationType": 0, "FullFile": False,
    "ProductFieldsThatAreSet": [0, 1, 3, 4, 5],          # ManufacturerCode, ManufacturerName, Code, Variants, Cultures
    "ProductCultureFieldsThatAreSet": [0, 2],            # Name, SubHeader
    "VariantFieldsThatAreSet": [0, 1, 3, 4, 5],          # ManufacturerPartNo, SortOrderValue, IsDangerousGoods, Cultures, Skus
    "VariantCultureFieldsThatAreSet": [1],               # Name
    "SkuFieldsThatAreSet": [1, 2, 5, 10, 20],            # Status, Type, EanCode, IsBuyable, StandardPrice
    "SkuPriceListFieldsThatAreSet": [3],                 # PriceSale
}


def out(**kw):
    print(json.dumps(kw), flush=True)


def item(p, variants):
    """Cluster p as the .NET client serializes it (unset members as null), with the names bench/ceiling.cpp uses."""
    vs = []
    for v in range(1, variants + 1):
        i = p * variants + v - 1
        vs.append({
            "ManufacturerPartNo": f"PR-{p}-{v}", "SortOrderValue": v, "StockDisplayBreakPoint": None,
            "IsDangerousGoods": False, "TranslationRequested": None,
            "Cultures": [{"CultureCode": c, "Name": f"{name} {p} v{v}"} for c, name, _ in CULTURES],
            "Skus": [{"PartNo": f"S-{p}-{v}", "Status": 1, "Type": 1, "EanCode": f"73{i:011d}", "IsBuyable": True,
                      "StandardPrice": {"PartNo": None, "PriceListCode": None, "QuantityBreak": 0,
                                        "PriceSale": 100 + i % 900},
                      "VatRates": None, "Cultures": None}],
            "MainImage": None, "AdditionalImages": None, "VariantFlags": None, "VariantParametrics": None})
    return {"ManufacturerCode": "BENCH", "ManufacturerName": "Bench AB", "Alias": None, "Code": f"PR-{p}",
            "Cultures": [{"CultureCode": c, "Name": f"{name} {p}", "SubHeader": f"{sub} {p}"} for c, name, sub in CULTURES],
            "Categories": None, "Family": None, "ProductFlags": None, "ProductParametrics": None, "MainImage": None,
            "AdditionalImages": None, "VariantDefinitionGroup": None, "Variants": vs}


def body(first, count, variants):
    return "[" + ",".join(json.dumps(item(p, variants), separators=(",", ":"))
                          for p in range(first, first + count)) + "]"


class Connect:
    def __init__(self, port, token):
        self.c = Client(port, token)
        self.header = json.dumps(HEADER, separators=(",", ":"))

    def post(self, data):
        status, answer = self.c.request("POST", CONNECT + "Product/ImportProducts", data,
                                        {"Content-Type": "application/json", "applicationId": "1",
                                         "X-StormConnect-Header": self.header})
        if status != 200:
            sys.exit(f"ImportProducts: {status} {answer[:500]!r}")
        return json.loads(answer)["JobId"]

    def job(self, job_id):
        status, answer = self.c.request("GET", CONNECT + "Job/Get?id=" + job_id, None, {"applicationId": "1"})
        if status != 200:
            sys.exit(f"Job/Get {job_id}: {status} {answer[:300]!r}")
        return json.loads(answer)

    def log(self, job_id):
        status, answer = self.c.request("GET", CONNECT + "Job/GetLog?id=" + job_id, None, {"applicationId": "1"})
        if status != 200:
            sys.exit(f"Job/GetLog {job_id}: {status} {answer[:300]!r}")
        return json.loads(answer)

    def wait(self, job_id, poll):
        while True:
            job = self.job(job_id)
            if job["IsFinished"]:
                return job, time.perf_counter()
            time.sleep(poll)


def check(job, skus):
    """StatusId 2, Fail 0, and 3 inserts per SKU (product, SKU, price), plus a new manufacturer at most."""
    if job["StatusId"] != 2 or job["Fail"] != 0:
        sys.exit(f"job ended badly: {job}")
    if job["Inserts"] - 3 * skus not in (0, 1) or job["Updates"] != 0:
        sys.exit(f"job {job['JobId']}: expected {3 * skus} inserts (+1 manufacturer) and no update: {job}")


class Probe:
    """wrk (bench/wrk.lua, byid mode, paced) on GET /api/category/{id}, stopped with SIGINT."""

    def __init__(self, a, token, ids, seconds=None):
        env = dict(os.environ, BENCH_MODE="byid", BENCH_PATH="/api/category/", BENCH_MIN_ID=str(ids[0]),
                   BENCH_MAX_ID=str(ids[1]), BENCH_TOKEN=token, BENCH_DELAY_MS=str(a.probe_delay_ms))
        # The probe stands for a client on another machine: in the real-time class (chrt) its own wait for a
        # core, beside an import on the same two, is not counted as the server's latency.
        priority = ["chrt", "-f", "1"] if a.probe_realtime else ["nice", "-n", str(a.probe_nice)]
        self.proc = subprocess.Popen(
            priority + ["wrk", "-t1", f"-c{a.probe_connections}", f"-d{seconds or 36000}s", "--timeout", "10s", "--latency",
             "-s", os.path.join(HERE, "wrk.lua"), f"http://127.0.0.1:{a.port}"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def result(self, stop=False):
        if stop:
            self.proc.send_signal(signal.SIGINT)
        text, _ = self.proc.communicate()
        for line in text.splitlines():
            if line.startswith("BENCH_RESULT "):
                r = json.loads(line.split(" ", 1)[1])
                r["errors_total"] = sum(r["errors"].values())
                return r
        sys.exit("probe: no result from wrk:\n" + text)


def run_seconds(job):
    """JobDto.RunTime, a .NET TimeSpan ([d.]hh:mm:ss[.fffffff]), in seconds."""
    m = re.fullmatch(r"(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)", job["RunTime"])
    if not m:
        sys.exit(f"RunTime {job['RunTime']!r} is not a TimeSpan")
    return int(m.group(1) or 0) * 86400 + int(m.group(2)) * 3600 + int(m.group(3)) * 60 + float(m.group(4))


def warm(a, ids):
    """GET every category once, so that both probes meet the response cache in the same (warm) state."""
    c = Client(a.port, a.token)
    for i in range(ids[0], ids[1] + 1):
        status, _ = c.request("GET", f"/api/category/{i}")
        if status != 200:
            sys.exit(f"GET /api/category/{i}: {status}")


def latency_ms(r):
    lat = r["latency_us"]
    return {"requests": r["requests"], "req_per_s": round(r["requests"] / (r["duration_us"] / 1e6)),
            "errors": r["errors_total"], "p50_ms": round(lat["p50"] / 1000, 2), "p90_ms": round(lat["p90"] / 1000, 2),
            "p99_ms": round(lat["p99"] / 1000, 2), "max_ms": round(lat["max"] / 1000, 2)}


def setup(a):
    c = Client(a.port, a.token)
    status, answer = c.request("POST", "/api/application/culture",
                               {"CultureCode": "sv-SE", "IsPrimary": False, "IsActive": True})
    if status != 200:
        sys.exit(f"POST /api/application/culture: {status} {answer[:300]!r}")
    status, answer = c.request("POST", "/api/pricing/pricelist",
                               {"Code": "STANDARD", "Name": "Standard", "CurrencyId": 1, "TypeId": 1,
                                "IsPrimary": True, "IsActive": True})
    if status != 200:
        sys.exit(f"POST /api/pricing/pricelist: {status} {answer[:300]!r}")
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        seed.seed(a.port, a.token, a.categories, 0)
    ids = json.loads(buf.getvalue())["category_ids"]
    status, answer = c.request("GET", "/api/application/culture")
    out(measure="setup", cultures=[x["CultureCode"] for x in json.loads(answer)], categories=a.categories,
        category_ids=ids)
    return ids


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--token", required=True)
    p.add_argument("--products", type=int, default=20000)
    p.add_argument("--variants", type=int, default=5)
    p.add_argument("--batch", type=int, default=1000)
    p.add_argument("--categories", type=int, default=10000)
    p.add_argument("--ceiling-json")
    p.add_argument("--probe-seconds", type=int, default=10)
    p.add_argument("--probe-connections", type=int, default=4)
    p.add_argument("--probe-delay-ms", type=int, default=10)
    p.add_argument("--probe-nice", type=int, default=int(os.environ.get("PROBE_NICE", "0")))
    p.add_argument("--probe-realtime", action=argparse.BooleanOptionalAction,
                   default=os.environ.get("PROBE_REALTIME", "1") == "1",
                   help="run wrk with chrt -f 1 (default; needs CAP_SYS_NICE)")
    a = p.parse_args()
    n, v, batch = a.products, a.variants, a.batch

    ids = setup(a)
    con = Connect(a.port, a.token)

    # 2. Idle probe, after one GET of every category.
    warm(a, ids)
    idle = Probe(a, a.token, ids, a.probe_seconds).result()
    out(measure="GET /api/category/{id}, idle (paced probe)", **latency_ms(idle))

    # 3. The import, with the probe running.
    bodies = [body(first, min(batch, n - first), v) for first in range(0, n, batch)]
    probe = Probe(a, a.token, ids)
    time.sleep(0.3)  # wrk has connected and is sending
    start = time.perf_counter()
    jobs = [con.post(b) for b in bodies]
    accepted = time.perf_counter()
    last, finished = con.wait(jobs[-1], 0.02)
    busy = probe.result(stop=True)
    seconds = finished - start
    totals = {"Inserts": 0, "Updates": 0, "Fail": 0}
    job_seconds = []
    for i, job_id in enumerate(jobs):
        job = con.job(job_id)
        job_seconds.append(round(run_seconds(job), 2))
        if not job["IsFinished"]:
            sys.exit(f"job {job_id} not finished after the last one: {job}")
        check(job, min(batch, n - i * batch) * v)
        for k in totals:
            totals[k] += job[k]
    warnings = [e for e in con.log(jobs[0]) if e["SeverityId"] >= 2]
    if warnings:
        sys.exit(f"job {jobs[0]} logged warnings: {warnings[:3]}")
    skus = n * v
    rate = skus / seconds
    out(measure="ImportProducts: first POST to last job finished", items=n, skus=skus, batches=len(jobs),
        batch_items=batch, body_mb=round(sum(map(len, bodies)) / 1e6, 1), seconds=round(seconds, 2),
        posts_seconds=round(accepted - start, 2), items_per_s=round(n / seconds), skus_per_s=round(rate), **totals,
        job_run_seconds=job_seconds)
    during = latency_ms(busy)
    ratio = during["p99_ms"] / idle_p99 if (idle_p99 := latency_ms(idle)["p99_ms"]) else None
    out(measure="GET /api/category/{id}, during the import (paced probe)", **during)
    out(measure="GET category p99 during import / idle", ratio=round(ratio, 2) if ratio else None, goal="<= 3",
        met=bool(ratio is not None and ratio <= 3))

    # 4. Against the ceiling.
    if a.ceiling_json:
        with open(a.ceiling_json, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                c = json.loads(line)
                r = rate / c["skus_per_s"]
                out(measure="import / " + c["measure"], import_skus_per_s=round(rate),
                    ceiling_skus_per_s=c["skus_per_s"], ratio=round(r, 3), goal=">= 0.3", met=r >= 0.3)

    # 5. Single jobs on the loaded catalog.
    first = n
    for count in (batch, max(1, batch // v)):
        data = body(first, count, v)
        first += count
        t0 = time.perf_counter()
        job_id = con.post(data)
        t_accept = time.perf_counter()
        job, t_done = con.wait(job_id, 0.005)
        check(job, count * v)
        latency = t_done - t_accept
        out(measure=f"one ImportProducts job of {count} items: accept to IsFinished", items=count, skus=count * v,
            post_seconds=round(t_accept - t0, 3), accept_to_finished_s=round(latency, 3),
            run_time=job["RunTime"], goal="< 1 s", met=latency < 1)


if __name__ == "__main__":
    main()
