package luolab.ui.lesson;

import java.io.File;
import java.nio.file.Path;
import javafx.scene.Scene;
import javafx.stage.FileChooser;
import luolab.engine.abi.StructLayout;
import luolab.engine.memory.PhysicalMemory;
import luolab.engine.trace.Stepper;
import luolab.engine.trace.Trace;
import luolab.export.SavedState;
import luolab.lesson.Lesson;
import luolab.lesson.LessonLoader;
import luolab.lesson.LessonTimeline;
import luolab.scenario.RunResult;
import luolab.scenario.Scenario;
import luolab.scenario.ScenarioParser;
import luolab.scenario.ScenarioRunner;
import luolab.ui.MainController;
import luolab.ui.event.SelectBlock;
import luolab.ui.event.SelectPage;
import luolab.ui.event.SelectRange;
import luolab.ui.event.SelectStruct;
import luolab.ui.event.SelectionEvent;
import luolab.ui.event.UserError;
import luolab.ui.model.LoadedRun;
import luolab.ui.model.ShowRequest;
import luolab.ui.model.WorkbenchModel;
import luolab.ui.view.MemoryMapCanvas;

/**
 * Save / open state: the scenario, the position, the selection, the memory map's zoom and the lesson
 * beat, written to a file and rebuilt from it by replaying the scenario (or the lesson) off the
 * JavaFX thread, then restoring the selection and zoom once the position is reached.
 */
final class SavedStates {
    private final Teaching teaching;
    private final WorkbenchModel model;
    private final MainController controller;
    private final Scene scene;
    private Runnable afterPosition;
    private int afterPositionTarget = -1;

    SavedStates(Teaching teaching, WorkbenchModel model, MainController controller, Scene scene) {
        this.teaching = teaching;
        this.model = model;
        this.controller = controller;
        this.scene = scene;
    }

    /** The state of the workbench now, or null (with a message) when it cannot be saved. */
    public SavedState state() {
        LoadedRun r = model.runProperty().get();
        if (r == null || r.json() == null) {
            model.bus().publish(new UserError("Nothing to save", "No scenario is loaded."));
            return null;
        }
        Scenario s;
        try {
            s = new ScenarioParser().parse("scenario", r.json());
        } catch (Exception e) {
            model.bus().publish(new UserError("Cannot save state", "This run did not come from a scenario the lab can run again."));
            return null;
        }
        LessonPlayer player = teaching.player();
        int pos = model.positionProperty().get();
        SavedState.Selection sel = selection(model.selectionProperty().get());
        MemoryMapCanvas map = controller.memoryMap().canvas();
        long center = map.pfnAt(map.gutter() + (map.getWidth() - map.gutter()) / 2, map.getHeight() / 2);
        SavedState.Zoom zoom = center < 0 ? null : new SavedState.Zoom(map.scale(), center);
        SavedState.LessonAt lesson = player.isOpen() ? new SavedState.LessonAt(player.current().id(), player.beatProperty().get(),
                player.revealedProperty().get()) : null;
        String json = com.google.gson.JsonParser.parseString(r.json()).toString();
        return new SavedState(r.title(), r.source() == null ? null : r.source().getFileName().toString(), json, s.seed(), pos,
                LessonTimeline.stepAt(pos, r.events()), r.events().size(), sel, zoom, lesson);
    }

    static SavedState.Selection selection(SelectionEvent s) {
        if (s instanceof SelectStruct st) {
            return new SavedState.Selection("struct", st.base(), st.layout().size(), st.layout().name(),
                    st.field() == null ? null : st.field().name(), null);
        }
        if (s instanceof SelectBlock b) {
            return new SavedState.Selection("block", b.pa(), b.length(), null, null, b.set());
        }
        if (s instanceof SelectPage p) {
            return new SavedState.Selection("page", p.pa(), p.length(), null, null, null);
        }
        if (s instanceof SelectRange r) {
            return new SavedState.Selection("range", r.pa(), r.length(), null, null, null);
        }
        return SavedState.Selection.NONE;
    }

    static SelectionEvent selection(SavedState.Selection s) {
        return switch (s.kind()) {
            case "struct" -> {
                StructLayout l = LessonLoader.STRUCTS.get(s.struct());
                yield l == null ? null : new SelectStruct(l, s.pa(), s.field() == null ? null : l.field(s.field()));
            }
            case "block" -> new SelectBlock(s.set(), s.pa(), (int) Math.max(1, s.length() / PhysicalMemory.PAGE_SIZE));
            case "page" -> new SelectPage(PhysicalMemory.pfn(s.pa()));
            case "range" -> new SelectRange(s.pa(), s.length());
            default -> null;
        };
    }

