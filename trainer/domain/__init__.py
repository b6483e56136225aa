"""Pure domain logic: no Flask, no ORM, no clock, no global random state.

`scheduling.fsrs_adapter` is the only module in the application that imports `fsrs` or
`fsrs_rs_python`.
"""
