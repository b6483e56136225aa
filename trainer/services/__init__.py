"""Use cases: load rows, call the domain, write rows, commit. Views call these, nothing deeper."""
