package luolab.ui.event;

/** An arbitrary run of bytes [pa, pa + length). */
public record SelectRange(long pa, long length) implements SelectionEvent {
}
