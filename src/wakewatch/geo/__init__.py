"""Geography reference layer: ports gazetteer, land and shore, sea routes and distances.

Pure functions over numpy arrays; the only I/O is loading the shipped data once (cached).
Imported by the simulator and the detectors; it imports nothing above it.
"""

from wakewatch.geo.land import distance_to_shore_m, on_land
from wakewatch.geo.ports import nearest_ports, port_by_locode, ports
from wakewatch.geo.routes import (
    Route,
    circular_mean_lon,
    haversine_m,
    normalize_lon,
    sea_distance_m,
    sea_route,
)

__all__ = [
    "Route",
    "circular_mean_lon",
    "distance_to_shore_m",
    "haversine_m",
    "nearest_ports",
    "normalize_lon",
    "on_land",
    "port_by_locode",
    "ports",
    "sea_distance_m",
    "sea_route",
]
