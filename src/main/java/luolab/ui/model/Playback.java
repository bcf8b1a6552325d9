package luolab.ui.model;

import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import javafx.animation.AnimationTimer;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleWrapper;

/**
 * Play and pause for {@link WorkbenchModel}: whether it plays, at what speed, and what moves it —
 * a plain events-per-second timer, or a {@link WorkbenchModel.PlaybackDriver} (the animator) that
 * moves the model itself. It moves the model only through the model's own {@code goTo}.
 */
final class Playback {
    /** Playback speeds in events per second. */
    static final List<Double> SPEEDS = List.of(1.0, 5.0, 20.0, 100.0, 1000.0, 10000.0);

    final ReadOnlyBooleanWrapper playing;
    final ReadOnlyDoubleWrapper speed;
    private final IntConsumer goTo;
    private final IntSupplier target;
    private final IntSupplier total;
    private WorkbenchModel.PlaybackDriver driver;
    private final AnimationTimer player = new AnimationTimer() {
        private long last;
        private double carry;

        @Override
        public void start() {
            last = 0;
            carry = 0;
            super.start();
        }

        @Override
        public void handle(long now) {
            if (last != 0) {
                carry += speed.get() * (now - last) / 1e9;
                int n = (int) carry;
                if (n > 0) {
                    carry -= n;
                    goTo.accept(target.getAsInt() + n);
                    if (target.getAsInt() >= total.getAsInt()) {
                        pause();
                    }
                }
            }
            last = now;
        }
    };

    /** {@code bean} owns the properties (the model); {@code goTo}, {@code target}, {@code total} are its. */
    Playback(Object bean, IntConsumer goTo, IntSupplier target, IntSupplier total) {
        this.playing = new ReadOnlyBooleanWrapper(bean, "playing");
        this.speed = new ReadOnlyDoubleWrapper(bean, "speed", 20);
        this.goTo = goTo;
        this.target = target;
        this.total = total;
    }

    /** Plays with {@code d} from now on (null: the events-per-second timer). Pauses first. */
    void setDriver(WorkbenchModel.PlaybackDriver d) {
        pause();
        driver = d;
    }

    WorkbenchModel.PlaybackDriver driver() {
        return driver;
    }

    /** Plays from where the model is, or from the start when it is at the end; not without a run or events. */
    void play(boolean hasRun) {
        if (!hasRun || playing.get() || total.getAsInt() == 0) { // nothing to play: no run, or a run with the trace off
            return;
        }
        if (target.getAsInt() >= total.getAsInt()) {
            goTo.accept(0);
        }
        playing.set(true);
        if (driver != null) {
            driver.start();
        } else {
            player.start();
        }
    }

    void pause() {
        if (playing.get()) {
            player.stop();
            playing.set(false);
            if (driver != null) {
                driver.stop();
            }
        }
    }

    void setSpeed(double eventsPerSecond) {
        speed.set(Math.max(0.1, eventsPerSecond));
    }

    /** Next faster (+1) or slower (-1) entry of {@link #SPEEDS}. */
    void changeSpeed(int direction) {
        int i = 0;
        while (i < SPEEDS.size() - 1 && SPEEDS.get(i) < speed.get()) {
            i++;
        }
        i = Math.max(0, Math.min(SPEEDS.size() - 1, i + direction));
        setSpeed(SPEEDS.get(i));
    }
}
