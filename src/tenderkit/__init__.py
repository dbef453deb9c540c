"""tenderkit: Swedish procurement documents from a YAML specification."""

__version__ = "0.1.0"
