-- Feeds game_data.hourly_by_game from every block inserted into game_data.game_rounds.
-- Null amounts count as 0. ifNull needs a Decimal default on 18.16 (ifNull(x, 0) is rejected there:
-- "Conditional function with Decimal and non Decimal"), and the non-null argument keeps the state
-- type AggregateFunction(sum, Decimal(18, 4)) on 18.16 and on modern ClickHouse alike.
CREATE MATERIALIZED VIEW IF NOT EXISTS game_data.hourly_by_game_mv
TO game_data.hourly_by_game
AS SELECT
    toStartOfHour(created_timestamp)                       AS hour,
    user_id,
    game_id,
    countState()                                           AS rounds,
    sumState(ifNull(real_amount_bet, toDecimal64(0, 4)))   AS real_amount_bet,
    sumState(ifNull(bonus_amount_bet, toDecimal64(0, 4)))  AS bonus_amount_bet,
    sumState(ifNull(real_amount_win, toDecimal64(0, 4)))   AS real_amount_win,
    sumState(ifNull(bonus_amount_win, toDecimal64(0, 4)))  AS bonus_amount_win
FROM game_data.game_rounds
GROUP BY hour, user_id, game_id
