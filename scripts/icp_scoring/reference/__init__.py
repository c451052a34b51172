"""Reference seeds built from authoritative lists (`icp reference`): code lists and names are never retyped.

Each module here builds one or more CSV files of seeds/reference/ from a maintained package pinned in
requirements.txt (or from a file of a public list kept beside it, with its source), and says where the facts
come from and in which version. `icp reference` writes them; `icp reference --check` fails when a committed
file differs from what the pinned sources give (a test runs it), so the seeds cannot drift from their source
and an analyst's edit goes in an alias seed, never in a generated one.
"""
