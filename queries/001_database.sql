-- The service's database. The migrator replaces the word game_data with the target database name.
CREATE DATABASE IF NOT EXISTS game_data
