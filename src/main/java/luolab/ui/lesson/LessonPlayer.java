package luolab.ui.lesson;

import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import luolab.lesson.Beat;
import luolab.lesson.Lesson;
import luolab.ui.event.UserError;
import luolab.ui.model.Background;
import luolab.ui.model.ShowRequest;
import luolab.ui.model.WorkbenchModel;

/**
 * Plays a lesson on the workbench (FX thread): which beat is showing, whether its prediction has
 * been revealed and what the class guessed. Moving to a beat moves the workbench to the beat's
 * position; {@link #next()} first reveals a pending prediction, then goes on.
 */
public final class LessonPlayer {
    /** Runs lessons' scenarios, each on a thread of its own (the latest opened is shown: {@link WorkbenchModel#requestShow}). */
    private static final Background BACKGROUND = Background.threadPerJob("luolab-lesson");

    private final WorkbenchModel model;
    private final ReadOnlyObjectWrapper<PreparedLesson> lesson = new ReadOnlyObjectWrapper<>(this, "lesson");
    private final ReadOnlyIntegerWrapper beat = new ReadOnlyIntegerWrapper(this, "beat", -1);
    private final ReadOnlyBooleanWrapper revealed = new ReadOnlyBooleanWrapper(this, "revealed");
    private final ReadOnlyIntegerWrapper choice = new ReadOnlyIntegerWrapper(this, "choice", -1);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private Consumer<PreparedLesson> onLoaded = l -> { };

    public LessonPlayer(WorkbenchModel model) {
        this.model = model;
    }

    public ReadOnlyObjectProperty<PreparedLesson> lessonProperty() {
        return lesson.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty beatProperty() {
        return beat.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty revealedProperty() {
        return revealed.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty choiceProperty() {
        return choice.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    void setOnLoaded(Consumer<PreparedLesson> c) {
        onLoaded = c;
    }

    public boolean isOpen() {
        return lesson.get() != null;
    }

    public Lesson current() {
        return lesson.get() == null ? null : lesson.get().lesson();
    }

    public Beat currentBeat() {
        return lesson.get() == null || beat.get() < 0 ? null : lesson.get().lesson().beat(beat.get());
    }

    /** Position in the run of beat i. */
    public int positionOf(int i) {
        return lesson.get().positions()[i];
    }

    /** Runs the lesson's scenario off the FX thread, then shows its first beat (or {@code startBeat}). */
    public void open(Lesson l, int startBeat, boolean reveal) {
        loading.set(true);
        ShowRequest request = model.requestShow();
        model.setStatus("Preparing lesson " + l.id() + " …");
        BACKGROUND.run(() -> PreparedLesson.prepare(l), p -> {
            loading.set(false);
            if (request.superseded()) {
                return; // something else was opened while the lesson's scenario ran
            }
            model.load(p.run());
            lesson.set(p);
            beat.set(-1);
            go(Math.max(0, Math.min(startBeat, l.size() - 1)));
            if (reveal) {
                reveal();
            }
            if (!p.problems().isEmpty()) {
                model.bus().publish(new UserError("Lesson " + l.id() + " has problems", String.join("\n", p.problems())));
            }
            onLoaded.accept(p);
        }, f -> {
            loading.set(false);
            model.bus().publish(new UserError("Cannot run lesson " + l.id(), f.message()));
        });
    }

    public void open(Lesson l) {
        open(l, 0, false);
    }

    public void close() {
        lesson.set(null);
        beat.set(-1);
        revealed.set(false);
        choice.set(-1);
    }

    /** Shows beat i: moves the workbench there; its prediction (if any) is asked afresh. */
    public void go(int i) {
        PreparedLesson p = lesson.get();
        if (p == null || i < 0 || i >= p.lesson().size()) {
            return;
        }
        revealed.set(false);
        choice.set(-1);
        beat.set(i);
        int pos = p.positions()[i];
        if (pos >= 0) {
            model.pause();
            model.goTo(pos);
        }
        Beat b = p.lesson().beat(i);
        model.setStatus(p.lesson().title() + " — beat " + (i + 1) + " of " + p.lesson().size() + ": " + b.title()
                + (pos >= 0 ? "" : " (never reached in this run)"));
    }

    /** Space / Right: reveal the pending answer, else the next beat. */
    public void next() {
        Beat b = currentBeat();
        if (b == null) {
            return;
        }
        if (b.predict() != null && !revealed.get()) {
            reveal();
        } else if (beat.get() < lesson.get().lesson().size() - 1) {
            go(beat.get() + 1);
        }
    }

    public void back() {
        if (beat.get() > 0) {
            go(beat.get() - 1);
        } else if (revealed.get()) {
            revealed.set(false);
        }
    }

    public void first() {
        go(0);
    }

    public void last() {
        if (lesson.get() != null) {
            go(lesson.get().lesson().size() - 1);
        }
    }

    /** The class's guess (0-based); ignored when there is no question or it was revealed. */
    public void choose(int k) {
        Beat b = currentBeat();
        if (b != null && b.predict() != null && !revealed.get() && k >= 0 && k < b.predict().choices().size()) {
            choice.set(k);
        }
    }

    public void reveal() {
        Beat b = currentBeat();
        if (b != null && b.predict() != null) {
            revealed.set(true);
        }
    }

    public boolean atEnd() {
        Beat b = currentBeat();
        return b != null && beat.get() == lesson.get().lesson().size() - 1 && (b.predict() == null || revealed.get());
    }

    BeatTargets targets() {
        return lesson.get() == null || beat.get() < 0 ? BeatTargets.NONE : lesson.get().targets().get(beat.get());
    }
}
