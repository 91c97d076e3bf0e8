"""NMEA 0183 / IEC 61162 AIS logs: line framing, time sources, reassembly, de-duplication."""
