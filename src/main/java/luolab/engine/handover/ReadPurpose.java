package luolab.engine.handover;

/**
 * Why a handover image is read. The chain view wants what the next kernel would restore; the
 * corruption injectors want everything they can aim at, even past a block restore rejects (a
 * second injection must still find the sessions behind a zeroed count).
 */
public enum ReadPurpose {
    /**
     * The chain view and FDT tab: the generation is recognised from the bytes (the kernel's ABI is
     * only the fallback), and session entries are listed up to the first block restore rejects.
     */
    RESTORE,
    /**
     * The injectors and the restorer: read in the layout of the generation that wrote the image,
     * and list every entry a block's count covers (clamped to its capacity), in every block walked.
     */
    TARGETS,
    /**
     * The ImHex pattern export: the generation recognised from the bytes, as for {@link #RESTORE},
     * and every entry listed, as for {@link #TARGETS} (it places what is there, restorable or not).
     */
    EXPORT;

    /** Whether the LUO subtree is read in the layout of the generation recognised from its bytes (else the kernel's). */
    public boolean recognisesGeneration() {
        return this != TARGETS;
    }

    /** Whether every entry of every block walked is listed (else only up to the first block restore rejects). */
    public boolean everyEntry() {
        return this != RESTORE;
    }
}
