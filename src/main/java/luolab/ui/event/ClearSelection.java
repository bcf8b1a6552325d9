package luolab.ui.event;

/** Nothing is selected (a new run was loaded). */
public record ClearSelection() implements SelectionEvent {
    @Override
    public long pa() {
        return -1;
    }

    @Override
    public long length() {
        return 0;
    }
}
