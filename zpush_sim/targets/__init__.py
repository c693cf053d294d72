"""Targets: what the scenarios run against, behind one interface (`zpush_sim.targets.base`).

Built-in kinds: ``embedded`` (default), ``serve:URL``, ``dav:URL``; a site adds
its own through the ``zpush_sim.targets`` entry point group
(`zpush_sim.targets.registry`).
"""

from zpush_sim.targets.base import Capability, MissingCapability, Person, Refused, Target

__all__ = ["Capability", "MissingCapability", "Person", "Refused", "Target"]
