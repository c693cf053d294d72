"""Reading and replaying Z-Push debug logs (``zpush-sim replay``, ``wbxml decode --zpush-log``).

`zpush_sim.replay.zlog` parses a log into requests; `.rewrite` maps the
log's SyncKeys, PolicyKeys and ServerIds to a target's; `.replayer` sends
the requests; `.compare` sets the answers side by side; `.html` and
`.gherkin` write what a developer reads. This package does I/O (files,
HTTP); `eas/` stays sans-IO.
"""
