"""wakewatch: expose covert cargo shipments and sanctions evasion at sea.

The public Python API is small and explicit; everything else is internal.
"""

from wakewatch.errors import WakewatchError

__version__ = "0.1.0"

__all__ = ["WakewatchError", "__version__"]
