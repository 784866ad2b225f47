#!/usr/bin/env python3
"""Connect import throughput against a running norced (stdlib only), for bench/connect.sh.

  connect.py --port P --token T [--items N]

Prints one JSON line per measurement: items per second from the POST of an import until Job/Get says it
finished (accepting, storing, running and recording every chunk), and, as the baseline of the same run, price
lists written one by one through the Management API (POST /api/pricing/pricelist on one keep-alive
connection, as an integration without Connect would). Every job must end with StatusId 2 and no failed item.
"""
import argparse
import json
import sys
import time

from seed import Client

CONNECT = "/commerce/connect/4.0/Product/"


def connect_post(client, method, header, items):
    body = "[" + ",".join(json.dumps(i, separators=(",", ":")) for i in items) + "]"
    status, answer = client.request("POST", CONNECT + method, body,
                                    {"Content-Type": "application/json", "applicationId": "1",
                                     "X-StormConnect-Header": json.dumps(header, separators=(",", ":"))})
    if status != 200:
        sys.exit(f"{method}: {status} {answer}")
    return json.loads(answer)["JobId"]


def wait_job(client, job_id):
    while True:
        status, answer = client.request("GET", "/commerce/connect/4.0/Job/Get?id=" + job_id, None,
                                        {"applicationId": "1"})
        job = json.loads(answer)
        if job["IsFinished"]:
            if job["StatusId"] != 2 or job["Fail"] != 0:
                sys.exit(f"job {job_id} ended badly: {job}")
            return job
        time.sleep(0.01)  # polling the server; the figure is taken from the client's clock around it


def timed_import(client, name, method, header, items):
    start = time.perf_counter()
    job = wait_job(client, connect_post(client, method, header, items))
    seconds = time.perf_counter() - start
    print(json.dumps({"measure": name, "items": len(items), "seconds": round(seconds, 3),
                      "items_per_s": round(len(items) / seconds), "inserts": job["Inserts"],
                      "updates": job["Updates"]}), flush=True)
    return len(items) / seconds


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--token", required=True)
    p.add_argument("--items", type=int, default=10000)
    a = p.parse_args()
    c = Client(a.port, a.token)
    n = a.items
    account = {"AccountId": 1, "SerializationType": 0}

    # Baseline: price lists one by one through the Management API.
    lists = min(n, 2000)
    start = time.perf_counter()
    for i in range(lists):
        status, answer = c.request("POST", "/api/pricing/pricelist",
                                   {"Code": f"BASE-{i}", "Name": f"Baseline {i}", "CurrencyId": 1, "TypeId": 1})
        if status != 200:
            sys.exit(f"baseline POST: {status} {answer}")
    baseline = lists / (time.perf_counter() - start)
    print(json.dumps({"measure": "baseline: POST /api/pricing/pricelist one by one", "items": lists,
                      "items_per_s": round(baseline)}), flush=True)

    price_lists = [{"Code": f"IMP-{i}", "Name": f"Imported {i}", "CurrencyCode": "SEK"} for i in range(lists)]
    rate = timed_import(c, "ImportPriceLists", "ImportPriceLists",
                        dict(account, PriceListFieldsThatAreSet=[0, 1]), price_lists)
    print(json.dumps({"measure": "ImportPriceLists / baseline", "ratio": round(rate / baseline, 2)}), flush=True)

    products = [{"ManufacturerCode": "BENCH", "ManufacturerName": "Bench AB",
                 "Variants": [{"ManufacturerPartNo": f"MPN-{i}", "Skus": [{"PartNo": f"P-{i}", "Status": 1, "Type": 1}]}]}
                for i in range(n)]
    timed_import(c, "ImportProducts (new)", "ImportProducts",
                 dict(account, FullFile=False, ProductFieldsThatAreSet=[0, 1, 4], VariantFieldsThatAreSet=[0, 5],
                      SkuFieldsThatAreSet=[1, 2]), products)
    onhands = [{"PartNo": f"P-{i}", "WarehouseCode": "W1", "LocationCode": "L1", "OnhandValue": i % 50}
               for i in range(n)]
    onhand_header = dict(account, FullFile=False, SkuOnhandFieldsThatAreSet=[3])
    timed_import(c, "ImportOnhands (new)", "ImportOnhands", onhand_header, onhands)
    timed_import(c, "ImportOnhands (unchanged)", "ImportOnhands", onhand_header, onhands)
    prices = [{"PartNo": f"P-{i}", "PriceListCode": "IMP-0", "QuantityBreak": 1, "PriceSale": 100 + i % 7}
              for i in range(n)]
    price_header = dict(account, FullFile=False, SkuPriceListFieldsThatAreSet=[3])
    timed_import(c, "ImportSkuPriceLists (new)", "ImportSkuPriceLists", price_header, prices)
    for p in prices:
        p["PriceSale"] += 1
    timed_import(c, "ImportSkuPriceLists (changed)", "ImportSkuPriceLists", price_header, prices)


if __name__ == "__main__":
    main()
