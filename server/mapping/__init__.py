"""onOffice records -> EAS folders and items, as tables.

`folders` says which folders a user has (B-SET-3); `contacts` turns an
address into a `ContactItem` (guide 12.3, B-CON-*); `sources` joins them:
per EAS class, the items a user's folder holds and their versions.
Must not: store anything or build HTTP answers.
"""
