"""Renderers: a plan in, text out. No computation, no solver."""
