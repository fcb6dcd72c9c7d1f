"""``python -m codecscope``: the command line, for when the scripts are not on PATH."""

from .cli.main import main

raise SystemExit(main())
