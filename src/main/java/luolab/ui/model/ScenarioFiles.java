package luolab.ui.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import luolab.ui.event.EventBus;
import luolab.ui.event.UserError;

/**
 * The scenario files {@link WorkbenchModel} deals in besides running them: the recently opened
 * ones (kept by {@link RecentFiles}) and saving the shown scenario's text.
 */
final class ScenarioFiles {
    private final RecentFiles store;
    private final ObservableList<Path> recent = FXCollections.observableArrayList();
    private final ObservableList<Path> readOnly = FXCollections.unmodifiableObservableList(recent);

    ScenarioFiles(RecentFiles store) {
        this.store = store;
        recent.setAll(store.load());
    }

    ObservableList<Path> recent() {
        return readOnly;
    }

    /** {@code file} was opened and shown: first in the list. */
    void opened(Path file) {
        recent.setAll(store.add(recent, file));
    }

    /** Saves {@code r}'s JSON text to {@code file}; says so on {@code status}, or why not as an error on {@code bus}. */
    static void save(LoadedRun r, Path file, EventBus bus, Consumer<String> status) {
        if (r == null || r.json() == null) {
            bus.publish(new UserError("Nothing to save", "No scenario file is loaded."));
            return;
        }
        try {
            Files.writeString(file, r.json());
            status.accept("Saved " + file.getFileName());
        } catch (Exception e) {
            bus.publish(new UserError("Cannot save", "Could not write " + file + ": " + e.getMessage()));
        }
    }
}
