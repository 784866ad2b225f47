#!/usr/bin/env python3
"""Summarise bench/run.sh's wrk runs: a table, the ratios and the targets; writes latest.json and latest.txt.

Exit status 3 when a target is missed (run.sh turns that into 0 unless STRICT=1).
"""
import argparse
import json
import sys

TARGET_RATIO_JSON_SERVER = 20.0
TARGET_RATIO_HEALTHZ = 0.5
TARGET_P99_MS = 5.0
TARGET_POST_RPS = 10_000.0
TARGET_UNDER_LOAD_RPS_RATIO = 0.30  # GET req/s under a POST load / idle, at least
TARGET_UNDER_LOAD_P99_RATIO = 3.0   # GET p99 under a POST load / idle, at most
TARGET_PG_BYID_RATIO = 0.7          # GET category on PostgreSQL / on SQLite (cache on), at least
TARGET_PG_POST_RPS = 3_000.0


def rps(run):
    r = run["result"]
    return r["requests"] / (r["duration_us"] / 1e6) if r["duration_us"] else 0.0


def ms(us):
    if us is None:
        return "-"
    if us >= 1_000_000:
        return f"{us / 1e6:.2f} s"
    return f"{us / 1000:.2f} ms"


def errors(run):
    e = run["result"]["errors"]
    parts = [f"{n} {k}" for k, n in e.items() if n]
    return ", ".join(parts) if parts else "0"


