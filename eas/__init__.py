"""Sans-IO Exchange ActiveSync: WBXML, code pages, commands, items, HTTP framing.

Nothing in this package performs I/O, reads a clock, the environment or a
random source: callers pass bytes, the time and identifiers in. Both the
reference server and the simulated devices build on it; neither
reimplements any of it.
"""
