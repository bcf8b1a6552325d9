package luolab.ui.event;

/** Something the user asked for failed; the main window shows it in a dialog (never a stack trace). */
public record UserError(String title, String message) implements UiEvent {
}
