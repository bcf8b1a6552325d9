package luolab.ui.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.application.Platform;
import luolab.ui.UiTestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * {@link Background}: work off the FX thread on a named daemon thread, its result or its failure on
 * the FX thread, in order on one thread, never for a cancelled job, only the latest of
 * {@link Background.Latest}; {@link Background.Coalescer} applies only the latest value, on the FX thread.
 */
class BackgroundTest {
    static {
        UiTestSupport.headless();
    }

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    /** What arrived on the FX thread, and whether every arrival was on it. */
    private static final class Inbox {
        final List<String> got = new ArrayList<>();
        final AtomicBoolean offFx = new AtomicBoolean();

        <T> Consumer<T> done(String tag) {
            return r -> add(tag + "=" + r);
        }

        Consumer<Background.Failure> failed(String tag) {
            return f -> add(tag + "!" + f.message());
        }

        private void add(String s) {
            if (!Platform.isFxApplicationThread()) {
                offFx.set(true);
            }
            got.add(s); // only ever touched on the FX thread (checked above)
        }

        List<String> await(int n) throws Exception {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> got.size() >= n));
            WaitForAsyncUtils.waitForFxEvents();
            assertFalse(offFx.get(), "an outcome was delivered off the FX thread");
            return fx(() -> List.copyOf(got));
        }
    }

    private static <T> T fx(java.util.concurrent.Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }

    private static void onFx(Runnable r) throws Exception {
        fx(() -> {
            r.run();
            return null;
        });
    }

    @Test
    void resultRunsOnANamedDaemonThreadAndArrivesOnTheFxThread() throws Exception {
        Inbox in = new Inbox();
        AtomicReference<Thread> worker = new AtomicReference<>();
        onFx(() -> Background.oneThread("bg-test-one").run(() -> {
            worker.set(Thread.currentThread());
            return Platform.isFxApplicationThread() ? "on fx" : "off fx";
        }, in.done("a"), in.failed("a")));
        assertEquals(List.of("a=off fx"), in.await(1));
        assertEquals("bg-test-one", worker.get().getName());
        assertTrue(worker.get().isDaemon());

        Inbox per = new Inbox();
        List<Thread> threads = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch both = new CountDownLatch(2);
        Background b = Background.threadPerJob("bg-test-per");
        for (String tag : List.of("x", "y")) {
            onFx(() -> b.run(() -> {
                threads.add(Thread.currentThread());
                both.countDown();
                // each job has a thread of its own: both run at once, neither waits for the other to end
                return both.await(10, TimeUnit.SECONDS);
            }, per.done(tag), per.failed(tag)));
        }
        assertEquals(java.util.Set.of("x=true", "y=true"), java.util.Set.copyOf(per.await(2)));
        assertEquals(2, threads.stream().distinct().count());
        assertTrue(threads.stream().allMatch(t -> t.isDaemon() && t.getName().equals("bg-test-per")));
    }

    @Test
    void failuresArriveAsAMessageOnTheFxThreadOutOfMemoryIncluded() throws Exception {
        Inbox in = new Inbox();
        Background b = Background.oneThread("bg-test-fail");
        onFx(() -> {
            b.run(() -> {
                throw new IllegalStateException("no kexec in this scenario");
            }, in.done("ise"), in.failed("ise"));
            b.run(() -> {
                throw new java.io.IOException();
            }, in.done("io"), in.failed("io"));
            b.run(() -> {
                throw new OutOfMemoryError("Java heap space");
            }, in.done("oom"), in.failed("oom"));
            b.run(() -> {
                throw new StackOverflowError();
            }, in.done("so"), in.failed("so"));
        });
        assertEquals(List.of("ise!no kexec in this scenario", "io!IOException", "oom!Java heap space", "so!StackOverflowError"),
                in.await(4));
        // the worker survived every one of them
        Inbox after = new Inbox();
        onFx(() -> b.run(() -> 42, after.done("after"), after.failed("after")));
        assertEquals(List.of("after=42"), after.await(1));
    }

    @Test
    void oneThreadDeliversInTheOrderSubmitted() throws Exception {
        Inbox in = new Inbox();
        Background b = Background.oneThread("bg-test-order");
        List<String> expected = new ArrayList<>();
        onFx(() -> {
            for (int i = 0; i < 200; i++) {
                int n = i;
                if (n % 7 == 3) {
                    b.run(() -> {
                        throw new IllegalArgumentException("bad " + n);
                    }, in.done("j" + n), in.failed("j" + n));
                    expected.add("j" + n + "!bad " + n);
                } else {
                    // later jobs are quicker: the order must come from the queue, not from timing
                    b.run(() -> {
                        Thread.sleep(n < 5 ? 20 : 0);
                        return n * n;
                    }, in.done("j" + n), in.failed("j" + n));
                    expected.add("j" + n + "=" + n * n);
                }
            }
        });
        assertEquals(expected, in.await(200));
    }

    @Test
    void aCancelledJobDeliversNothingAndItsWorkSeesTheCancel() throws Exception {
        Inbox in = new Inbox();
        Background b = Background.oneThread("bg-test-cancel");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean sawCancel = new AtomicBoolean();
        AtomicReference<Background.Job> job = new AtomicReference<>();
        onFx(() -> job.set(b.run(cancelled -> {
            started.countDown();
            release.await(10, TimeUnit.SECONDS);
            sawCancel.set(cancelled.getAsBoolean());
            return "stale";
        }, in.done("cancelled"), in.failed("cancelled"))));
        assertTrue(started.await(10, TimeUnit.SECONDS));
        onFx(() -> job.get().cancel());
        release.countDown();
        // a job after it on the same thread: once its outcome is in, the cancelled one's would have been
        onFx(() -> b.run(() -> "next", in.done("next"), in.failed("next")));
        assertEquals(List.of("next=next"), in.await(1));
        assertTrue(sawCancel.get(), "the work saw it was cancelled");
        assertTrue(job.get().cancelled());
    }

    @Test
    void latestRequestWins() throws Exception {
        Inbox in = new Inbox();
        Background.Latest latest = new Background.Latest(Background.threadPerJob("bg-test-latest"));
        CountDownLatch firstRelease = new CountDownLatch(1);
        AtomicBoolean firstSawCancel = new AtomicBoolean();
        onFx(() -> {
            latest.run(cancelled -> {
                firstRelease.await(10, TimeUnit.SECONDS);
                firstSawCancel.set(cancelled.getAsBoolean());
                return "first";
            }, in.done("first"), in.failed("first"));
            // the second request ends first: the first, ending after it, must not overwrite it
            latest.run(cancelled -> "second", in.done("second"), in.failed("second"));
        });
        assertEquals(List.of("second=second"), in.await(1));
        firstRelease.countDown();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, firstSawCancel::get);
        WaitForAsyncUtils.sleep(200, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("second=second"), fx(() -> List.copyOf(in.got)));

        // cancel(): nothing is wanted any more, not even the latest
        CountDownLatch thirdRelease = new CountDownLatch(1);
        AtomicReference<Background.Job> third = new AtomicReference<>();
        onFx(() -> third.set(latest.run(cancelled -> {
            thirdRelease.await(10, TimeUnit.SECONDS);
            return "third";
        }, in.done("third"), in.failed("third"))));
        onFx(latest::cancel);
        thirdRelease.countDown();
        assertNotNull(third.get());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> third.get().cancelled());
        WaitForAsyncUtils.sleep(200, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("second=second"), fx(() -> List.copyOf(in.got)));
    }

    @Test
    void coalescerAppliesOnlyTheLatestOnTheFxThread() throws Exception {
        List<Integer> applied = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean offFx = new AtomicBoolean();
        Background.Coalescer<Integer> c = new Background.Coalescer<>(v -> {
            offFx.compareAndSet(false, !Platform.isFxApplicationThread());
            applied.add(v);
        });
        int n = 100_000;
        Thread producer = new Thread(() -> {
            for (int i = 1; i <= n; i++) {
                c.offer(i);
            }
        });
        producer.start();
        producer.join(10_000);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !applied.isEmpty() && applied.get(applied.size() - 1) == n);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(offFx.get(), "a value was applied off the FX thread");
        List<Integer> seen = List.copyOf(applied);
        assertEquals(n, seen.get(seen.size() - 1), "the last value offered is applied");
        assertTrue(seen.size() < n, "values offered while one was pending replaced it (" + seen.size() + " applied)");
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) > seen.get(i - 1), "applied in the order offered, each at most once: " + seen);
        }

        // clear() drops the value waiting: offered and cleared within one FX event, it is never applied
        applied.clear();
        onFx(() -> {
            c.offer(-1);
            c.clear();
        });
        onFx(() -> c.offer(7));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !applied.isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(7), List.copyOf(applied));
    }
}
