package luolab.ui.lesson;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import luolab.lesson.LessonLoader;
import luolab.ui.MainWindow;
import luolab.ui.model.EngineScenarioBackend;
import luolab.ui.model.RecentFiles;
import luolab.ui.model.WorkbenchModel;

/**
 * For screenshots under Xvfb: {@code LessonDemo WIDTH HEIGHT [LESSON-ID|-] [BEAT] [presenter] [reveal] [choose=K]}
 * opens the workbench at that size, starts the lesson and goes to the beat (keys drive it from there).
 */
public final class LessonDemo extends Application {
    @Override
    public void start(Stage stage) throws Exception {
        var a = getParameters().getRaw();
        int w = Integer.parseInt(a.get(0));
        int h = Integer.parseInt(a.get(1));
        String id = a.size() > 2 ? a.get(2) : "-";
        int beat = a.size() > 3 ? Integer.parseInt(a.get(3)) : 0;
        boolean presenter = a.contains("presenter");
        boolean reveal = a.contains("reveal");
        int choose = a.stream().filter(x -> x.startsWith("choose=")).map(x -> Integer.parseInt(x.substring(7))).findFirst().orElse(-1);
        WorkbenchModel model = new WorkbenchModel(new EngineScenarioBackend(), new RecentFiles(null));
        MainWindow win = MainWindow.create(model);
        win.show(stage);
        stage.setX(0);
        stage.setY(0);
        stage.setWidth(w);
        stage.setHeight(h);
        Teaching t = win.teaching();
        if (presenter) {
            t.setPresenter(true);
        }
        if (!id.equals("-")) {
            t.player().lessonProperty().addListener((o, x, p) -> {
                if (p != null) {
                    Platform.runLater(() -> {
                        t.player().go(beat);
                        if (choose >= 0) {
                            t.player().choose(choose);
                        }
                        if (reveal) {
                            t.player().reveal();
                        }
                    });
                }
            });
            t.openLesson(new LessonLoader().loadBuiltin(id));
        } else {
            t.showLessons();
        }
    }

    public static void main(String[] args) {
        launch(args);
    }
}
