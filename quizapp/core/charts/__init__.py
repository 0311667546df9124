"""SVG charts built with ElementTree: lines and heatmaps (lines.py), bars (bars.py)."""
