"""Presentation only: tables, plots, progress bars and reports of results the library computed."""
