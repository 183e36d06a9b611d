"""Official IP indicators: the high-value invention patent flag with its evidence per criterion,
and the 每万人口 indicators by province against the plan targets."""
