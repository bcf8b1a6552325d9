package luolab.ui;

import javafx.application.Application;

/** Plain main() for classpath launches (a main class that is not an Application subclass). */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        Application.launch(LuoLabApp.class, args);
    }
}
