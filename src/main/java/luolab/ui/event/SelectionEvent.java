package luolab.ui.event;

/**
 * What the user selected in any view. Every view that can show the selection reacts to it, so a
 * click in one highlights the same bytes everywhere (memory map cell, hex bytes, struct field).
 */
public sealed interface SelectionEvent extends UiEvent
        permits SelectPage, SelectRange, SelectStruct, SelectBlock, ClearSelection {
    /** First physical address covered by the selection, or -1. */
    long pa();

    /** Number of bytes covered, 0 if none. */
    long length();
}
