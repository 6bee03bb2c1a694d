"""Turn a folder of curated, cited facts into a verified briefing: website, PDF and data."""

__version__ = "0.1.0"
