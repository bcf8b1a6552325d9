package luolab.ui.model;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * Slow work off the JavaFX thread, its outcome back on it: the one way the UI runs a job in the
 * background (a lesson's or a saved state's scenario, an export, the ABI comparison, an animation
 * plan, a restore summary, the engine thread's and the scenario runner's jobs).
 *
 * <ul>
 * <li>The work runs on a daemon thread named for what it does (a thread dump says who is busy; a
 * daemon never keeps the application alive).
 * <li>Its result goes to {@code done}, or its failure to {@code failed}, on the FX thread, exactly
 * once — unless the job was {@linkplain Job#cancel() cancelled} before then: a cancelled job's
 * outcome is never delivered.
 * <li>A failure is any {@link Throwable} the work throws, {@link OutOfMemoryError} included (a
 * second machine may not fit in a small heap); it arrives as a {@link Failure} whose
 * {@link Failure#message() message} is a line for the user, never a stack trace.
 * <li>On a worker with one thread ({@link #oneThread}) jobs run one at a time in the order they
 * were submitted, and their outcomes arrive in that order. {@link #threadPerJob} runs each job at
 * once on a thread of its own: no order between jobs.
 * </ul>
 *
 * <p>"The latest request wins" is {@link Latest}: submitting through it cancels the job it
 * submitted before. {@link Coalescer} hands the FX thread only the latest of many values (frames,
 * progress) offered from a worker.
 */
public final class Background {
    /** Work that may look whether its job was cancelled meanwhile (to stop early: nobody wants the result). */
    @FunctionalInterface
    public interface Work<T> {
        T run(BooleanSupplier cancelled) throws Exception;
    }

    /** Why a job failed. */
    public record Failure(Throwable cause) {
        /** A line for the user: the exception's message, or its simple class name when it has none. */
        public String message() {
            String m = cause.getMessage();
            return m == null || m.isBlank() ? cause.getClass().getSimpleName() : m;
        }
    }

    /** A submitted job. */
    public static final class Job {
        private volatile boolean cancelled;

        /** Any thread: the outcome will not be delivered (if it was not already), and the work sees {@link #cancelled()}. */
        public void cancel() {
            cancelled = true;
        }

        public boolean cancelled() {
            return cancelled;
        }
    }

    private final Executor executor;

    private Background(Executor executor) {
        this.executor = executor;
    }

    /** Each job starts at once on a fresh daemon thread called {@code name}. */
    public static Background threadPerJob(String name) {
        ThreadFactory threads = daemonThreads(name);
        return new Background(r -> threads.newThread(r).start());
    }

    /** One daemon thread called {@code name}: jobs run one at a time, in order. */
    public static Background oneThread(String name) {
        return oneThread(name, Thread.NORM_PRIORITY);
    }

    /** As {@link #oneThread(String)}, at thread priority {@code priority}. */
    public static Background oneThread(String name, int priority) {
        return new Background(Executors.newSingleThreadExecutor(daemonThreads(name, priority)));
    }

    /**
     * Jobs on {@code executor}, for a thread that also runs work of its own (the engine thread; its
     * threads come from {@link #daemonThreads}). Order as {@code executor} runs them.
     */
    public static Background on(Executor executor) {
        return new Background(executor);
    }

    /** Daemon threads called {@code name}. */
    public static ThreadFactory daemonThreads(String name) {
        return daemonThreads(name, Thread.NORM_PRIORITY);
    }

    /** Daemon threads called {@code name}, at {@code priority}. */
    public static ThreadFactory daemonThreads(String name, int priority) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            t.setPriority(priority);
            return t;
        };
    }

    /** Runs {@code work}; its result to {@code done} or its failure to {@code failed}, on the FX thread. */
    public <T> Job run(Callable<T> work, Consumer<? super T> done, Consumer<? super Failure> failed) {
        return run(cancelled -> work.call(), done, failed);
    }

    /** As above, for work that looks whether its job was cancelled. */
    public <T> Job run(Work<T> work, Consumer<? super T> done, Consumer<? super Failure> failed) {
        Job job = new Job();
        executor.execute(() -> {
            Runnable outcome;
            try {
                T result = work.run(job::cancelled);
                outcome = () -> done.accept(result);
            } catch (Throwable t) {
                Failure f = new Failure(t);
                outcome = () -> failed.accept(f);
            }
            Runnable deliver = outcome;
            Platform.runLater(() -> {
                if (!job.cancelled()) {
                    deliver.run();
                }
            });
        });
        return job;
    }

    /**
     * The latest request wins: of the jobs submitted through this, only the last one's outcome is
     * delivered, and only if {@link #cancel()} was not called after it; the earlier ones are
     * cancelled (their work sees it and may stop early). Use on the FX thread.
     */
    public static final class Latest {
        private final Background worker;
        private Job current;

        public Latest(Background worker) {
            this.worker = worker;
        }

        /** Cancels the job submitted before, then runs {@code work} on the worker. */
        public <T> Job run(Work<T> work, Consumer<? super T> done, Consumer<? super Failure> failed) {
            cancel();
            current = worker.run(work, done, failed);
            return current;
        }

        /** Nothing is wanted any more: the job submitted last, if any, is cancelled. */
        public void cancel() {
            if (current != null) {
                current.cancel();
                current = null;
            }
        }
    }

    /**
     * Values offered from any thread (frames, progress reports), of which the FX thread applies only
     * the latest: at most one {@code runLater} is pending, so a million offers cost the FX queue
     * nothing. A value offered while one is pending replaces it.
     */
    public static final class Coalescer<T> {
        private final AtomicReference<T> pending = new AtomicReference<>();
        private final Consumer<? super T> apply;

        public Coalescer(Consumer<? super T> apply) {
            this.apply = apply;
        }

        /** Any thread: {@code value} (not null) is applied on the FX thread unless a later one replaces it first. */
        public void offer(T value) {
            if (pending.getAndSet(value) == null) {
                Platform.runLater(() -> {
                    T latest = pending.getAndSet(null);
                    if (latest != null) {
                        apply.accept(latest);
                    }
                });
            }
        }

        /** Drops the value waiting to be applied, if any. */
        public void clear() {
            pending.set(null);
        }
    }
}
