"""Match-strength calibration, written by ``benchmarks/transfer_quality.py``."""

COEFFICIENTS: dict[str, dict[str, float]] = {
    "semantic": {"bias": -23.937797, "semantic": 23.556604, "text": 22.389550},
    "text": {"bias": -4.050740, "text": 27.656710},
}
