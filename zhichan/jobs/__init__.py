"""Background work in one place: every long task is a row in ``jobs`` run by a worker."""
