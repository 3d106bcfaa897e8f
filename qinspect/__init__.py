"""qinspect: offline township quality inspection."""

__version__ = "0.2.0"
