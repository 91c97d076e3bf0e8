"""The ports gazetteer: NGA World Port Index merged with searoute's ports, one row per port.

Sources (shipped in ``geo/data``, see its README): the World Port Index (Pub 150, 2023-08,
public domain; reduced to its gazetteer columns by ``scripts/reduce_wpi.py``) and the ports of
the ``searoute`` package (Apache-2.0). Merge rules, applied at load time:

- UN/LOCODE is normalised to five characters without spaces (WPI writes ``KP NAM``); codes
  that are not two letters plus three letters/digits 2-9 become null.
- One row per LOCODE. WPI wins: its coordinates and names are kept, and searoute's name for
  the same code is added to ``alternate_names``. Where WPI lists several ports under one code
  (a port and its offshore terminal), the largest harbour (then the lowest WPI number) holds
  the code; the others stay as rows with a null ``locode`` and the code in ``locode_aliases``.
- A searoute port whose code WPI lacks is kept (``source = "searoute"``), unless a WPI port
  with the same normalised name lies within :data:`SAME_PORT_M`: then that row takes
  searoute's code as its ``locode`` if it has none, else as an alias (Najin: WPI ``KPRJN``,
  searoute ``KPNJN``). Repeated searoute codes keep their first terminal row (``t = 1``).
- Where WPI and searoute put one code more than :data:`CONFLICT_M` apart (27 codes over
  200 km: ``GBTOB`` Tobermory in Scotland and in Ontario, ``USPWM`` Portland Maine and
  Oregon ...), the WPI row keeps the code and the searoute place stays as its own row with a
  null ``locode`` and the code in ``locode_aliases`` — unless the WPI row duplicates a
  differently coded WPI harbour within :data:`SAME_PORT_M` (``Sakai Ko`` = Sakaiminato
  ``JPSMN`` carrying Osaka's ``JPSAK``): then searoute's place keeps the code.

Columns: ``port_id`` (``wpi:<number>[#n]`` / ``searoute:<locode or #feature>``, unique), ``locode``,
``locode_aliases``, ``name``, ``alternate_names``, ``country`` (ISO 3166 alpha-2 from the
LOCODE), ``country_name``, ``lat``, ``lon``, ``source`` (``wpi`` / ``searoute``),
``wpi_number`` (a string: WPI has ``49454.5``), ``harbor_size``.

:func:`nearest_ports` is vectorised over arrays with an STRtree on the ports' degree
coordinates (every port repeated at ±360°, so circles crossing the antimeridian are
complete) and haversine distances.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl
import shapely

from wakewatch.geo.routes import EARTH_RADIUS_M, haversine_m, normalize_lon

__all__ = [
    "CONFLICT_M", "SAME_PORT_M", "nearest_ports", "normalize_locode", "port_by_locode", "ports",
]

WPI_FILE = "nga_wpi_reduced.csv.gz"
SEAROUTE_FILE = "searoute_ports.geojson.gz"
SAME_PORT_M = 10_000.0
"""A searoute port within this distance of a WPI port of the same name is the same port."""
CONFLICT_M = 50_000.0
"""WPI and searoute positions of one LOCODE farther apart than this are two places."""

_LOCODE = re.compile(r"^[A-Z]{2}[A-Z2-9]{3}$")
_SIZE_RANK = {"Large": 4, "Medium": 3, "Small": 2, "Very Small": 1}
CHUNK = 100_000


def normalize_locode(code: str | None) -> str | None:
    """``'KP NAM'`` -> ``'KPNAM'``; None for anything that is not a UN/LOCODE."""
    if code is None:
        return None
    c = re.sub(r"\s+", "", code).upper()
    return c if _LOCODE.match(c) else None


def _norm_name(name: str) -> str:
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", "", s)


def _split_names(text: str | None) -> list[str]:
    return [n.strip() for n in (text or "").split(";") if n.strip()]


def _read_wpi() -> pl.DataFrame:
    ref = resources.files("wakewatch.geo").joinpath("data", WPI_FILE)
    with ref.open("rb") as f:
        raw = pl.read_csv(gzip.decompress(f.read()), infer_schema_length=0)
    rows = []
    for r in raw.iter_rows(named=True):
        rows.append({
            "wpi_number": r["World Port Index Number"].strip(),
            "locode": normalize_locode(r["UN/LOCODE"]),
            "name": r["Main Port Name"].strip(),
            "alternate_names": [n for n in _split_names(r["Alternate Port Name"])
                                if _norm_name(n) != _norm_name(r["Main Port Name"])],
            "country_name": (r["Country Code"] or "").strip() or None,
            "lat": float(r["Latitude"]),
            "lon": float(r["Longitude"]),
            "harbor_size": (r["Harbor Size"] or "").strip() or None,
        })
    return pl.DataFrame(rows, schema={
        "wpi_number": pl.String, "locode": pl.String, "name": pl.String,
        "alternate_names": pl.List(pl.String), "country_name": pl.String,
        "lat": pl.Float64, "lon": pl.Float64, "harbor_size": pl.String})


def _read_searoute() -> list[dict[str, Any]]:
    ref = resources.files("wakewatch.geo").joinpath("data", SEAROUTE_FILE)
    with ref.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
        features = json.load(f)["features"]
    out: list[dict[str, Any]] = []
    for i, feat in enumerate(features):
        p = feat["properties"]
        lon, lat = feat["geometry"]["coordinates"][:2]
        out.append({"locode": normalize_locode(p.get("port")), "name": str(p["name"]).strip(),
                    "country_name": str(p.get("cty") or "").replace("_", " ") or None,
                    "lat": float(lat), "lon": float(lon), "t": float(p.get("t") or 0.0),
                    "index": i})
    # first terminal row of each code first
    out.sort(key=lambda r: -float(r["t"]))
    return out


def _settle_conflicts(conflicts: list[tuple[dict[str, Any], dict[str, Any]]],
                      rows: list[dict[str, Any]]) -> None:
    """A WPI row in a code conflict that duplicates a coded WPI harbour gives the code back.

    WPI lists some harbours twice (``Sakai Ko`` and ``Sakaiminato``, 1.5 km apart), one of
    them under another place's code (``JPSAK`` is Sakai by Osaka, where searoute puts it).
    When the WPI row of a conflicting code has another WPI port with a different code
    within :data:`SAME_PORT_M` whose name starts with the row's first word (``Sakai`` …
    ``Sakaiminato``), that neighbour names the harbour: the duplicate takes its
    code as an alias, and searoute's place takes the contested code.
    """
    coded = [r for r in rows if r["source"] == "wpi" and r["locode"] is not None]
    for wpi_row, sr_row in conflicts:
        code = wpi_row["locode"]
        if code is None:
            continue
        stem = _norm_name(wpi_row["name"].split()[0])
        twins = [r for r in coded if r is not wpi_row and r["locode"] != code
                 and _norm_name(r["name"]).startswith(stem) and haversine_m(
                     r["lat"], r["lon"], wpi_row["lat"], wpi_row["lon"]) <= SAME_PORT_M]
        if twins:
            wpi_row["locode"], wpi_row["locode_aliases"] = None, [twins[0]["locode"]]
            sr_row["locode"], sr_row["locode_aliases"] = code, []


@cache
def _ports() -> pl.DataFrame:
    wpi = _read_wpi()
    rank: list[tuple[float, ...]] = [(-_SIZE_RANK.get(s or "", 0), float(n)) for s, n in
            zip(wpi["harbor_size"], wpi["wpi_number"], strict=True)]
    order = sorted(range(len(rank)), key=rank.__getitem__)
    rows: list[dict[str, Any]] = []
    by_code: dict[str, dict[str, Any]] = {}
    ids: dict[str, int] = {}
    for i, n in enumerate(wpi["wpi_number"].to_list()):  # WPI repeats 400, 49460: #2 ...
        ids[n] = ids.get(n, 0) + 1
        rank[i] = (*rank[i], ids[n])
    for i in order:
        r = wpi.row(i, named=True)
        code = r["locode"]
        nth = rank[i][2]
        pid = f"wpi:{r['wpi_number']}" + (f"#{nth}" if nth > 1 else "")
        row = {**r, "port_id": pid, "source": "wpi", "locode_aliases": []}
        if code is not None and code in by_code:
            row["locode"] = None
            row["locode_aliases"] = [code]
        elif code is not None:
            by_code[code] = row
        rows.append(row)
    wpi_names: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        for n in (row["name"], *row["alternate_names"]):
            wpi_names.setdefault(_norm_name(n), []).append(row)
    seen: set[str] = set()
    conflicts: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for s in _read_searoute():
        code = s["locode"]
        if code is not None and code in seen:
            continue
        if code is not None:
            seen.add(code)
        target: dict[str, Any] | None
        conflict = False
        if code is not None and code in by_code:
            target = by_code[code]
            if haversine_m(target["lat"], target["lon"], s["lat"], s["lon"]) > CONFLICT_M:
                target, conflict = None, True  # two places under one code: keep both
        else:
            near = [w for w in wpi_names.get(_norm_name(s["name"]), [])
                    if haversine_m(w["lat"], w["lon"], s["lat"], s["lon"]) <= SAME_PORT_M]
            target = near[0] if near else None
            if target is not None and code is not None:
                if target["locode"] is None and not target["locode_aliases"]:
                    target["locode"] = code  # a WPI port without LOCODE adopts searoute's
                else:
                    target["locode_aliases"].append(code)
                by_code[code] = target
        if target is not None:
            names = {_norm_name(n) for n in (target["name"], *target["alternate_names"])}
            if _norm_name(s["name"]) not in names:
                target["alternate_names"].append(s["name"])
            continue
        row = {"wpi_number": None, "locode": code, "name": s["name"], "alternate_names": [],
               "country_name": s["country_name"], "lat": s["lat"], "lon": s["lon"],
               "harbor_size": None, "port_id": f"searoute:{code or '#' + str(s['index'])}",
               "source": "searoute", "locode_aliases": []}
        if conflict:
            row["locode"], row["locode_aliases"] = None, [code]
            row["port_id"] = f"searoute:{code}"
            conflicts.append((by_code[code], row))
        elif code is not None:
            by_code[code] = row
        rows.append(row)
    _settle_conflicts(conflicts, rows)
    df = pl.DataFrame(rows, schema={
        "port_id": pl.String, "locode": pl.String, "locode_aliases": pl.List(pl.String),
        "name": pl.String, "alternate_names": pl.List(pl.String),
        "country_name": pl.String, "lat": pl.Float64, "lon": pl.Float64,
        "source": pl.String, "wpi_number": pl.String, "harbor_size": pl.String})
    df = df.with_columns(
        country=pl.coalesce(pl.col("locode"), pl.col("locode_aliases").list.first())
        .str.slice(0, 2))
    return df.select("port_id", "locode", "locode_aliases", "name", "alternate_names",
                     "country", "country_name", "lat", "lon", "source", "wpi_number",
                     "harbor_size").sort("port_id")


def ports() -> pl.DataFrame:
    """The gazetteer (cached; polars frames are immutable, so sharing it is safe)."""
    return _ports()


@cache
def _code_index() -> dict[str, int]:
    df = _ports()
    index: dict[str, int] = {}
    for i, (code, aliases) in enumerate(zip(df["locode"], df["locode_aliases"], strict=True)):
        for c in aliases:
            index.setdefault(c, i)
        if code is not None:
            index[code] = i
    return index


def port_by_locode(code: str) -> dict[str, Any] | None:
    """The port with this UN/LOCODE (``'KP NAM'``, ``'kpnam'`` and aliases accepted)."""
    c = normalize_locode(code)
    i = _code_index().get(c) if c else None
    return None if i is None else _ports().row(i, named=True)


@cache
def _port_tree() -> tuple[shapely.STRtree, npt.NDArray[np.intp], npt.NDArray[np.float64],
                          npt.NDArray[np.float64]]:
    df = _ports()
    lat = df["lat"].to_numpy()
    lon = normalize_lon(df["lon"].to_numpy())
    idx = np.arange(len(df))
    # every port also at -360 and +360: a search circle reaching across the antimeridian
    # finds the ports there however wide it grows (a band of 10 degrees missed ports
    # 1,300 km away from a query at 179 E)
    x = np.concatenate([lon, lon - 360.0, lon + 360.0])
    y = np.concatenate([lat, lat, lat])
    ids = np.concatenate([idx, idx, idx])
    return shapely.STRtree(shapely.points(x, y)), ids, lat, lon


def nearest_ports(lat: npt.ArrayLike, lon: npt.ArrayLike, k: int = 1,
                  max_distance_m: float | None = None) -> pl.DataFrame:
    """The k nearest ports of each query point, by great-circle distance.

    Returns a long frame (``query`` = index of the point in the flattened input, ``rank``
    1..k, ``distance_m``, then the gazetteer columns), sorted by query and rank. Points with
    no port within ``max_distance_m`` (or invalid points) have no rows.
    """
    if k < 1:
        raise ValueError("k must be >= 1")
    la = np.asarray(lat, dtype=np.float64).ravel()
    lo = normalize_lon(lon).ravel()
    la, lo = np.broadcast_arrays(la, lo)
    parts = [_nearest_chunk(la[s:s + CHUNK], lo[s:s + CHUNK], s, k, max_distance_m)
             for s in range(0, max(len(la), 1), CHUNK)]
    q = np.concatenate([p[0] for p in parts])
    pid = np.concatenate([p[1] for p in parts])
    d = np.concatenate([p[2] for p in parts])
    rank = np.ones(len(q), dtype=np.int64)
    if len(q):
        start = np.r_[0, np.flatnonzero(np.diff(q)) + 1]
        rank = np.arange(len(q)) - np.repeat(start, np.diff(np.r_[start, len(q)])) + 1
    head = pl.DataFrame({"query": q.astype(np.int64), "rank": rank, "distance_m": d})
    return pl.concat([head, _ports()[pid]], how="horizontal")


def _nearest_chunk(lat: npt.NDArray[np.float64], lon: npt.NDArray[np.float64], offset: int,
                   k: int, max_distance_m: float | None,
                   ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp],
                              npt.NDArray[np.float64]]:
    tree, ids, plat, plon = _port_tree()
    valid = np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90.0)
    pts = shapely.points(lon, lat)
    if max_distance_m is not None:
        radius_m = np.full(lat.shape, float(max_distance_m))
    else:  # start from the nearest port in degree space, widen until k are found
        pi, gi = tree.query_nearest(pts[valid], all_matches=False)
        radius_m = np.zeros(lat.shape)
        v = np.flatnonzero(valid)
        g = ids[gi]
        radius_m[v[pi]] = haversine_m(lat[v[pi]], lon[v[pi]], plat[g], plon[g])
        radius_m = np.maximum(radius_m, 1_000.0)
    todo = np.flatnonzero(valid)
    out_q, out_p, out_d = [], [], []
    while len(todo):
        deg = _deg_radius(lat[todo], radius_m[todo])
        qi, gi = tree.query(pts[todo], predicate="dwithin", distance=deg)
        q, p = todo[qi], ids[gi]
        d = haversine_m(lat[q], lon[q], plat[p], plon[p])
        keep = d <= radius_m[q]
        q, p, d = q[keep], p[keep], d[keep]
        # a port repeated at ±360 can match twice: keep one
        qp = np.unique(np.stack([q, p], axis=1), axis=0, return_index=True)[1]
        q, p, d = q[qp], p[qp], d[qp]
        counts = np.bincount(q, minlength=len(lat))
        enough = (counts[todo] >= k) | (max_distance_m is not None) \
            | (radius_m[todo] >= np.pi * EARTH_RADIUS_M)
        done = np.zeros(len(lat), dtype=bool)
        done[todo[enough]] = True
        sel = done[q]
        out_q.append(q[sel])
        out_p.append(p[sel])
        out_d.append(d[sel])
        todo = todo[~enough]
        radius_m[todo] *= 2.0
    q = np.concatenate(out_q) if out_q else np.empty(0, dtype=np.intp)
    p = np.concatenate(out_p) if out_p else np.empty(0, dtype=np.intp)
    d = np.concatenate(out_d) if out_d else np.empty(0)
    order = np.lexsort((p, d, q))
    q, p, d = q[order], p[order], d[order]
    if len(q):
        start = np.r_[0, np.flatnonzero(np.diff(q)) + 1]
        pos = np.arange(len(q)) - np.repeat(start, np.diff(np.r_[start, len(q)]))
        top = pos < k
        q, p, d = q[top], p[top], d[top]
    return q + offset, p, d


def _deg_radius(lat: npt.NDArray[np.float64],
                dist_m: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    ang = np.degrees(dist_m / EARTH_RADIUS_M)
    coslat = np.cos(np.radians(np.minimum(np.abs(lat) + ang, 90.0)))
    return np.asarray(np.where(coslat > 1e-3, ang / np.maximum(coslat, 1e-3), 360.0) * 1.001
                      + 1e-9, dtype=np.float64)
