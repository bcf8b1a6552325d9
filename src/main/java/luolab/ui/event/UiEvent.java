package luolab.ui.event;

/** Small typed messages between views (selection, user-facing errors). Published on the FX thread. */
public interface UiEvent {
}
