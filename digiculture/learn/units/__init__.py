"""One module per unit: the checks its exercises call (`u03.check_columns(...)`)."""
