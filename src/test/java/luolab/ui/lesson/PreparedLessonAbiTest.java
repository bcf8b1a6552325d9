package luolab.ui.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;

import luolab.engine.abi.Abi;
import luolab.lesson.LessonLoader;
import org.junit.jupiter.api.Test;

/** A lesson's run carries its scenario's generation, so the views read its memory as that generation. */
class PreparedLessonAbiTest {
    @Test
    void lesson07RunsAndIsShownAsPreSeries() throws Exception {
        PreparedLesson p = PreparedLesson.prepare(new LessonLoader().loadBuiltin("07-abi-generations"));
        assertEquals(Abi.PRE_SERIES, p.run().abi());
    }
}
