"""``python -m zpush_sim`` is the same as the ``zpush-sim`` command."""

from zpush_sim.cli import main

raise SystemExit(main())
