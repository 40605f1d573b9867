"""Sphinx configuration for the nutrigraph documentation (MyST Markdown, furo theme)."""

from importlib.metadata import version as _version

project = "nutrigraph"
author = "nutrigraph developers"
copyright = "nutrigraph developers, MIT licence"
release = _version("nutrigraph")
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}  # .rst for the autodoc pages
# _generated/ holds pages included by hand-written ones, never built on their own.
exclude_patterns = ["_build", "_generated"]

myst_enable_extensions = ["dollarmath", "deflist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
napoleon_google_docstring = False
napoleon_numpy_docstring = True
# Render numpydoc type specs such as {"lr", "ic"} and "default 4" as literals, not as links.
napoleon_preprocess_types = True

html_theme = "furo"
html_title = f"nutrigraph {release}"
