"""Views: the public assembly page and invitation replies, and the organisers' pages."""

from assembly.views.public import assembly_page_serve, respond

__all__ = ["assembly_page_serve", "respond"]
