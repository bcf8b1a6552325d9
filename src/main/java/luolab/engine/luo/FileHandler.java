package luolab.engine.luo;

import java.util.List;
import luolab.engine.vfs.KFile;

/**
 * struct liveupdate_file_handler + liveupdate_file_ops: a subsystem that can preserve one kind
 * of file. Matched on restore by the exact {@code compatible} string (strcmp), so a handler of
 * another ABI version is "not registered" for the next kernel.
 */
public interface FileHandler {
    String compatible();

    boolean canPreserve(KFile file);

    /** Stores the handle to serialize in {@code args.serializedData}. */
    int preserve(FileOpArgs args);

    void unpreserve(FileOpArgs args);

    default int freeze(FileOpArgs args) {
        return 0;
    }

    default void unfreeze(FileOpArgs args) {
    }

    /** New kernel: recreate the file from {@code args.serializedData} into {@code args.file}. */
    int retrieve(FileOpArgs args);

    default boolean canFinish(FileOpArgs args) {
        return true;
    }

    void finish(FileOpArgs args);

    /** ops->get_id: the identity used to refuse double preservation (default: the struct file's address). */
    default long getId(KFile file) {
        return file.address();
    }

    /** FLBs this handler's files depend on. */
    default List<Flb> flbs() {
        return List.of();
    }
}
