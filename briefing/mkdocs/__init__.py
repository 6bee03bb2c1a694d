"""The MkDocs adapter: the only code of the package that imports MkDocs (the plugin, its events, the
preview's remembered work and the theme overrides shipped with it)."""
