"""Inference over detected events: voyages, deliveries, risk indicators, alerts, profiles.

Everything here reads what detection stored (events, statics, the ``vessels`` view, sanctions
hits, declaration findings) and never the raw positions: an alert is only as strong as the
events it cites, and each of those points at its input lines.
"""
