"""Shared pure libraries: no Django, no I/O. Any app may import them."""
