"""Vendored static files name only source maps that are there.

Production's ``CompressedManifestStaticFilesStorage`` rewrites every ``sourceMappingURL`` to the hashed name of the
map, and ``collectstatic`` fails when the map is missing. Maps are not vendored unless they are wanted (Leaflet's is),
so the comment is removed from files shipped without theirs (Bootstrap's CSS and JS).
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

SOURCE_MAP_RE = re.compile(rb"[/*]# sourceMappingURL=([^\s*]+)")


def test_every_source_map_named_in_static_files_exists():
    missing = []
    for directory in settings.STATICFILES_DIRS:
        for path in Path(directory).rglob("*"):
            if path.suffix not in {".css", ".js"}:
                continue
            for match in SOURCE_MAP_RE.finditer(path.read_bytes()):
                target = match.group(1).decode()
                if not target.startswith("data:") and not (path.parent / target).is_file():
                    missing.append(f"{path.relative_to(directory)} -> {target}")
    assert not missing, f"source maps named but not vendored: {missing}"
