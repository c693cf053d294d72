"""Settings of one reference server instance (`ServerConfig`).

Everything that differs between a scenario, `zpush-sim serve` and a strict
protocol run is here, frozen, and passed to `server.app.create_app`; no
module reads the environment or a global.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from eas.http import version_key
from server.rules import OnOfficeRules
from zpush_sim.clock import Clock, SystemClock

# Z-Push 2.7: ZPush::$supportedASVersions (eas-facts.md 2.1, 1 #1).
ZPUSH_PROTOCOL_VERSIONS: tuple[str, ...] = ("12.0", "12.1", "14.0", "14.1")
ZPUSH_SERVER_VERSION = "14.1"
ACTIVESYNC_HOST = "activesync.onoffice.de"


@dataclass(frozen=True)
class ServerConfig:
    """How the server behaves.

    ``strict`` False (the default) answers as Z-Push does, deviations
    included (500 instead of 400/501, auth on OPTIONS, SendMail advertised);
    True answers as the MS-AS specifications say (eas-facts.md 5).
    """

    db_path: str = ":memory:"
    clock: Clock = field(default_factory=SystemClock)
    strict: bool = False
    protocol_versions: tuple[str, ...] = ZPUSH_PROTOCOL_VERSIONS
    server_version: str = ZPUSH_SERVER_VERSION  # the MS-Server-ActiveSync value
    # The host that autodiscover announces (Url https://<host>/Microsoft-Server-ActiveSync).
    activesync_host: str = ACTIVESYNC_HOST
    # The only e-mail domain autodiscover answers for (B-AUTO-1, B-AUTO-2).
    autodiscover_domain: str = ACTIVESYNC_HOST
    # B-AUTO-3: onOffice offers no autodiscover to Android; a setting turns it on.
    android_autodiscover: bool = False
    # The onOffice side's settings (lockout, appointment limits, ...).
    rules: OnOfficeRules = field(default_factory=OnOfficeRules)

    @property
    def latest_version(self) -> str:
        """The version used when a request names none (eas-facts.md 1 #9)."""
        return max(self.protocol_versions, key=version_key)
