"""专利开放许可: declarations, licences, filing, withdrawal, mediation, public catalogue."""
