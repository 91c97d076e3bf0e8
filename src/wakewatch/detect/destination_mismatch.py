"""destination_mismatch detector (being built; registers nothing yet)."""
