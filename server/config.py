"""Settings of one reference server instance (`ServerConfig`).

Everything that differs between a scenario, `zpush-sim serve` and a strict
protocol run is here, frozen, and passed to `server.app.create_app`; no
module reads the environment or a global.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from eas.http import version_key
from server.limits import InputLimits
from server.rules import OnOfficeRules
from zpush_sim.clock import Clock, SystemClock

# Z-Push 2.7: ZPush::$supportedASVersions (eas-facts.md 2.1, 1 #1).
ZPUSH_PROTOCOL_VERSIONS: tuple[str, ...] = ("12.0", "12.1", "14.0", "14.1")
ZPUSH_SERVER_VERSION = "14.1"
# What the server can be asked to offer: Z-Push 2.7.3 and later offer 12.0-16.1
# (device-bugs.md "Per-client defaults"); 2.5 is not served (Z-Push dropped it, ZP-604).
SERVABLE_VERSIONS: tuple[str, ...] = ("12.0", "12.1", "14.0", "14.1", "16.0", "16.1")
ACTIVESYNC_HOST = "activesync.onoffice.de"
# MS-ASCMD 2.2.3.79.1: HeartbeatInterval 60-3540 s (R4241).
SPEC_HEARTBEAT_BOUNDS = (60, 3540)


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
    # The admin surface's token; None: a random one per start (printed by serve).
    admin_token: str | None = None

    # -- Z-Push's side (server.activesync, server.commands) -------------------
    # Z-Push PROVISIONING=true; False answers every device without policies.
    provisioning: bool = True
    # MS-ASPROV 14.x: Status 142/144 in the command instead of Z-Push's HTTP 449
    # (eas-facts 1 #13, #17). Strict mode always does this.
    provisioning_statuses: bool = False
    # B-MAINT-1: the state `ServerApp.maintenance` starts in (switched at run time).
    maintenance: bool = False
    retry_after: int = 300  # Z-Push RETRY_AFTER_DELAY (eas-facts 1 #7)
    # Z-Push SYNC_CONFLICT_DEFAULT=OVERWRITE_PIM: the server's copy wins a conflict
    # unless the device's Options/Conflict says otherwise (eas-facts 1 #27).
    conflict_server_wins: bool = True
    # Ping: how often (real seconds) a waiting Ping re-reads onOffice; Z-Push's
    # PING_INTERVAL is 30 s, tests want it short.
    ping_poll_interval: float = 0.2
    # Allowed HeartbeatInterval (s); None: Z-Push without PING_*_BOUND_LIFETIME in
    # Z-Push mode (any value), MS-ASCMD's 60-3540 in strict mode (eas-facts 1 #32, 6).
    ping_heartbeat_bounds: tuple[int, int] | None = None
    ping_max_folders: int = 300
    # Bounded cost per request (`server.commands.limits`): MS-ASCMD 3.1.5.10's defaults.
    sync_max_collections: int = 100
    sync_max_commands: int = 200
    estimate_max_collections: int = 1000
    # Under ASGI (`server.asgi`) a held Ping re-reads onOffice when its customer's
    # data changed (every write moves a counter, `server.store.changes`), and else
    # after this many real seconds, only because the sync windows move with time.
    # Z-Push re-reads every PING_INTERVAL (30 s) since it has no such counter; at
    # 3,000 held Pings that alone was 100 reads a second (bench/bench_load.py).
    ping_recheck_interval: float = 300.0
    # A real-time cap on a Ping's (and a waiting Sync's) wait, for in-process
    # runs with a frozen clock; None: only the injected clock ends it.
    ping_real_limit: float | None = None

    # -- bounded work per request (server.limits) -----------------------------
    input_limits: InputLimits = field(default_factory=InputLimits)
    # Seconds a request waits for another process's hold on the database before
    # it is answered 503 + Retry-After (sqlite3's busy timeout).
    db_busy_timeout: float = 5.0

    @property
    def policy_statuses(self) -> bool:
        """Provisioning answers at 14.x are Status 142/144 rather than HTTP 449."""
        return self.strict or self.provisioning_statuses

    @property
    def heartbeat_bounds(self) -> tuple[int, int] | None:
        if self.ping_heartbeat_bounds is not None:
            return self.ping_heartbeat_bounds
        return SPEC_HEARTBEAT_BOUNDS if self.strict else None

    def offering(self, versions: tuple[str, ...]) -> ServerConfig:
        """This configuration offering ``versions`` (MS-Server-ActiveSync: the highest)."""
        unknown = [v for v in versions if v not in SERVABLE_VERSIONS]
        if unknown or not versions:
            raise ValueError(
                f"cannot offer ActiveSync {', '.join(unknown) or 'no version'}; "
                f"choose from {','.join(SERVABLE_VERSIONS)}"
            )
        ordered = tuple(sorted(set(versions), key=version_key))
        return replace(self, protocol_versions=ordered, server_version=ordered[-1])

    @property
    def latest_version(self) -> str:
        """The version used when a request names none (eas-facts.md 1 #9)."""
        return max(self.protocol_versions, key=version_key)
