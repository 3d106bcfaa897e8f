"""qinspect: offline township quality inspection."""

__version__ = "0.1.0"
