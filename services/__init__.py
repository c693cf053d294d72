"""Third-party services the devices reach besides the reference server (Memotoo).

Each service is a real implementation of its protocol as a WSGI app that
`zpush_sim.network` routes a host name to. Must not import `simulator` or
`server`: services meet the devices only on the wire.
"""
