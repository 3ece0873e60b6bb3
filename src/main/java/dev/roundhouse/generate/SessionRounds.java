package dev.roundhouse.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * {@link Profile#SESSION}: players play sessions on one game. The parameters, with what they give:
 * <ul>
 *   <li>a session starts at random times (a Poisson process) whose rate follows a daily cycle,
 *       {@code 1 + 0.6 cos(2π (hour − 21) / 24)}: busiest at 21:00 UTC, a quarter of that at 09:00;</li>
 *   <li>its player is Zipf-like over the catalog (P(i) ~ 1/(i+1)): a few players play most sessions;</li>
 *   <li>its game is the player's favourite (a Zipf-like pick fixed per player) in 70 % of sessions, else a
 *       Zipf-like pick over all games;</li>
 *   <li>its length is a Pareto law (α = 1.2) from 3 minutes, cut at 6 hours: median 5.3 min, mean 12 min,
 *       2.7 % longer than an hour;</li>
 *   <li>a round every 3 to 12 s (uniform, mean 7.5 s), so about 100 rounds per session on average;</li>
 *   <li>the stake is picked at the session's start and kept from one round to the next with 95 %.</li>
 * </ul>
 * The start rate is set so that the expected rows fill the span: rows ÷ (span × rounds per session). Sessions
 * overlap (a few at a time in the 2.1 M-row file), and their rounds are merged into time order.
 */
final class SessionRounds extends RoundSource {
    private static final double MIN_GAP_S = 3, MAX_GAP_S = 12;
    private static final double MIN_SESSION_S = 3 * 60, MAX_SESSION_S = 6 * 3600, SESSION_ALPHA = 1.2;
    private static final double CYCLE_AMPLITUDE = 0.6, PEAK_SECOND_OF_DAY = 21 * 3600;
    private static final int FAVOURITE_PERCENT = 70, KEEP_BET_PERCENT = 95;

    private final SplittableRandom rnd;
    private final long startSecond;
    private final int games;
    private final int users;
    private final int[] favourite;
    private final double peakStartRate;
    private double nextStart;
    // the sessions under way, in no order (a handful: finding the earliest by a scan is cheaper than a heap)
    private int active;
    private double[] nextRound = new double[16];
    private double[] end = new double[16];
    private int[] sessionUser = new int[16];
    private int[] sessionGame = new int[16];
    private long[] sessionBet = new long[16];

    SessionRounds(SplittableRandom rnd, GeneratorOptions opts, int users, int games) {
        this.rnd = rnd;
        this.startSecond = opts.start().getEpochSecond();
        this.users = users;
        this.games = games;
        this.favourite = new int[users];
        for (int u = 0; u < users; u++) {
            favourite[u] = RoundsGenerator.zipf(rnd, games);
        }
        double roundsPerSession = 1 + meanSessionSeconds() / ((MIN_GAP_S + MAX_GAP_S) / 2);
        double meanStartRate = opts.rows() / (Math.max(1, opts.spanSeconds()) * roundsPerSession);
        this.peakStartRate = meanStartRate * (1 + CYCLE_AMPLITUDE);
        this.nextStart = startAfter(0);
    }

    /** Mean of the Pareto law cut at its maximum: E[min(X, max)]. */
    private static double meanSessionSeconds() {
        double a = SESSION_ALPHA;
        return MIN_SESSION_S * a / (a - 1) - Math.pow(MIN_SESSION_S, a) * Math.pow(MAX_SESSION_S, 1 - a) / (a - 1);
    }

    @Override
    long next() {
        int i = earliest();
        while (i < 0 || nextStart < nextRound[i]) {
            begin(nextStart);
            nextStart = startAfter(nextStart);
            i = earliest();
        }
        double at = nextRound[i];
        current(sessionUser[i], sessionGame[i], sessionBet[i]);
        if (rnd.nextInt(100) >= KEEP_BET_PERCENT) {
            sessionBet[i] = RoundsGenerator.betCents(rnd);
        }
        nextRound[i] = at + MIN_GAP_S + rnd.nextDouble() * (MAX_GAP_S - MIN_GAP_S);
        if (nextRound[i] > end[i]) {
            remove(i);
        }
        return startSecond + (long) at;
    }

    /** The next session start after {@code t}: a Poisson process at the peak rate, thinned by the daily cycle. */
    private double startAfter(double t) {
        double next = t;
        do {
            next += -Math.log(1.0 - rnd.nextDouble()) / peakStartRate;
        } while (rnd.nextDouble() * (1 + CYCLE_AMPLITUDE) > dailyCycle(next));
        return next;
    }

    private double dailyCycle(double t) {
        double secondOfDay = Math.floorMod(startSecond + (long) t, 86_400L);
        return 1 + CYCLE_AMPLITUDE * Math.cos(2 * Math.PI * (secondOfDay - PEAK_SECOND_OF_DAY) / 86_400);
    }

    private void begin(double at) {
        if (active == nextRound.length) grow();
        int u = RoundsGenerator.zipf(rnd, users);
        sessionUser[active] = u;
        sessionGame[active] = rnd.nextInt(100) < FAVOURITE_PERCENT ? favourite[u] : RoundsGenerator.zipf(rnd, games);
        sessionBet[active] = RoundsGenerator.betCents(rnd);
        double length = MIN_SESSION_S * Math.pow(1.0 - rnd.nextDouble(), -1 / SESSION_ALPHA);
        end[active] = at + Math.min(length, MAX_SESSION_S);
        nextRound[active] = at;
        active++;
    }

    private int earliest() {
        int best = -1;
        for (int i = 0; i < active; i++) {
            if (best < 0 || nextRound[i] < nextRound[best]) best = i;
        }
        return best;
    }

    /** Drops session {@code i} by moving the last one into its slot. */
    private void remove(int i) {
        int last = --active;
        nextRound[i] = nextRound[last];
        end[i] = end[last];
        sessionUser[i] = sessionUser[last];
        sessionGame[i] = sessionGame[last];
        sessionBet[i] = sessionBet[last];
    }

    private void grow() {
        int n = nextRound.length * 2;
        nextRound = Arrays.copyOf(nextRound, n);
        end = Arrays.copyOf(end, n);
        sessionUser = Arrays.copyOf(sessionUser, n);
        sessionGame = Arrays.copyOf(sessionGame, n);
        sessionBet = Arrays.copyOf(sessionBet, n);
    }
}
