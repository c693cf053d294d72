"""The apps of a simulated device: what the user sees of the synced data."""
