"""Turning outside input into article drafts."""
