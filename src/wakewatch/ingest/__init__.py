"""Ingest: turn input files (NMEA logs, AIS CSV/Parquet tables) into clean rows.

Pure parsing and decoding; nothing here touches the store. ``wakewatch.store.load`` drives
these functions and persists what they produce.
"""
