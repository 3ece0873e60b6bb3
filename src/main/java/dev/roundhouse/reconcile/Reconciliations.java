package dev.roundhouse.reconcile;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.roundhouse.csv.CsvFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;

/**
 * Runs reconciliations now or in the background, at most {@code maxRunning} at once (each holds its CSV's
 * facts in memory). Background jobs are remembered until {@code keepFinished} after they end, and at most
 * {@code maxJobs} of them: the oldest finished job makes room for a new one.
 */
public final class Reconciliations {
    private static final System.Logger LOG = System.getLogger(Reconciliations.class.getName());

    /** A reconciliation's state as GET /reconciliations/{id} shows it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Status(
            @JsonProperty("id") String id,
            @JsonProperty("status") String status,
            @JsonProperty("bytes_read") long bytesRead,
            @JsonProperty("rows_read") long rowsRead,
            @JsonProperty("report") Report report,
            @JsonProperty("error") String error,
            @JsonProperty("message") String message) {}

    /** Too many reconciliations are running (or remembered and still running) to take another. */
    public static final class Busy extends RuntimeException {
        Busy(String message) {
            super(message, null, false, false);
        }
    }

    private final Reconciler reconciler;
    private final long keepFinishedNanos;
    private final int maxJobs;
    private final Semaphore running;
    /** Insertion order = age. */
    private final Map<String, Job> jobs = new LinkedHashMap<>();

    public Reconciliations(Reconciler reconciler, Duration keepFinished, int maxJobs, int maxRunning) {
        this.reconciler = reconciler;
        this.keepFinishedNanos = keepFinished.toNanos();
        this.maxJobs = maxJobs;
        this.running = new Semaphore(maxRunning);
    }

    /** Reconciles on the calling thread. */
    public Report run(InputStream csv, Charset forcedOrNull, int sampleLimit) throws IOException, InterruptedException {
        acquire();
        try {
            return reconciler.run(csv, forcedOrNull, sampleLimit, new Progress());
        } finally {
            running.release();
        }
    }

    /**
     * Copies the CSV to a temporary file (the request ends before the work does), then reconciles it on a
     * virtual thread. The answer is the job's first status.
     */
    public Status start(InputStream csv, Charset forcedOrNull, int sampleLimit) throws IOException {
        acquire();
        Path spooled = null;
        try {
            spooled = Files.createTempFile("roundhouse-reconciliation-", ".csv");
            try (var out = Files.newOutputStream(spooled)) {
                csv.transferTo(out);
            }
            var job = register();
            Path file = spooled;
            Thread.ofVirtual().name("reconciliation-" + job.id).start(() -> execute(job, file, forcedOrNull, sampleLimit));
            return job.status();
        } catch (IOException | RuntimeException | Error e) {
            running.release();
            if (spooled != null) Files.deleteIfExists(spooled);
            throw e;
        }
    }

    public Optional<Status> find(String id) {
        synchronized (jobs) {
            forgetExpired();
            return Optional.ofNullable(jobs.get(id)).map(Job::status);
        }
    }

    private void acquire() {
        if (!running.tryAcquire()) {
            throw new Busy("too many reconciliations running; retry when one has finished");
        }
    }

    private Job register() {
        synchronized (jobs) {
            forgetExpired();
            if (jobs.size() >= maxJobs) {
                var oldestFinished = jobs.values().stream().filter(Job::isFinished).findFirst()
                        .orElseThrow(() -> new Busy("too many reconciliation jobs remembered"));
                jobs.remove(oldestFinished.id);
            }
            var job = new Job(UUID.randomUUID().toString());
            jobs.put(job.id, job);
            return job;
        }
    }

    private void forgetExpired() {
        long now = System.nanoTime();
        jobs.values().removeIf(j -> j.isFinished() && now - j.finishedAt > keepFinishedNanos);
    }

    private void execute(Job job, Path file, Charset forcedOrNull, int sampleLimit) {
        try (InputStream in = Files.newInputStream(file)) {
            job.done(reconciler.run(in, forcedOrNull, sampleLimit, job.progress));
        } catch (CsvFormatException e) {
            job.fail("invalid_csv", e.getMessage());
        } catch (ArithmeticException e) {
            job.fail("sum_out_of_range", e.getMessage());
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "reconciliation " + job.id + " failed", t);
            job.fail("internal_error", String.valueOf(t.getMessage()));
        } finally {
            running.release();
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "could not delete " + file + ": " + e);
            }
        }
    }

    private static final class Job {
        final String id;
        final Progress progress = new Progress();
        private volatile Status finished;
        /** System.nanoTime() when it ended (set before {@link #finished}). */
        private volatile long finishedAt;

        Job(String id) {
            this.id = id;
        }

        boolean isFinished() {
            return finished != null;
        }

        Status status() {
            Status s = finished;
            return s != null ? s : new Status(id, "running", progress.bytesRead(), progress.rowsRead(), null, null, null);
        }

        void done(Report report) {
            end(new Status(id, "done", progress.bytesRead(), progress.rowsRead(), report, null, null));
        }

        void fail(String error, String message) {
            end(new Status(id, "failed", progress.bytesRead(), progress.rowsRead(), null, error, message));
        }

        private void end(Status status) {
            finishedAt = System.nanoTime();
            finished = status;
        }
    }
}
