"""The codecscope command-line front end (installed as ``codecscope.cli``)."""
