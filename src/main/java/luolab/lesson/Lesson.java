package luolab.lesson;

import java.util.List;
import luolab.scenario.Scenario;

/**
 * One guided lesson (assets/lessons/NN-name.json): a scenario and the beats a teacher steps
 * through. {@code scenarioJson} is the embedded scenario object as compact JSON text, so a run can
 * be repeated (or saved with a state file) without the lesson file.
 */
public record Lesson(String id, String title, String summary, int minutes, Scenario scenario, String scenarioJson,
        List<Beat> beats, String file) {
    public Lesson {
        beats = List.copyOf(beats);
    }

    public int size() {
        return beats.size();
    }

    public Beat beat(int i) {
        return beats.get(i);
    }

    public boolean hasPredictions() {
        return beats.stream().anyMatch(b -> b.predict() != null);
    }
}
