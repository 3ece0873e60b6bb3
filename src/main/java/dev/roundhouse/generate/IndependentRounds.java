package dev.roundhouse.generate;

import java.util.SplittableRandom;

/**
 * {@link Profile#INDEPENDENT}: exponential gaps with the mean that spreads the rows over the span (bursts and
 * quiet spells, never backwards), then a Zipf-like player, game and bet, each drawn on its own.
 */
final class IndependentRounds extends RoundSource {
    private final SplittableRandom rnd;
    private final long startSecond;
    private final double meanGap;
    private final int users;
    private final int games;
    private double clock;

    IndependentRounds(SplittableRandom rnd, GeneratorOptions opts, int users, int games) {
        this.rnd = rnd;
        this.startSecond = opts.start().getEpochSecond();
        this.meanGap = opts.rows() == 0 ? 0 : (double) opts.spanSeconds() / opts.rows();
        this.users = users;
        this.games = games;
    }

    @Override
    long next() {
        clock += -Math.log(1.0 - rnd.nextDouble()) * meanGap;
        current(RoundsGenerator.zipf(rnd, users), RoundsGenerator.zipf(rnd, games), RoundsGenerator.betCents(rnd));
        return startSecond + (long) clock;
    }
}
