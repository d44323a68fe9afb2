"""Reads zhili's Open311 endpoint with the georeport client (PyPI), every GET path, JSON and XML.

Usage: python3 georeport_client.py http://127.0.0.1:PORT/open311/v2
The server must hold the demo zone and its cases (zhili serve --demo).
"""
import sys

from georeport import GeoReport

ROOT = sys.argv[1]
JURISDICTION = "410871000000"
WINDOW = ("2015-09-01T00:00:00+08:00", "2015-09-30T23:59:59+08:00")
checks = 0


def check(condition, what):
    global checks
    if not condition:
        raise SystemExit(f"FAILED: {what}")
    checks += 1


for fmt in ("json", "xml"):
    client = GeoReport(ROOT, jurisdiction=JURISDICTION, output_format=fmt)
    services = client.get_service_list()
    codes = [s["service_code"] for s in services]
    check("I0101" in codes, f"{fmt}: services list the manhole-cover service")
    check(all(c.startswith("I") for c in codes), f"{fmt}: no dispute is a public service")

    definition = client.get_service_definition("I0101")
    check(definition["service_code"] == "I0101", f"{fmt}: the definition names its service")
    check("attributes" in definition, f"{fmt}: the definition has attributes")

    requests = client.get_service_requests(start_date=WINDOW[0], end_date=WINDOW[1])
    if isinstance(requests, dict):
        requests = [requests]
    check(len(requests) > 50, f"{fmt}: September 2015 has requests ({len(requests)})")
    first = requests[0]
    for field in ("service_request_id", "status", "service_code", "requested_datetime", "description"):
        check(field in first, f"{fmt}: a request has {field}")
    check(first["status"] in ("open", "closed"), f"{fmt}: status is open or closed")

    ids = ",".join(r["service_request_id"] for r in requests[:3])
    some = client.get_service_requests(service_request_id=ids)
    if isinstance(some, dict):
        some = [some]
    check(len(some) == 3, f"{fmt}: three requests by id")

    closed = client.get_service_requests(start_date=WINDOW[0], end_date=WINDOW[1], status="closed")
    if isinstance(closed, dict):
        closed = [closed]
    check(all(r["status"] == "closed" for r in closed), f"{fmt}: the status filter holds")

    one = client.get_service_request(first["service_request_id"])
    check(one["service_request_id"] == first["service_request_id"], f"{fmt}: one request by id")

print(f"georeport client: {checks} passed, 0 failed")
