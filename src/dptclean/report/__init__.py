"""Reports: the report model (numbers and evidence) and its renderers."""
