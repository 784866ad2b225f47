#!/usr/bin/env python3
"""The Query API benchmark against a running norced (stdlib only; issue 10, "Proof"), for bench/query.sh.

  query.py --port P --token T --raw BINARY (--sqlite FILE | --postgres CONNINFO) [--skus 20000] [--batch 5000]
           [--duration 10] [--connections 8] [--threads 2] [--rounds 3]

Steps, each printing one JSON line:
  1. seed: SKUS SKUs through Connect's Product/ImportProducts (one product per SKU, PartNo Q-000000...,
     Status 1 for even numbers and 2 for odd ones, an EanCode), BATCH items per import, each job awaited;
  2. the page, ROUNDS times, alternating with step 3: GET Products/ProductSkus with $filter=Status eq 1 and startswith(PartNo,'Q-') and
     $select=PartNo,Status,EanCode,ProductId, once, to check it holds 500 rows and an @odata.nextLink (the page
     norced serves by default); then wrk (bench/wrk.lua, get mode) on it for DURATION seconds with CONNECTIONS
     connections on THREADS threads: requests/s and the latency percentiles;
  3. the same page as raw SQL (bench/query_raw.cpp, RAW): the statement a hand-written server would prepare for
     it, on the same database, THREADS connections for DURATION seconds, reading the page plus one row (to know
     whether a next page exists, as norced does);
  4. per round, the ratio of the Query API's requests/s to the raw SQL's queries/s; then their median (goal >= 0.5).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.parse

from seed import Client

HERE = os.path.dirname(os.path.abspath(__file__))

FILTER = "Status eq 1 and startswith(PartNo,'Q-')"
SELECT = "PartNo,Status,EanCode,ProductId"
PAGE = 500
# The same page in SQL (norced's schema: table sku; the client's rows; the default order, by row id). $1 client.
# On SQLite "+client_id" keeps the planner off the (client_id, ...) indexes, whose use means reading all the
# client's rows and sorting them; walking the primary key is id order and stops at the LIMIT (norced does the same).
RAW_SQL = ("SELECT part_no, status, ean_code, product_id FROM sku "
           "WHERE {plus}client_id = $1 AND status = $2 AND substr(part_no, 1, 2) = $3 ORDER BY id LIMIT $4")


def out(line):
    print(json.dumps(line), flush=True)


def wait_job(client, job_id):
    while True:
        status, answer = client.request("GET", "/commerce/connect/4.0/Job/Get?id=" + job_id)
        if status != 200:
            sys.exit(f"query.py: Job/Get {job_id} -> {status} {answer[:300]!r}")
        job = json.loads(answer)
        if job["IsFinished"]:
            if job["StatusId"] != 2 or job["Fail"] != 0:
                sys.exit(f"query.py: import job failed: {job}")
            return job
        time.sleep(0.02)  # polling the server's worker


def seed_skus(client, n, batch):
    header = {"AccountId": 1, "FullFile": False, "ProductFieldsThatAreSet": [0, 1, 4],
              "VariantFieldsThatAreSet": [0, 5], "SkuFieldsThatAreSet": [1, 2, 5]}
    t0 = time.monotonic()
    for at in range(0, n, batch):
        items = [{"ManufacturerCode": "QB", "ManufacturerName": "Query Bench AB",
                  "Variants": [{"ManufacturerPartNo": f"Q-{i:06d}",
                                "Skus": [{"PartNo": f"Q-{i:06d}", "Status": 1 + i % 2, "Type": 1,
                                          "EanCode": f"{7350000000000 + i}"}]}]}
                 for i in range(at, min(n, at + batch))]
        status, answer = client.request(
            "POST", "/commerce/connect/4.0/Product/ImportProducts", json.dumps(items, separators=(",", ":")),
            {"Content-Type": "application/json",
             "X-StormConnect-Header": json.dumps(header, separators=(",", ":"))})
        if status != 200:
            sys.exit(f"query.py: ImportProducts -> {status} {answer[:300]!r}")
        wait_job(client, json.loads(answer)["JobId"])
    out({"measure": "seed: ImportProducts", "skus": n, "batch": batch, "seconds": round(time.monotonic() - t0, 2)})


def wrk(port, path, token, seconds, connections, threads):
    env = dict(os.environ, BENCH_MODE="get", BENCH_PATH=path, BENCH_TOKEN=token)
    run = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency",
         "-s", os.path.join(HERE, "wrk.lua"), f"http://127.0.0.1:{port}"],
        env=env, capture_output=True, text=True, check=True)
    for line in run.stdout.splitlines():
        if line.startswith("BENCH_RESULT "):
            return json.loads(line[len("BENCH_RESULT "):])
    sys.exit("query.py: no result from wrk:\n" + run.stdout + run.stderr)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--token", required=True)
    p.add_argument("--raw", required=True)
    p.add_argument("--sqlite")
    p.add_argument("--postgres")
    p.add_argument("--skus", type=int, default=20000)
    p.add_argument("--batch", type=int, default=5000)
    p.add_argument("--duration", type=int, default=10)
    p.add_argument("--connections", type=int, default=8)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--rounds", type=int, default=3)
    a = p.parse_args()
    client = Client(a.port, a.token)
    seed_skus(client, a.skus, a.batch)
    if a.postgres:
        # The statistics autovacuum gathers within a minute of the import: without them both sides get plans for
        # a table of unknown size (measured: the raw query at 87/s instead of ~2000), and which one a run measures
        # would depend on whether autovacuum has run yet.
        subprocess.run(["psql", a.postgres, "-qc", "ANALYZE"], check=True)

    path = ("/commerce/query/2.0/Products/ProductSkus?" +
            urllib.parse.urlencode({"$filter": FILTER, "$select": SELECT}, quote_via=urllib.parse.quote, safe="$,()'"))
    status, body = client.request("GET", path)
    if status != 200:
        sys.exit(f"query.py: GET {path} -> {status} {body[:300]!r}")
    page = json.loads(body)
    if len(page["value"]) != PAGE or "@odata.nextLink" not in page:
        sys.exit(f"query.py: the page holds {len(page['value'])} rows (want {PAGE} and a next link)")
    first = page["value"][0]
    if sorted(first) != sorted(SELECT.split(",")) or first["Status"] != 1:
        sys.exit(f"query.py: unexpected row {first}")

    target = ["--sqlite", a.sqlite] if a.sqlite else ["--postgres", a.postgres]
    sql = RAW_SQL.format(plus="+" if a.sqlite else "")
    ratios = []
    for n in range(1, a.rounds + 1):
        r = wrk(a.port, path, a.token, a.duration, a.connections, a.threads)
        errors = sum(r["errors"].values())
        api_rps = r["requests"] / (r["duration_us"] / 1e6)
        lat = r["latency_us"]
        out({"measure": "GET Products/ProductSkus page of 500 ($filter, $select) with wrk", "round": n,
             "path": path, "connections": a.connections, "threads": a.threads, "requests": r["requests"],
             "errors": errors, "req_per_s": round(api_rps),
             "mb_per_s": round(r["bytes"] / (r["duration_us"] / 1e6) / 1e6, 1), "p50_ms": lat["p50"] / 1000,
             "p90_ms": lat["p90"] / 1000, "p99_ms": lat["p99"] / 1000, "max_ms": lat["max"] / 1000})
        if errors:
            sys.exit(f"query.py: wrk counted {errors} errors: {r['errors']}")
        run = subprocess.run(
            [a.raw, *target, "--sql", sql, "--param", "1", "--param", "1", "--param", "Q-", "--param",
             str(PAGE + 1), "--threads", str(a.threads), "--seconds", str(a.duration), "--expect-rows",
             str(PAGE + 1), "--measure", "the same page as raw SQL (prepared, page + 1 rows)"],
            capture_output=True, text=True)
        if run.returncode != 0:
            sys.exit("query.py: query_raw failed:\n" + run.stderr)
        raw = json.loads(run.stdout.strip().splitlines()[-1])
        raw["round"] = n
        raw["sql"] = sql
        out(raw)
        ratio = api_rps / raw["queries_per_s"]
        ratios.append(ratio)
        out({"measure": "Query API req/s / raw SQL queries/s", "round": n, "api_req_per_s": round(api_rps),
             "raw_queries_per_s": raw["queries_per_s"], "ratio": round(ratio, 3),
             "p99_ms": {"api": lat["p99"] / 1000, "raw": raw["p99_ms"]}})
    # This machine's speed drifts by 10-20 % within a minute (both sides alike): the rounds alternate the two
    # sides, and the figure is the median of the rounds' ratios.
    median = statistics.median(ratios)
    out({"measure": "Query API req/s / raw SQL queries/s, median of the rounds", "rounds": a.rounds,
         "ratios": [round(x, 3) for x in ratios], "ratio": round(median, 3), "goal": ">= 0.5", "met": median >= 0.5})

if __name__ == "__main__":
    main()
