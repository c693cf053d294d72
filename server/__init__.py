"""The reference server: onOffice enterprise behind a Z-Push-like ActiveSync endpoint.

Layout (Radicale/Xandikos style): `config` (settings), `app` (the WSGI glue
and the request pipeline), `auth` (logins), `commands/` (one module per EAS
command, registered by ``Cmd=``), `autodiscover` (the autodiscover
endpoint), `store/` (the onOffice model and the sync state, each over
SQLite), `mapping/` (onOffice records -> EAS items), `seed` (demo data).

Must not import `simulator/`: server and devices meet only on the wire.
"""
