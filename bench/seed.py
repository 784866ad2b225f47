#!/usr/bin/env python3
"""Seed a running norced over its real HTTP API (stdlib only), for bench/run.sh.

  seed.py token   --port P --client-id ID --client-secret S           -> prints an access token
  seed.py seed    --port P --token T --categories N --pricelists M    -> prints JSON {"category_ids": [lo, hi], ...}
  seed.py dump    --port P --token T --out db.json                     -> GET /api/category, writes a json-server db

Categories form a three-level tree like a shop's: 100 roots; category i >= 100 hangs under
category (i - 100) // 10, so 1,000 second-level categories with 10 children each, and the rest
(8,900 of 10,000) one level lower, so FullName derivation walks real parent chains.
"""
import argparse
import http.client
import json
import sys
import time
import urllib.parse

ROOTS = 100
FANOUT = 10


class Client:
    """One keep-alive connection to norced on 127.0.0.1."""

    def __init__(self, port, token=None):
        self.port = port
        self.token = token
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def request(self, method, path, body=None, headers=None):
        h = dict(headers or {})
        if self.token:
            h.update({"Authorization": "Bearer " + self.token, "application-id": "1", "account-id": "1"})
        if body is not None and "Content-Type" not in h:
            h["Content-Type"] = "application/json"
            body = json.dumps(body, separators=(",", ":"))
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=h)
                resp = self.conn.getresponse()
                data = resp.read()
                return resp.status, data
            except (http.client.HTTPException, ConnectionError):
                # The server may close an idle keep-alive connection: reconnect once.
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def post_id(self, path, body):
        status, data = self.request("POST", path, body)
        if status != 200:
            sys.exit(f"seed: POST {path} {body.get('Code')} -> {status} {data[:300]!r}")
        return int(json.loads(data))


def get_token(port, client_id, secret):
    c = Client(port)
    form = urllib.parse.urlencode(
        {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret})
    status, data = c.request("POST", "/identity/1.0/connect/token", form,
                             {"Content-Type": "application/x-www-form-urlencoded"})
    if status != 200:
        sys.exit(f"seed: token request -> {status} {data[:300]!r}")
    return json.loads(data)["access_token"]


def seed(port, token, n_categories, n_pricelists):
    c = Client(port, token)
    t0 = time.monotonic()
    ids = []
    for i in range(n_categories):
        parent = None if i < ROOTS else ids[(i - ROOTS) // FANOUT]
        n = i + 1
        ids.append(c.post_id("/api/category", {
            "Code": f"C{n}", "Name": f"Category {n}", "ParentId": parent, "SortOrder": n % 100,
            "IsActive": True, "Cultures": [{"CultureCode": "sv-SE", "Name": f"Kategori {n}"}]}))
    t1 = time.monotonic()
    pl_ids = []
    for i in range(n_pricelists):
        n = i + 1
        pl_ids.append(c.post_id("/api/pricing/pricelist", {
            "Code": f"PL{n}", "Name": f"Price list {n}", "TypeId": 1, "CurrencyId": 1, "IsActive": True,
            "DefaultSupplementChargePercentage": 0}))
    t2 = time.monotonic()
    # The wrk scripts pick ids uniformly from [lo, hi]: that only works if the ids are contiguous.
    if ids and ids != list(range(ids[0], ids[0] + len(ids))):
        sys.exit("seed: category ids are not contiguous; start from an empty data folder")
    print(json.dumps({
        "category_ids": [ids[0], ids[-1]] if ids else [0, 0],
        "pricelist_ids": [pl_ids[0], pl_ids[-1]] if pl_ids else [0, 0],
        "category_seconds": round(t1 - t0, 2),
        "pricelist_seconds": round(t2 - t1, 2),
    }))


def dump(port, token, out):
    c = Client(port, token)
    status, data = c.request("GET", "/api/category")
    if status != 200:
        sys.exit(f"seed: GET /api/category -> {status} {data[:300]!r}")
    cats = json.loads(data)
    for cat in cats:
        cat["id"] = cat["Id"]  # json-server looks items up by "id"
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"categories": cats}, f, ensure_ascii=False, separators=(",", ":"))
    print(json.dumps({"categories": len(cats), "bytes": len(data)}))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["token", "seed", "dump"])
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--client-id")
    ap.add_argument("--client-secret")
    ap.add_argument("--token")
    ap.add_argument("--categories", type=int, default=10_000)
    ap.add_argument("--pricelists", type=int, default=1_000)
    ap.add_argument("--out")
    a = ap.parse_args()
    if a.command == "token":
        print(get_token(a.port, a.client_id, a.client_secret))
    elif a.command == "seed":
        seed(a.port, a.token, a.categories, a.pricelists)
    else:
        dump(a.port, a.token, a.out)


if __name__ == "__main__":
    main()
