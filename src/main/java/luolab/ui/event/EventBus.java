package luolab.ui.event;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A tiny synchronous bus for {@link UiEvent}s, used on the FX thread only. Subscribers get every
 * event assignable to the type they asked for, in subscription order.
 */
public final class EventBus {
    private record Sub<E extends UiEvent>(Class<E> type, Consumer<? super E> handler) {
        void deliver(UiEvent e) {
            if (type.isInstance(e)) {
                handler.accept(type.cast(e));
            }
        }
    }

    private final List<Sub<?>> subs = new ArrayList<>();

    public <E extends UiEvent> Runnable subscribe(Class<E> type, Consumer<? super E> handler) {
        Sub<E> s = new Sub<>(type, handler);
        subs.add(s);
        return () -> subs.remove(s);
    }

    public void publish(UiEvent e) {
        for (Sub<?> s : List.copyOf(subs)) {
            s.deliver(e);
        }
    }
}
