"""Entry point for `python -m qinspect`."""

from qinspect.cli import main

raise SystemExit(main())
