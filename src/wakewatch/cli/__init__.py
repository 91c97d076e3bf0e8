"""The ``wakewatch`` command line: data to stdout, logs and progress to stderr.

Exit codes: 0 ok, 1 user error (one explained line on stderr), 2 usage.
"""
