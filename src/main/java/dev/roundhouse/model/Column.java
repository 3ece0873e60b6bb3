package dev.roundhouse.model;

/** The ten columns of a game-round CSV in header order, by their exact header names. */
public enum Column {
    CREATED_TIMESTAMP("created_timestamp"),
    GAME_INSTANCE_ID("game_instance_id"),
    USER_ID("user_id"),
    GAME_ID("game_id"),
    REAL_AMOUNT_BET("real_amount_bet"),
    BONUS_AMOUNT_BET("bonus_amount_bet"),
    REAL_AMOUNT_WIN("real_amount_win"),
    BONUS_AMOUNT_WIN("bonus_amount_win"),
    GAME_NAME("game_name"),
    PROVIDER("provider");

    public final String header;

    Column(String header) {
        this.header = header;
    }

    /** The column with this exact header name, or null. */
    public static Column byHeader(String name) {
        for (Column c : values()) {
            if (c.header.equals(name)) return c;
        }
        return null;
    }
}
