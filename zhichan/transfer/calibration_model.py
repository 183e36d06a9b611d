"""Match-strength calibration, written by ``benchmarks/transfer_quality.py``."""

COEFFICIENTS: dict[str, dict[str, float]] = {
    "semantic": {"bias": -14.622074, "semantic": 12.952902, "text": 19.727745},
    "text": {"bias": -3.770545, "text": 22.154063},
}
