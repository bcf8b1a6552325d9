package luolab.engine.corrupt;

import java.util.List;
import java.util.Set;
import luolab.engine.machine.Kernel;
import luolab.engine.machine.Machine;
import luolab.engine.memory.PageFault;
import luolab.engine.trace.Trace;
import luolab.engine.trace.TraceEvent;

/**
 * A named corruption: a write to physical memory, aimed by reading memory (or, before
 * serialization, the old kernel's live block sets), whose effect is whatever the next kernel's
 * restore path does with it. Nothing here sets a flag the kernel could see: the only channel is
 * bytes.
 */
public sealed interface Injector permits ChainInjectors.CyclicChain, ChainInjectors.SelfLoop, ChainInjectors.LongChain,
        ChainInjectors.ChainTruncate, BlockCountInjectors.CountOverCapacity, BlockCountInjectors.ZeroCountBlock,
        FileSetInjectors.FileCountMismatch, FileSetInjectors.FileSetDetached, SyscallInjectors.DuplicateNameEmptyBlock,
        PointerInjectors.NextOutsideRam, PointerInjectors.NextUnpreserved, PointerInjectors.NextForeign,
        PointerInjectors.RadixRootZero, PointerInjectors.RadixCycle, PointerInjectors.FlbsPa, EntryStringInjectors.FileCompatible,
        EntryStringInjectors.DuplicateSessionName, LuoRootInjectors.LuoCompatible, LuoRootInjectors.LuoBlobSize,
        LuoRootInjectors.LuoPreservedData, KhoFdtInjectors.KhoCompatible, KhoFdtInjectors.FdtMagic, KhoFdtInjectors.FdtTruncate,
        MemfdInjectors.MemfdUnpreserveFolio, MemfdInjectors.MemfdSeals, MemfdInjectors.MemfdSize,
        MemfdInjectors.MemfdDataFlip, RawInjectors.BitFlip, RawInjectors.WriteU64,
        RawInjectors.WriteBytes {

    /** The catalog entry the accessors below read. */
    Meta meta();

    /** kebab-case, e.g. "cyclic-chain". */
    default String name() {
        return meta().name();
    }

    default Group group() {
        return meta().group();
    }

    /** One line. */
    default String description() {
        return meta().description();
    }

    default List<ParamSpec> params() {
        return meta().params();
    }

    /** What it writes and where. */
    default String writes() {
        return meta().writes();
    }

    /** The documented kernel outcome (kernel-luo.md §7), in words. */
    default String outcome() {
        return meta().outcome();
    }

    /** The stages it can run in. */
    default Set<Stage> stages() {
        return meta().stages();
    }

    /** Preconditions beyond the stage (RAM, scenario shape), or "". */
    default String requirements() {
        return meta().requirements();
    }

    /** Resolves targets and plans writes (no write happens here); throws Refusal when it cannot run. */
    Plan plan(Ctx ctx, Values v) throws Refusal;

    /**
     * Injects into {@code m} at its current stage. Never throws: bad parameters, an unsupported
     * stage or a target that cannot be found give a report with {@code ok == false} and no write.
     */
    default CorruptionReport apply(Machine m, Params p) {
        Params given = p == null ? Params.none() : p;
        Stage stage = null;
        try {
            stage = stageOf(m);
            if (!stages().contains(stage)) {
                throw new Refusal("cannot run " + stage.label() + " (runs: "
                        + String.join(", ", stages().stream().sorted().map(Stage::label).toList()) + ")");
            }
            Values v = Values.validate(params(), given);
            Ctx ctx = new Ctx(m, stage);
            Trace trace = m.trace();
            try (var scope = trace.at("luolab_corrupt", name())) {
                Plan plan;
                try {
                    plan = plan(ctx, v);
                } catch (Refusal r) {
                    ctx.rollback();
                    throw r;
                } catch (PageFault pf) {
                    ctx.rollback();
                    throw new Refusal("the target could not be read: " + pf.getMessage());
                }
                trace.emit(new TraceEvent.Corruption(trace.phase(), trace.stack(), name(), plan.description()));
                List<Write> writes = ctx.execute();
                return new CorruptionReport(name(), stage, v.toString(), true, null, plan.description(), writes, plan.expected(),
                        ctx.notes);
            }
        } catch (Refusal r) {
            return CorruptionReport.refused(name(), stage, given.toString(), r.getMessage());
        } catch (RuntimeException e) {
            return CorruptionReport.refused(name(), stage, given.toString(), "internal error: " + e);
        }
    }

    /** Where {@code m} is in the cycle; see {@link Stage}. */
    static Stage stageOf(Machine m) throws Refusal {
        Kernel k = m.kernel();
        if (k == null) {
            throw new Refusal("no kernel is running");
        }
        if (k.dead()) {
            throw new Refusal("the kernel has " + k.stopReason().verb() + " (" + k.stopReason().text() + "); nothing left to corrupt");
        }
        if (k.luo() == null || k.kho() == null) {
            throw new Refusal("this kernel has no KHO/LUO");
        }
        if (k.luo().serialized()) {
            if (m.lastBoot() == null) {
                throw new Refusal("serialized but no boot parameter recorded");
            }
            return Stage.HANDOVER;
        }
        var in = k.luo().sessions().incomingBlocks();
        if (k.kho().isKhoBoot() && in != null && !in.isEmpty()) {
            return Stage.INCOMING;
        }
        return Stage.LIVE;
    }
}
