"""newscli: keep, read, rate and discuss news articles in the terminal."""

__version__ = "0.1.0"
