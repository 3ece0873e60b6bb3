package dev.roundhouse.csv;

/**
 * Parses created_timestamp with {@link Timestamps}. Rows come in time order, so consecutive timestamps
 * nearly always share their date: the last valid date part (its ten code units, compared exactly) and its
 * midnight are remembered, and only the time of day is parsed again.
 */
final class TimestampMemo {
    // code units 0..3, 4..7 and 6..9 of the remembered date; unit 0 is never 0 in a valid one, so a fresh
    // memo matches nothing
    private long date0;
    private long date1;
    private long date2;
    private long midnight;

    /** Epoch milliseconds, or {@link Timestamps#INVALID}; {@code len} in code units. */
    long parse(byte[] b, int o, int len) {
        if (len != Timestamps.LENGTH) return Timestamps.INVALID;
        long d0 = Utf16Be.four(b, o), d1 = Utf16Be.four(b, o + 8), d2 = Utf16Be.four(b, o + 12);
        long day;
        if (d0 == date0 && d1 == date1 && d2 == date2) {
            day = midnight;
        } else {
            day = Timestamps.dayMillis(b, o);
            if (day == Timestamps.INVALID) return Timestamps.INVALID;
            date0 = d0;
            date1 = d1;
            date2 = d2;
            midnight = day;
        }
        long time = Timestamps.timeOfDayMillis(b, o);
        return time < 0 ? Timestamps.INVALID : day + time;
    }
}
