package luolab.ui.lesson;

/** Classpath launcher for {@link LessonDemo}. */
public final class LessonDemoLauncher {
    private LessonDemoLauncher() {
    }

    public static void main(String[] args) {
        javafx.application.Application.launch(LessonDemo.class, args);
    }
}
