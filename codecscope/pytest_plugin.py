"""pytest plugin entry point for codecscope's testing kit (filled in by the testing-kit work)."""
