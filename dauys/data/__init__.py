"""Data files shipped inside dauys; DATA_LICENSES.md lists each one with its source and licence."""
