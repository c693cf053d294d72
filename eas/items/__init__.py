"""Items carried in Sync ApplicationData: contacts, appointments, tasks.

Each module converts between an ``ApplicationData`` tree and a plain,
frozen item value keyed by the spec's field names. No onOffice rules here:
mapping onOffice records to these items is the server's job.
"""
