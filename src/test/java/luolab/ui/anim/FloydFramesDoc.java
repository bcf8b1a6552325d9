package luolab.ui.anim;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Bounds;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.SplitPane;
import javafx.scene.image.WritableImage;
import luolab.engine.memory.PhysicalMemory;
import luolab.ui.model.LoadedRun;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Makes docs/floyd.gif and docs/floyd-strip.png: Floyd's check on the lesson's cyclic chain, from
 * the first iteration to the panic, rendered frame by frame with {@link Animator#renderAt} (so
 * the frames are exact, whatever the machine's speed) and assembled with ImageMagick. Runs only
 * when asked: {@code mvn -o test -Dtest=FloydFramesDoc -Dluolab.docs=true}.
 */
class FloydFramesDoc extends AnimTestBase {
    static final double FPS = 8;

    @Override
    LoadedRun run() {
        return AnimRuns.lesson("08-cyclic-chain-floyd");
    }

    @Test
    void floydFrames() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("luolab.docs"), "docs are made with -Dluolab.docs=true");
        awaitReady();
        AnimationPlan p = animator.plan();
        int firstFloyd = -1;
        int panic = -1;
        for (int i = 0; i < p.size(); i++) {
            if (firstFloyd < 0 && p.beat(i).kind() == BeatKind.FLOYD_STEP) {
                firstFloyd = i;
            }
            if (p.beat(i).kind() == BeatKind.PANIC) {
                panic = i;
            }
        }
        BeatData.Floyd f = (BeatData.Floyd) p.beat(firstFloyd).data();
        // layout: the chain view gets room, the map zooms onto the blocks
        interact(() -> {
            SplitPane top = (SplitPane) window.scene().lookup("#topSplit");
            top.setDividerPositions(0.5);
            ((SplitPane) window.scene().lookup("#verticalSplit")).setDividerPositions(0.47);
        });
        showAt(p.start(firstFloyd) - 0.2);
        interact(() -> {
            animator.overlay().at.refresh();
            animator.overlay().at.map().zoomTo(PhysicalMemory.pfn(f.headPa()) + 6, 40);
        });
        Node area = window.scene().lookup("#topSplit");
        Path dir = Path.of("target/floyd-frames");
        if (Files.isDirectory(dir)) {
            try (var s = Files.list(dir)) {
                s.forEach(x -> x.toFile().delete());
            }
        }
        Files.createDirectories(dir);
        double t0 = p.start(firstFloyd) - 0.3;
        double t1 = p.end(panic) + 0.6;
        List<Path> frames = new ArrayList<>();
        int n = 0;
        for (double t = t0; t <= t1; t += 1 / FPS) {
            showAt(t);
            Path out = dir.resolve(String.format("f%04d.png", n++));
            shoot(area, out);
            frames.add(out);
        }
        // the strip: each Floyd iteration as it lands, the meet, the red chain, the panic
        List<Path> strip = new ArrayList<>();
        int k = 0;
        for (int i = firstFloyd; i <= panic; i++) {
            BeatKind kind = p.beat(i).kind();
            if (kind == BeatKind.FLOYD_STEP || kind == BeatKind.FLOYD_MEET || kind == BeatKind.CHAIN_RED
                    || kind == BeatKind.PANIC) {
                showAt(p.start(i) + 0.95 * p.beat(i).duration());
                Path out = dir.resolve(String.format("s%02d.png", k++));
                shoot(area, out);
                strip.add(out);
            }
        }
        Path docs = projectDir().resolve("docs");
        run("convert", "-delay", String.valueOf((int) Math.round(100 / FPS)), "-loop", "0", dir + "/f*.png",
                "-resize", "1000x", "-fuzz", "3%", "-colors", "64", "-layers", "Optimize",
                docs.resolve("floyd.gif").toString());
        List<String> cmd = new ArrayList<>(List.of("convert"));
        for (Path s : strip) {
            cmd.add(s.toString());
        }
        cmd.addAll(List.of("-resize", "900x", "-bordercolor", "#d5dbe1", "-border", "2", "-append",
                docs.resolve("floyd-strip.png").toString()));
        run(cmd.toArray(new String[0]));
    }

    private static Path projectDir() {
        return AnimRuns.projectDir();
    }

    private void shoot(Node area, Path out) throws Exception {
        WritableImage[] img = new WritableImage[1];
        interact(() -> {
            Bounds b = area.localToScene(area.getLayoutBounds());
            SnapshotParameters sp = new SnapshotParameters();
            sp.setViewport(new Rectangle2D(b.getMinX(), b.getMinY(), b.getWidth(), b.getHeight()));
            img[0] = window.scene().getRoot().snapshot(sp, null);
        });
        javax.imageio.ImageIO.write(SwingFXUtils.fromFXImage(img[0], null), "png", out.toFile());
    }

    private static void run(String... cmd) throws Exception {
        List<String> c = new ArrayList<>();
        for (String s : cmd) {
            if (s.contains("*")) {
                File d = new File(s).getParentFile();
                String prefix = new File(s).getName().replace("*.png", "");
                String[] names = d.list((x, name) -> name.startsWith(prefix) && name.endsWith(".png"));
                java.util.Arrays.sort(names);
                for (String name : names) {
                    c.add(new File(d, name).getPath());
                }
            } else {
                c.add(s);
            }
        }
        Process pr = new ProcessBuilder(c).inheritIO().start();
        if (pr.waitFor() != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", c.subList(0, Math.min(4, c.size()))));
        }
    }
}
