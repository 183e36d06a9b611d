"""Match-strength calibration, written by ``benchmarks/transfer_quality.py``."""

COEFFICIENTS: dict[str, dict[str, float]] = {
    "semantic": {"bias": -23.476019, "semantic": 22.933971, "text": 22.629229},
    "text": {"bias": -4.148687, "text": 27.994529},
}
