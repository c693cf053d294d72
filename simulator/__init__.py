"""Simulated EAS devices: profiles (data), account set-up, sync engine, apps.

A device is a profile plus one engine on top of `eas`; all of its HTTP goes
through `simulator.transport`. Must not import `server`: devices and the
reference server meet only on the wire.
"""
