package luolab.ui.lesson;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/** The lessons' Markdown-like text as JavaFX nodes: blank line = paragraph, *emphasis*, `code`. */
final class Narration {
    private Narration() {
    }

    static List<Node> paragraphs(String text) {
        List<Node> out = new ArrayList<>();
        for (String para : text.split("\\n\\s*\\n")) {
            TextFlow flow = new TextFlow();
            flow.getStyleClass().add("lesson-paragraph");
            flow.getChildren().addAll(spans(para.replace('\n', ' ').trim()));
            out.add(flow);
        }
        return out;
    }

    /** Text spans with style classes lesson-text, lesson-em and lesson-code. */
    static List<Text> spans(String s) {
        List<Text> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean code = false;
        boolean em = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '`' || (c == '*' && !code)) {
                flush(out, cur, code, em);
                if (c == '`') {
                    code = !code;
                } else {
                    em = !em;
                }
            } else {
                cur.append(c);
            }
        }
        flush(out, cur, code, em);
        return out;
    }

    private static void flush(List<Text> out, StringBuilder cur, boolean code, boolean em) {
        if (cur.length() == 0) {
            return;
        }
        Text t = new Text(cur.toString());
        t.getStyleClass().add(code ? "lesson-code" : em ? "lesson-em" : "lesson-text");
        out.add(t);
        cur.setLength(0);
    }

    /** Plain text (for tests and the status line). */
    static String plain(String s) {
        return s.replace("`", "").replace("*", "");
    }
}
