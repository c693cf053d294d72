"""What one request may ask for: collections per Sync, GetItemEstimate and Ping; commands per Sync.

Every request's cost must be bounded, so that one client cannot hold the
store for seconds (a Sync naming the tasks collection 1,500 times took 6.9 s
and stalled every other client). The limits and their answers, checked
before any collection is read (MS-ASCMD 3.1.5.10 "Limiting Size of Command
Requests": servers SHOULD impose them and MAY choose other values within
the given bounds):

    request           what is counted                    limit   answer
    ---------------   --------------------------------   -----   ------------------------------
    Sync              Add + Change + Delete + Fetch      200     top-level Status 4 (3.1.5.10)
    Sync              Collection                         100     top-level Status 15 + Limit
                                                                 (2.2.3.97, 2.2.3.177.17)
    GetItemEstimate   Collection                         1000    top-level Status 103 (3.1.5.10;
                                                                 min 30, max 5000)
    Ping              Folder                             300     Status 6 + MaxFolders (2.2.3.102;
                                                                 `ServerConfig.ping_max_folders`)

MS-ASCMD names no number for Sync's collections; 100 is far above the
folders this server offers a user (one per class) and what phones send,
and keeps the worst Sync near a tenth of a second. Z-Push 2.7 has none of
these limits (it works through whatever arrives, as the measured 6.9 s
showed); both modes apply them, since a stalled server answers no one as
Z-Push would either. The values are `ServerConfig` settings.

Must not: build documents (the commands do) or count bytes or decoded
elements (the WBXML decoder's and the body cap's job).
"""

from __future__ import annotations

from eas.commands.sync import SyncRequest

INVALID_ESTIMATE_REQUEST = 103  # GetItemEstimate Status (MS-ASCMD 2.2.3.177.7)


def sync_commands(request: SyncRequest) -> int:
    """The sum MS-ASCMD 3.1.5.10 limits: the device's Add, Change, Delete and Fetch elements."""
    return sum(len(c.commands) for c in request.collections)
