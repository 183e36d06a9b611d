"""Run every benchmark module in this package."""

from benchmarks import foundation

if __name__ == "__main__":
    foundation.main()
