"""The course: units manifest and notebooks, nbgrader operations."""
