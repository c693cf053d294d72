"""Interop: the simulated devices against a real ActiveSync server (SOGo 5.8 from Debian).

Modules: `system` (can SOGo run here; apt), `procs` (daemons by PID),
`postgres` (private cluster, users), `sogo` (config, memcached, sogod),
`stack` (all of it up and down), `dav` (seeding over CardDAV/CalDAV),
`matrix` (profile x capability report), `cli` (``python -m interop``).

Must not: import `server/` (SOGo is the server here) or change `simulator/`.
"""
