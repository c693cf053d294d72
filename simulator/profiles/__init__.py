"""Device profiles as TOML package data, read by `simulator.profile.load_profile`."""
