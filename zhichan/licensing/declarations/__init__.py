"""An open-licence declaration: its states, the checks with their articles, fees."""
