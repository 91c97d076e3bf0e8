"""Sanctions lists: loaders for the published formats into FollowTheMoney-shaped entities.

Screening (matching identities against the entities) builds on this (issue 5).
"""

from wakewatch.sanctions.entity import DATASETS, SCHEMAS, Entity

__all__ = ["DATASETS", "SCHEMAS", "Entity"]
