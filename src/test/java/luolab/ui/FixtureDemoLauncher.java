package luolab.ui;

/** Classpath launcher for {@link FixtureDemo} (its main class must not extend Application). */
public final class FixtureDemoLauncher {
    private FixtureDemoLauncher() {
    }

    public static void main(String[] args) {
        javafx.application.Application.launch(FixtureDemo.class, args);
    }
}
