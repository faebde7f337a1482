"""Settings package: ``base`` is shared; ``dev``, ``test`` and ``production`` layer on top of it."""
