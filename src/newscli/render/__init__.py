"""Turning articles into terminal output: Rich renderables or plain strings.

Renderers receive data and never read the store.
"""
