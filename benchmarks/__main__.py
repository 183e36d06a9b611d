"""Run every benchmark: ``make bench``.

BENCH_RECORDS scales the import benchmark, BENCH_SEARCH_RECORDS the search speed benchmark
(default 1,000,000 generated records). The search quality benchmark embeds the 3,720 real
patents with both models (about 25 minutes on 2 cores the first time; cached in
var/bench-cache afterwards).
"""

from benchmarks import (
    batch_engine,
    candidate_recall,
    effect_precision,
    embedding,
    forensics_clones,
    foundation,
    import_throughput,
    indicators_scale,
    law_headroom,
    law_retrieval,
    navigation_scale,
    search_quality,
    search_speed,
    transfer_headroom,
    transfer_lay,
    transfer_quality,
    transfer_scale,
    valuation_scale,
    watch_similarity,
    web_load,
)

if __name__ == "__main__":
    foundation.main()
    embedding.main()
    import_throughput.main()
    search_quality.main()
    search_speed.main()
    law_retrieval.main()
    law_headroom.main()
    transfer_quality.main()
    transfer_lay.main()
    transfer_headroom.main()
    batch_engine.main()
    transfer_scale.main()
    candidate_recall.main()
    forensics_clones.main()
    indicators_scale.main()
    valuation_scale.main()
    navigation_scale.main()
    effect_precision.main()
    watch_similarity.main()
    web_load.main()
