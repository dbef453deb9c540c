"""The readable source of the bundled Word templates, one module per document (see
tools/make_templates.py)."""
