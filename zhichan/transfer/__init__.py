"""存量专利盘活: inventory, tiering, needs, explained matching, pushes, feedback, deals."""