    void saveState() {
        SavedState st = state();
        if (st == null) {
            return;
        }
        LessonPlayer player = teaching.player();
        FileChooser fc = new FileChooser();
        fc.setTitle("Save state");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("LUO Lab state (*" + SavedState.EXTENSION + ")",
                "*" + SavedState.EXTENSION));
        fc.setInitialFileName((player.isOpen() ? player.current().id() + "-beat-" + (player.beatProperty().get() + 1) : "luolab-state")
                + SavedState.EXTENSION);
        File f = fc.showSaveDialog(scene.getWindow());
        if (f != null) {
            try {
                st.write(f.toPath());
                model.setStatus("Saved state to " + f.getName() + " (event " + st.position() + ", step " + (st.step() + 1) + ")");
            } catch (java.io.IOException e) {
                model.bus().publish(new UserError("Cannot save state", e.getMessage()));
            }
        }
    }

    void openState() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open state");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("LUO Lab state (*" + SavedState.EXTENSION + ")",
                "*" + SavedState.EXTENSION, "*.json"));
        File f = fc.showOpenDialog(scene.getWindow());
        if (f != null) {
            openState(f.toPath());
        }
    }

    /** Rebuilds the saved place: runs the embedded scenario (or the lesson), goes to the position, restores selection and zoom. */
    public void openState(Path file) {
        SavedState st;
        try {
            st = SavedState.read(file);
        } catch (SavedState.StateException e) {
            model.bus().publish(new UserError("Cannot open state", e.getMessage()));
            return;
        }
        Runnable restore = () -> {
            if (model.totalProperty().get() != st.events() && st.events() >= 0) {
                model.setStatus("Note: this build replays the scenario with " + model.totalProperty().get() + " events; the state was saved with "
                        + st.events());
            }
            SelectionEvent sel = selection(st.selection());
            if (sel != null) {
                model.select(sel);
            }
            if (st.zoom() != null) {
                controller.memoryMap().canvas().zoomTo(st.zoom().centerPfn(), st.zoom().cellPx());
            }
        };
        if (st.lesson() != null) {
            Lesson l = Teaching.builtinLessons().stream().filter(x -> x.id().equals(st.lesson().id())).findFirst().orElse(null);
            if (l != null) {
                LessonPlayer player = teaching.player();
                teaching.showPanel(true);
                player.setOnLoaded(p -> {
                    player.setOnLoaded(x -> { });
                    whenAt(st.position(), restore);
                    model.goTo(st.position());
                });
                player.open(l, st.lesson().beat(), st.lesson().revealed());
                return;
            }
        }
        ShowRequest request = model.requestShow();
        Teaching.BACKGROUND.run(() -> {
            String json = st.scenarioWithSeed();
            Scenario s = new ScenarioParser().parse(st.scenarioFile() == null ? "state" : st.scenarioFile(), json);
            RunResult r = new ScenarioRunner().run(s, Trace.Mode.FULL);
            return new LoadedRun(st.title() == null ? s.name() : st.title(), null, json, r.machine().memory(), r.trace().events(),
                    s.abi(), null);
        }, run -> {
            if (request.superseded()) {
                return; // something else was opened while the state's scenario ran
            }
            whenAt(st.position(), restore);
            model.load(run);
            model.goTo(st.position());
            model.setStatus("Opened state " + file.getFileName() + ": event " + st.position() + " (step " + (st.step() + 1) + ")");
        }, f -> model.bus().publish(new UserError("Cannot open state", f.message())));
    }

    /**
     * Called by Teaching for each position change, before the beat's selection is applied, so a
     * restore waiting for this position runs first.
     */
    void positionChanged(int p) {
        if (afterPosition != null && p == afterPositionTarget) {
            Runnable r = afterPosition;
            afterPosition = null;
            r.run();
        }
    }

    private void whenAt(int position, Runnable r) {
        afterPositionTarget = position;
        afterPosition = r;
        if (position == 0) {
            // a fresh load starts at 0: the first frame sets position 0 without a change event
            model.frameProperty().addListener(new javafx.beans.value.ChangeListener<>() {
                @Override
                public void changed(javafx.beans.value.ObservableValue<? extends luolab.ui.model.Frame> o,
                        luolab.ui.model.Frame a, luolab.ui.model.Frame f) {
                    if (f != null && f.position() == 0 && afterPosition == r) {
                        model.frameProperty().removeListener(this);
                        afterPosition = null;
                        r.run();
                    }
                }
            });
        }
    }

    /** For tests: a stepper-free check that memory at a position is what a replay gives. */
    static String hashAt(RunResult r, int position) {
        r.machine().memory().setListener(null);
        Stepper st = new Stepper(r.machine().memory(), r.trace().events());
        st.goTo(position);
        return r.machine().memory().contentHash();
    }
}
