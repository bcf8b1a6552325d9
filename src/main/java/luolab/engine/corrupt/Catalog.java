package luolab.engine.corrupt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every injector, in listing order. */
public final class Catalog {
    private static final List<Injector> ALL = List.of(
            new ChainInjectors.CyclicChain(), new ChainInjectors.SelfLoop(), new ChainInjectors.LongChain(),
            new ChainInjectors.ChainTruncate(),
            new BlockCountInjectors.CountOverCapacity(), new BlockCountInjectors.ZeroCountBlock(),
            new FileSetInjectors.FileCountMismatch(), new FileSetInjectors.FileSetDetached(), new SyscallInjectors.DuplicateNameEmptyBlock(),
            new PointerInjectors.NextOutsideRam(), new PointerInjectors.NextUnpreserved(), new PointerInjectors.NextForeign(),
            new PointerInjectors.RadixRootZero(), new PointerInjectors.RadixCycle(),
            new PointerInjectors.FlbsPa(),
            new EntryStringInjectors.FileCompatible(), new EntryStringInjectors.DuplicateSessionName(),
            new LuoRootInjectors.LuoCompatible(), new LuoRootInjectors.LuoBlobSize(), new LuoRootInjectors.LuoPreservedData(),
            new KhoFdtInjectors.KhoCompatible(), new KhoFdtInjectors.FdtMagic(), new KhoFdtInjectors.FdtTruncate(),
            new MemfdInjectors.MemfdUnpreserveFolio(), new MemfdInjectors.MemfdSeals(), new MemfdInjectors.MemfdSize(),
            new MemfdInjectors.MemfdDataFlip(),
            new RawInjectors.BitFlip(), new RawInjectors.WriteU64(), new RawInjectors.WriteBytes());

    private Catalog() {
    }

    public static List<Injector> all() {
        return ALL;
    }

    /** The injector named {@code name}, or null. */
    public static Injector byName(String name) {
        for (Injector i : ALL) {
            if (i.name().equals(name)) {
                return i;
            }
        }
        return null;
    }

    public static Map<Group, List<Injector>> byGroup() {
        Map<Group, List<Injector>> m = new LinkedHashMap<>();
        for (Group g : Group.values()) {
            m.put(g, new ArrayList<>());
        }
        for (Injector i : ALL) {
            m.get(i.group()).add(i);
        }
        return m;
    }
}
