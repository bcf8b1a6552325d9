package luolab.ui.model;

/** The two looks of the workbench; each has one stylesheet in /assets/css. */
public enum Theme {
    LIGHT("/assets/css/light.css"),
    DARK("/assets/css/dark.css");

    private final String stylesheet;

    Theme(String stylesheet) {
        this.stylesheet = stylesheet;
    }

    public String stylesheet() {
        return stylesheet;
    }

    public Theme other() {
        return this == LIGHT ? DARK : LIGHT;
    }
}
