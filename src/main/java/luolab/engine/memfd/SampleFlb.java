package luolab.engine.memfd;

import luolab.engine.kho.Kho;
import luolab.engine.luo.Flb;
import luolab.engine.memory.FieldRef;
import luolab.engine.memory.OwnerKind;
import luolab.engine.memory.PhysicalMemory;

/**
 * A sample FLB ("luolab-sample-flb-v1"): global state shared by every preserved test file, kept
 * in one preserved page holding a short text; the next kernel reads that text back.
 */
public final class SampleFlb {
    public static final String COMPATIBLE = "luolab-sample-flb-v1";

    private SampleFlb() {
    }

    public static Flb create(Kho kho, PhysicalMemory mem, int boot) {
        return new Flb(COMPATIBLE, new Flb.Ops() {
            @Override
            public long preserve(Flb flb) {
                long pa = kho.allocPreserve(64, OwnerKind.FLB, "sample FLB global state");
                if (pa > 0) {
                    byte[] text = ("global state from boot " + boot).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                    mem.write(pa, text, FieldRef.of("sample_flb_state", "text"));
                }
                return pa;
            }

            @Override
            public void unpreserve(Flb flb, long data) {
                kho.unpreserveFree(data);
            }

            @Override
            public Object retrieve(Flb flb, long data) {
                if (!mem.contains(data, 64)) {
                    return null;
                }
                return mem.cstring(data, 64);
            }

            @Override
            public void finish(Flb flb, long data, Object obj) {
                kho.restoreFree(data);
            }
        });
    }
}