def cpu(run):
    c = run.get("cpu")
    return f"{c['server']:.2f}/{c['wrk']:.2f}/{c['other']:.2f}" if c else "-"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--meta", required=True)
    ap.add_argument("--json", required=True)
    ap.add_argument("--txt", required=True)
    a = ap.parse_args()
    meta = json.loads(a.meta)
    runs = {}
    order = []
    with open(a.results, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                run = json.loads(line)
                runs[run["key"]] = run
                order.append(run["key"])

    out = []
    p = out.append
    p(f"norced benchmark  {meta['date']}  git {meta['git']}  {meta['build_type']} build  "
      f"{meta['cpus']} cores (wrk shares them)  load before {meta['loadavg_before']}")
    sweep = f" (GET by id: after a {meta['sweep']} sweep of every id)" if meta.get("sweep") else ""
    p(f"wrk -t{meta['threads']} -c<conns> -d{meta['duration']} --latency after a {meta['warmup']} warm-up{sweep}; "
      f"{meta['categories']:,} categories, {meta['pricelists']:,} price lists; "
      f"json-server {meta['json_server']} on node {meta['node']}")
    p("")
    head = ("Measurement", "Server", "Conns", "Req/s", "p50", "p99", "Max", "Errors", "CPU srv/wrk/other")
    rows = []
    for key in order:
        run = runs[key]
        lat = run["result"]["latency_us"]
        ok = run["result"]["requests"] > 0
        rows.append((run["label"], run["server"], str(run["connections"]), f"{rps(run):,.0f}",
                     ms(lat["p50"]) if ok else "-", ms(lat["p99"]) if ok else "-", ms(lat["max"]) if ok else "-",
                     errors(run), cpu(run)))
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
    right = {2, 3, 4, 5, 6}

    def fmt(cells):
        return "  ".join(c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(cells))

    p(fmt(head))
    p("  ".join("-" * w for w in widths))
    for r in rows:
        p(fmt(r))
    p("")

    def ratio(num, den):
        if num in runs and den in runs and rps(runs[den]) > 0:
            return rps(runs[num]) / rps(runs[den])
        return None

    ratios = {
        "byid_vs_json_server": ratio("byid", "jsonserver_byid"),
        "byid_nocache_vs_json_server": ratio("byid_nocache", "jsonserver_byid"),
        "byid_vs_healthz": ratio("byid", "healthz"),
        "byid_nocache_vs_healthz_nocache": ratio("byid_nocache", "healthz_nocache"),
        "byid_vs_byid_nocache": ratio("byid", "byid_nocache"),
        "byid_pinned_vs_healthz_pinned": ratio("byid_pinned", "healthz_pinned"),
        "byid_nocache_pinned_vs_healthz_pinned": ratio("byid_nocache_pinned", "healthz_pinned"),
    }
    def p99_ratio(num, den):
        if num in runs and den in runs and runs[num]["result"]["requests"] and runs[den]["result"]["requests"]:
            d = runs[den]["result"]["latency_us"]["p99"]
            return runs[num]["result"]["latency_us"]["p99"] / d if d else None
        return None

    ratios["pg_byid_vs_byid"] = ratio("pg_byid", "byid")
    ratios["pg_pricelist_vs_pricelist"] = ratio("pg_pricelist", "pricelist")
    ratios["pg_post_vs_post"] = ratio("pg_post", "post")
    ratios["pg_byid_two_vs_pg_byid"] = ratio("pg_byid_two", "pg_byid")
    ratios["byid_under_post_vs_byid"] = ratio("byid_under_post", "byid")
    ratios["byid_under_post_vs_byid_nocache"] = ratio("byid_under_post", "byid_nocache")
    ratios["byid_under_post_p99_vs_byid_p99"] = p99_ratio("byid_under_post", "byid")
    p("Ratios (req/s, except where p99 is named)")
    names = {
        "byid_vs_json_server": "norced GET category / json-server        (cache on)",
        "byid_nocache_vs_json_server": "norced GET category / json-server        (cache off)",
        "byid_vs_healthz": "norced GET category / norced GET healthz (cache on)",
        "byid_nocache_vs_healthz_nocache": "norced GET category / norced GET healthz (cache off)",
        "byid_vs_byid_nocache": "norced GET category cache on / cache off",
        "byid_pinned_vs_healthz_pinned": "pinned: GET category / healthz          (cache on)",
        "byid_nocache_pinned_vs_healthz_pinned": "pinned: GET category / healthz          (cache off)",
        "byid_under_post_vs_byid": "GET category under POST load / idle      (cache on)",
        "byid_under_post_vs_byid_nocache": "GET category under POST load / idle, cache off",
        "byid_under_post_p99_vs_byid_p99": "GET category p99 under POST load / idle p99",
        "pg_byid_vs_byid": "PostgreSQL / SQLite: GET category       (cache on)",
        "pg_pricelist_vs_pricelist": "PostgreSQL / SQLite: GET pricelist page (cache on)",
        "pg_post_vs_post": "PostgreSQL / SQLite: POST category",
        "pg_byid_two_vs_pg_byid": "PostgreSQL: GET category, two instances / one",
    }
    for k, v in ratios.items():
        if k.startswith("pg_") and "pg_byid" not in runs:
            continue  # no PostgreSQL runs (bench/run.sh without --postgres)
        p(f"  {names[k]:<53} {'-' if v is None else f'{v:.2f}x':>8}")
    p("")

    conns = meta["connections"]
    targets = []

    def target(name, value, goal, passed, shown, goal_shown):
        if value is None:
            return
        targets.append({"name": name, "value": round(value, 3), "target": goal, "pass": passed})
        p(f"  {'PASS' if passed else 'MISS'}  {name:<52} {shown:>12}  (target {goal_shown})")

    p(f"Targets (GET category by id at {conns} connections" + ("" if conns == 64 else "; the targets are for 64")
      + ")")
    for suffix, what in (("", "cache on"), ("_nocache", "cache off")):
        byid = runs.get("byid" + suffix)
        r = ratios["byid" + suffix + "_vs_json_server"]
        target(f"GET category / json-server ({what})", r, TARGET_RATIO_JSON_SERVER,
               r is not None and r >= TARGET_RATIO_JSON_SERVER, f"{r:.1f}x" if r else "-", ">= 20x")
        r = ratios["byid_vs_healthz" if not suffix else "byid_nocache_vs_healthz_nocache"]
        target(f"GET category / healthz ({what})", r, TARGET_RATIO_HEALTHZ,
               r is not None and r >= TARGET_RATIO_HEALTHZ, f"{r:.2f}x" if r else "-", ">= 0.5x")
        if byid and byid["result"]["requests"]:
            p99 = byid["result"]["latency_us"]["p99"] / 1000
            target(f"GET category p99 ({what})", p99, TARGET_P99_MS, p99 < TARGET_P99_MS, f"{p99:.2f} ms", "< 5 ms")
    for key, what in (("byid_pinned", "pinned, cache on"), ("byid_nocache_pinned", "pinned, cache off")):
        run = runs.get(key)
        if run and run["result"]["requests"]:
            p99 = run["result"]["latency_us"]["p99"] / 1000
            target(f"GET category p99 ({what})", p99, TARGET_P99_MS, p99 < TARGET_P99_MS, f"{p99:.2f} ms", "< 5 ms")
    if "post" in runs:
        v = rps(runs["post"])
        clean = sum(runs["post"]["result"]["errors"].values()) == 0
        target("POST category (cache on)" + ("" if clean else ", with errors"), v, TARGET_POST_RPS,
               v >= TARGET_POST_RPS and clean, f"{v:,.0f}/s", ">= 10,000/s")
    r = ratios["byid_under_post_vs_byid"]
    target("GET category under POST load / idle (req/s)", r, TARGET_UNDER_LOAD_RPS_RATIO,
           r is not None and r >= TARGET_UNDER_LOAD_RPS_RATIO, f"{r:.2f}x" if r else "-", ">= 0.30x")
    r = ratios["byid_under_post_p99_vs_byid_p99"]
    target("GET category under POST load / idle (p99)", r, TARGET_UNDER_LOAD_P99_RATIO,
           r is not None and r <= TARGET_UNDER_LOAD_P99_RATIO, f"{r:.2f}x" if r else "-", "<= 3x")
    if "pg_byid" in runs:
        r = ratios["pg_byid_vs_byid"]
        target("GET category on PostgreSQL / on SQLite (cache on)", r, TARGET_PG_BYID_RATIO,
               r is not None and r >= TARGET_PG_BYID_RATIO, f"{r:.2f}x" if r else "-", ">= 0.7x")
    if "pg_post" in runs:
        v = rps(runs["pg_post"])
        clean = sum(runs["pg_post"]["result"]["errors"].values()) == 0
        target("POST category on PostgreSQL" + ("" if clean else ", with errors"), v, TARGET_PG_POST_RPS,
               v >= TARGET_PG_POST_RPS and clean, f"{v:,.0f}/s", ">= 3,000/s")
    for suffix, what in (("", "cache on"), ("_nocache", "cache off")):
        h = runs.get("healthz" + suffix)
        if h and h["result"]["requests"]:
            p(f"  For scale: GET /healthz p99 on the same server ({what}): "
              f"{h['result']['latency_us']['p99'] / 1000:.2f} ms")
    bad = [k for k in order if sum(runs[k]["result"]["errors"].values())]
    if bad:
        p("")
        p("Runs with errors (non-2xx, socket errors or timeouts): " + ", ".join(bad))
    p("")
    p("CPU: cores used during the measured run by the server, by wrk and by anything else on the machine.")
    # Under the POST load, "other" is mostly the load's own wrk: expected, so not a sign of a noisy machine.
    noisy = [k for k in order
             if (runs[k].get("cpu") or {}).get("other", 0) > 0.2 and not k.startswith("byid_under_post")]
    if "byid_under_post" in runs:
        p("Under the POST load, \"other\" includes the load's own wrk.")
    if noisy:
        p(f"WARNING: other processes used more than 0.2 of the {meta['cpus']} cores during {', '.join(noisy)}: "
          "those figures are low; rerun on a quiet machine.")
    p(f"Seeding over HTTP: {meta['seed']['category_seconds']} s for the categories, "
      f"{meta['seed']['pricelist_seconds']} s for the price lists; whole run {meta['elapsed_seconds']} s.")
    p(f"Raw wrk output: bench/results/raw/.  Binary: {meta['norced_bin']} ({meta['norced_version']}).")

    text = "\n".join(out) + "\n"
    sys.stdout.write("\n" + text)
    with open(a.txt, "w", encoding="utf-8") as f:
        f.write(text)
    doc = {
        "meta": meta,
        "runs": {k: {"label": runs[k]["label"], "server": runs[k]["server"],
                     "connections": runs[k]["connections"], "threads": runs[k]["threads"],
                     "requests_per_second": round(rps(runs[k]), 1), "cpu_cores": runs[k].get("cpu"),
                     **runs[k]["result"]} for k in order},
        "ratios": {k: (None if v is None else round(v, 3)) for k, v in ratios.items()},
        "targets": targets,
    }
    with open(a.json, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    return 0 if all(t["pass"] for t in targets if "cache off" not in t["name"]) else 3


if __name__ == "__main__":
    sys.exit(main())
