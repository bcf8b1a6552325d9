package luolab.ui.view;

import java.util.Arrays;
import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;
import luolab.engine.abi.StructLayout;
import luolab.ui.model.Frame;
import luolab.ui.model.StructInstance;
import luolab.ui.model.Theme;

/**
 * What a {@link HexCanvas} shows and how it draws it: the range of physical memory, the frame its
 * bytes are read from, the struct fields' tints (one tint per field), the selection and the cursor,
 * painted as offset / hex / ASCII rows, only the visible ones.
 */
final class HexPainter {
    private static final Color[] LIGHT_TINTS = {
        Color.web("#cfe3ff"), Color.web("#d6f5d6"), Color.web("#ffe3c2"), Color.web("#eadcff"),
        Color.web("#c9f0f0"), Color.web("#fff3b0"), Color.web("#ffd6e0"), Color.web("#e0e7d0"),
    };
    private static final Color[] DARK_TINTS = {
        Color.web("#1f3a5c"), Color.web("#1f4a2a"), Color.web("#5a3a14"), Color.web("#3d2a5c"),
        Color.web("#164848"), Color.web("#4d4512"), Color.web("#5c1f33"), Color.web("#34402a"),
    };

    Frame frame;
    long start;
    long length;
    private int[] tint = new int[0];
    long selStart = -1;
    long selEnd = -1;
    long cursor = -1;
    Theme theme = Theme.LIGHT;

    int rows() {
        return (int) ((length + 15) / 16);
    }

    /** Tints the bytes of each field of {@code overlays} in the shown range (call after the range is set). */
    void setOverlays(List<StructInstance> overlays) {
        tint = new int[(int) Math.max(0, length)];
        Arrays.fill(tint, -1);
        int si = 0;
        for (StructInstance s : overlays) {
            int fi = 0;
            for (StructLayout.Field f : s.layout().fields()) {
                for (int b = 0; b < f.size(); b++) {
                    long off = s.base() + f.offset() + b - start;
                    if (off >= 0 && off < length) {
                        tint[(int) off] = (si * 3 + fi) % LIGHT_TINTS.length;
                    }
                }
                fi++;
            }
            si++;
        }
    }

    /** The text of the row starting at {@code rowPa} as drawn: address, 16 hex bytes ("··" if not loaded), ASCII. */
    String rowText(long rowPa) {
        StringBuilder hexPart = new StringBuilder();
        StringBuilder ascii = new StringBuilder();
        for (int c = 0; c < 16; c++) {
            long pa = rowPa + c;
            if (pa < start || pa >= start + length) {
                break;
            }
            int v = frame == null ? -1 : frame.u8(pa);
            hexPart.append(c == 8 ? "  " : c == 0 ? "" : " ").append(v < 0 ? "··" : String.format("%02x", v));
            ascii.append(v < 0 ? " " : v >= 32 && v < 127 ? String.valueOf((char) v) : "·");
        }
        return String.format("%012x  %s  %s", rowPa, hexPart, ascii);
    }

    /** Paints the column header and {@code vis} rows from row {@code first} on {@code canvas}. */
    void paint(Canvas canvas, HexMetrics m, long first, int vis) {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        double charW = m.charW();
        double rowH = m.rowH();
        double headerH = m.headerH();
        GraphicsContext g = canvas.getGraphicsContext2D();
        boolean dark = theme == Theme.DARK;
        Color bg = dark ? Color.web("#1b1e23") : Color.WHITE;
        Color fg = dark ? Color.web("#d8dde3") : Color.web("#1d2329");
        Color dim = dark ? Color.web("#6c7682") : Color.web("#8a949e");
        Color sel = dark ? Color.web("#ff5ca8") : Color.web("#d1006b");
        Color[] tints = dark ? DARK_TINTS : LIGHT_TINTS;
        g.setFill(bg);
        g.fillRect(0, 0, w, h);
        g.setFont(m.font());
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        g.setFill(dim);
        g.fillText("physical addr", 8, headerH / 2);
        for (int c = 0; c < 16; c++) {
            g.fillText(String.format("%02x", c), m.byteX(c), headerH / 2);
        }
        g.fillText("ASCII", m.asciiX(), headerH / 2);
        g.setStroke(dim);
        g.setLineWidth(0.5);
        g.strokeLine(0, headerH - 0.5, w, headerH - 0.5);
        if (length == 0) {
            g.setFill(dim);
            g.fillText("Select a page in the memory map to see its bytes.",
                    8, headerH + rowH);
            return;
        }
        for (int r = 0; r < vis && first + r < rows(); r++) {
            long rowPa = start + (first + r) * 16;
            double y = headerH + r * rowH;
            double cy = y + rowH / 2;
            g.setFill((rowPa & 0xFFF) == 0 ? fg : dim);
            g.fillText(String.format("%012x", rowPa), 8, cy);
            for (int c = 0; c < 16; c++) {
                long pa = rowPa + c;
                if (pa >= start + length) {
                    break;
                }
                int off = (int) (pa - start);
                boolean selected = pa >= selStart && pa < selEnd;
                double bx = m.byteX(c);
                double ax = m.asciiX() + c * charW;
                if (selected) {
                    g.setFill(sel.deriveColor(0, 1, 1, 0.30));
                    g.fillRect(bx - charW * 0.5, y + 1, 3 * charW, rowH - 2);
                    g.fillRect(ax, y + 1, charW, rowH - 2);
                } else if (off < tint.length && tint[off] >= 0) {
                    g.setFill(tints[tint[off]]);
                    boolean joinNext = c < 15 && off + 1 < tint.length && tint[off + 1] == tint[off];
                    g.fillRect(bx - charW * 0.5, y + 1, joinNext ? 3 * charW + (c == 7 ? charW : 0) : 3 * charW, rowH - 2);
                    g.fillRect(ax, y + 1, charW, rowH - 2);
                }
                if (pa == cursor) {
                    g.setStroke(sel);
                    g.setLineWidth(1.5);
                    g.strokeRect(bx - charW * 0.5, y + 1, 3 * charW, rowH - 2);
                }
                int v = frame == null ? -1 : frame.u8(pa);
                g.setFill(v < 0 ? dim : v == 0 ? dim : fg);
                g.fillText(v < 0 ? "··" : String.format("%02x", v), bx, cy);
                g.fillText(v < 0 ? " " : v >= 32 && v < 127 ? String.valueOf((char) v) : "·", ax, cy);
            }
        }
    }
}
