"""Run every benchmark: ``make bench`` (set BENCH_RECORDS to scale the import benchmark)."""

from benchmarks import foundation, import_throughput

if __name__ == "__main__":
    foundation.main()
    import_throughput.main()
