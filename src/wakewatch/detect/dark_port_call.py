"""dark_port_call detector (being built; registers nothing yet)."""
