"""Field bundles: device keys, the bundle format, export, verification, import, merge and conflicts."""
