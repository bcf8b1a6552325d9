package luolab.ui.model;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The pages whose bytes the views want in every frame, by view: the engine reads the union of
 * them, so each view replaces only its own request and the engine hears only of real changes.
 */
final class PageWatches {
    private final Map<String, Set<Long>> watches = new HashMap<>();
    /** Gets the union whenever it may have changed. */
    private final Consumer<Set<Long>> engine;

    PageWatches(Consumer<Set<Long>> engine) {
        this.engine = engine;
    }

    /** View {@code who} now wants {@code pfns} (replaces its previous request). */
    void watch(String who, Set<Long> pfns) {
        Set<Long> old = watches.put(who, Set.copyOf(pfns));
        if (pfns.equals(old)) {
            return;
        }
        Set<Long> all = new HashSet<>();
        watches.values().forEach(all::addAll);
        engine.accept(all);
    }
}
