package luolab.ui.view;

import javafx.scene.text.Font;
import javafx.scene.text.Text;

/**
 * Where things are in a {@link HexCanvas} row at its current type: the font, a character's width,
 * the row and column-header heights, and the x of the address, hex and ASCII columns. The type is
 * picked from the width so that a whole row, ASCII column included, fits.
 */
final class HexMetrics {
    /** Below this the bytes are unreadable anyway; a narrower pane then cuts the ASCII column. */
    static final double MIN_FONT = 9;
    static final double DEFAULT_FONT = 12.5;
    /** A row is 44 px of margins and gaps plus this many characters (address, 16 bytes, ASCII). */
    static final double ROW_CHARS = 78;
    static final double ROW_GAPS = 44;

    /** Character width per pixel of font size (the monospaced font's advance, measured once). */
    private final double charPerPx;
    private Font font;
    private double charW;
    private double rowH;
    private double headerH;

    HexMetrics() {
        Text t = new Text("0123456789abcdef");
        t.setFont(Font.font("Monospaced", 100));
        charPerPx = t.getLayoutBounds().getWidth() / 16 / 100;
        setFontSize(DEFAULT_FONT);
    }

    void setFontSize(double px) {
        font = Font.font("Monospaced", px);
        charW = charPerPx * px;
        rowH = rowHeight(px);
        headerH = headerHeight(px);
    }

    /** The type for a row area {@code w} px wide, at most {@code max} px. */
    double fontSizeFor(double w, double max) {
        // half-pixel steps: a font is made only when the width really changed the fit
        double fit = Math.floor((w - ROW_GAPS) / (ROW_CHARS * charPerPx) * 2) / 2;
        return Math.max(MIN_FONT, Math.min(max, fit));
    }

    /** How wide a whole row is in {@code px} type. */
    double rowWidthFor(double px) {
        return ROW_GAPS + ROW_CHARS * charPerPx * px;
    }

    // 18 and 20 px at the 12.5 px default, as before the type could grow
    static double rowHeight(double px) {
        return Math.round(px * 1.44);
    }

    static double headerHeight(double px) {
        return Math.round(px * 1.6);
    }

    Font font() {
        return font;
    }

    double charW() {
        return charW;
    }

    double rowH() {
        return rowH;
    }

    double headerH() {
        return headerH;
    }

    double rowWidth() {
        return ROW_GAPS + ROW_CHARS * charW;
    }

    double hexX() {
        return 8 + 13 * charW + 14;
    }

    double byteX(int col) {
        return hexX() + col * 3 * charW + (col >= 8 ? charW : 0);
    }

    double asciiX() {
        return hexX() + 49 * charW + 14;
    }

    /** The column (0-15) of the hex digits or ASCII character at {@code x}, or -1. */
    int columnAt(double x) {
        int col = -1;
        for (int c = 0; c < 16; c++) {
            double bx = byteX(c);
            if (x >= bx - charW * 0.5 && x < bx + 2.5 * charW) {
                col = c;
            }
            double ax = asciiX() + c * charW;
            if (x >= ax && x < ax + charW) {
                col = c;
            }
        }
        return col;
    }
}
