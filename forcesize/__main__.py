"""``python -m forcesize``."""

from .cli import main

main()
