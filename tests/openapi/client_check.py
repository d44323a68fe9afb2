"""Drives zhili through the Python client openapi-python-client generated from its OpenAPI
document, as a program written against the document alone would: a grid manager logs in, pages
through the units they may see, reports an incident at a point inside their grid, adds a photo
and reads it back. Each answer must be the status and the model the document promised.

    python3 tests/openapi/client_check.py BASE_URL      (ZHILI_DEMO_PASSWORD: the demo's password)

tests/openapi/run generates and installs the client (package zhili_api_client) first.
"""

import os
import sys
from io import BytesIO
from pathlib import Path

from zhili_api_client import AuthenticatedClient, Client
from zhili_api_client.api.auth import login, me
from zhili_api_client.api.cases import download_photo, get_case, list_cases, list_categories, report_case, upload_photo
from zhili_api_client.api.units import get_unit, list_units
from zhili_api_client.models import CaseDetail, CaseJson, ErrorBody, LoginRequest, LoginResponse, PhotoRow, PhotoUpload
from zhili_api_client.models import PagedCaseJson, PagedUnitJson, ReportRequest, UnitJson, UserJson
from zhili_api_client.types import File

USERNAME = "g001-manager"
PHOTO = Path(__file__).resolve().parent.parent / "fixtures" / "photo.jpg"

checks = 0


def check(ok, what):
    """Counts a check; the first that fails ends the run, naming what was expected."""
    global checks
    if not ok:
        sys.exit(f"client_check: FAILED: {what}")
    checks += 1


def answer(res, status, model, what):
    """The parsed body of a response that must have this status and this model."""
    check(res.status_code == status, f"{what}: status {status}, got {res.status_code}: {res.content[:300]!r}")
    check(isinstance(res.parsed, model), f"{what}: a {model.__name__}, got {type(res.parsed).__name__}")
    return res.parsed


def inside(point, ring):
    """Whether a point lies inside a ring of (lon, lat), by counting the edges a ray crosses."""
    (x, y), crossings = point, 0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            crossings += 1
    return crossings % 2 == 1


def point_inside(boundary):
    """A point inside a GeoJSON Polygon or MultiPolygon: its first ring's bounding-box centre when
    that is inside, else the first inside point of a 20 × 20 lattice over the box."""
    rings = boundary["coordinates"] if boundary["type"] == "Polygon" else boundary["coordinates"][0]
    ring = [tuple(p) for p in rings[0]]
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    lattice = [(min(xs) + (max(xs) - min(xs)) * i / 20, min(ys) + (max(ys) - min(ys)) * j / 20) for i in range(1, 20) for j in range(1, 20)]
    for p in [((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2), *lattice]:
        if inside(p, ring):
            return p
    sys.exit(f"client_check: FAILED: no point inside the boundary {boundary}")


def main():
    base, password = sys.argv[1], os.environ["ZHILI_DEMO_PASSWORD"]
    anonymous = Client(base_url=base, raise_on_unexpected_status=True)
    wrong = login.sync_detailed(client=anonymous, body=LoginRequest(username=USERNAME, password=password + "-wrong"))
    check(answer(wrong, 401, ErrorBody, "a wrong password").error.code == "unauthorized", "a wrong password is `unauthorized`")
    session = answer(login.sync_detailed(client=anonymous, body=LoginRequest(username=USERNAME, password=password)), 200, LoginResponse, "login")
    check(session.user.username == USERNAME and session.token, "the login answers a token for the user")
    client = AuthenticatedClient(base_url=base, token=session.token, raise_on_unexpected_status=True)

    myself = answer(me.sync_detailed(client=client), 200, UserJson, "who am I")
    grids = [r.unit_id for r in myself.roles if r.role.value == "grid_staff"]
    check(len(grids) == 1, f"{USERNAME} is staff of one grid, got roles {myself.roles}")
    grid = grids[0]

    # Units a page at a time: every page's size as asked, the pages together the whole list once.
    first = answer(list_units.sync_detailed(client=client, page=1, page_size=1), 200, PagedUnitJson, "units, page 1")
    check(first.page == 1 and first.page_size == 1 and len(first.items) == min(1, first.total), "page 1 holds one unit")
    seen = [u.id for u in first.items]
    for page in range(2, first.total + 2):
        rows = answer(list_units.sync_detailed(client=client, page=page, page_size=1), 200, PagedUnitJson, f"units, page {page}")
        check(rows.total == first.total and rows.page == page, f"page {page} says the same total and its number")
        check(len(rows.items) == (1 if page <= first.total else 0), f"page {page} holds {len(rows.items)} units")
        seen += [u.id for u in rows.items]
    check(sorted(seen) == sorted(set(seen)) and len(seen) == first.total, f"the pages hold each of {first.total} units once: {seen}")
    check(grid in seen, f"the manager's grid {grid} is among the units {seen}")
    refused = answer(list_units.sync_detailed(client=client, page_size=0), 422, ErrorBody, "a page size of 0")
    check([f.field for f in refused.error.fields] == ["page_size"], "a page size of 0 is refused by name")

    unit = answer(get_unit.sync_detailed(grid, client=client), 200, UnitJson, "the grid")
    check(unit.level.value == "grid" and unit.boundary, "the grid has a boundary")
    lon, lat = point_inside(unit.boundary.to_dict())

    categories = list_categories.sync_detailed(client=client).parsed
    incident = next((c for c in categories if c.leaf and c.kind == "incident"), None)
    check(incident is not None, "the catalogue has an incident category to report under")

    # A point far outside the zone is refused by field; one inside the grid is the grid's case.
    body = ReportRequest(category=incident.code, description="井盖缺失 (client check)", lon=100.0, lat=30.0)
    outside = answer(report_case.sync_detailed(client=client, body=body), 422, ErrorBody, "a report outside the zone")
    check([f.field for f in outside.error.fields] == ["point"], "a point outside the zone is refused as `point`")
    body.lon, body.lat = lon, lat
    case = answer(report_case.sync_detailed(client=client, body=body), 201, CaseJson, "the report")
    check(case.unit_id == grid and case.category == incident.code and case.state == "reported", f"the case is the grid's, reported: {case}")
    detail = answer(get_case.sync_detailed(case.id, client=client), 200, CaseDetail, "the case")
    check(detail.case.id == case.id and "register" in detail.allowed_actions, f"the case reads back, to be registered: {detail.allowed_actions}")
    listed = answer(list_cases.sync_detailed(client=client, unit=grid, page_size=500), 200, PagedCaseJson, "the grid's cases")
    check(case.id in [c.id for c in listed.items], "the grid's cases list it")

    jpeg = PHOTO.read_bytes()
    upload = PhotoUpload(photo=File(payload=BytesIO(jpeg), file_name="photo.jpg", mime_type="image/jpeg"))
    photo = answer(upload_photo.sync_detailed(case.id, client=client, body=upload), 201, PhotoRow, "the photo")
    image = download_photo.sync_detailed(photo.id, client=client)
    check(image.status_code == 200 and image.headers["content-type"] == "image/jpeg", f"the photo downloads as a JPEG: {image.status_code}")
    check(len(image.content) > 0 and image.content[:2] == b"\xff\xd8", "the download is a JPEG's bytes")

    print(f"client_check: {checks} passed, 0 failed (case {case.id} in grid {grid}, photo {photo.id})")


if __name__ == "__main__":
    main()
