"""A sample article written for newscli, bundled so that it can be tried offline."""

from importlib.resources import files


def sample_page() -> bytes:
    """The sample article as a plain-text dump of its web page."""
    return files(__name__).joinpath("night-ferry.txt").read_bytes()
