"""The Flemish AI-Barometer warehouse: synthetic-wave generator, command line, data quality, report."""
