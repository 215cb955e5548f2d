"""``python -m smtte_tui`` does exactly what the ``smtte`` command does."""

from smtte_tui.cli import main

raise SystemExit(main())
