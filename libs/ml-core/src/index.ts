// Public entry of ml-core: vertical-agnostic ML. Each area re-exports from its own folder.
