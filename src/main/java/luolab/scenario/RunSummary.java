package luolab.scenario;

/**
 * The totals of a run. {@code handedOver} is what the last successful kexec carried to the next
 * kernel (null if the run did no kexec); {@code end} is the final kernel's outgoing state;
 * {@code panicked} / {@code hung}: how the final kernel died, if it did.
 */
public record RunSummary(Counts handedOver, Counts end, long expectationsMet, long expectationsFailed, int boots,
        boolean panicked, long elapsedMillis, boolean hung) {

    /** The counts a one-line summary shows: those handed over if a kexec happened, else the end state. */
    public Counts headline() {
        return handedOver != null ? handedOver : end;
    }
}
