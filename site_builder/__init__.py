"""site_builder: a static research-website generator."""

__version__ = "0.1.0"
