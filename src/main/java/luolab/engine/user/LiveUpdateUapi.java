package luolab.engine.user;

/**
 * include/uapi/linux/liveupdate.h: ioctl numbers (_IO(0xBA, nr), no size bits) and argument
 * struct sizes. Every argument starts with a u32 size; the kernel copies min(size, its struct)
 * and rejects non-zero bytes past its struct with -E2BIG (copy_struct_from_user).
 */
public final class LiveUpdateUapi {
    public static final int IOCTL_TYPE = 0xBA;
    public static final int CREATE_SESSION = 0xBA00;
    public static final int RETRIEVE_SESSION = 0xBA01;
    public static final int SESSION_PRESERVE_FD = 0xBA40;
    public static final int SESSION_RETRIEVE_FD = 0xBA41;
    public static final int SESSION_FINISH = 0xBA42;
    public static final int SESSION_GET_NAME = 0xBA43;

    /** struct liveupdate_ioctl_create_session / retrieve_session: {u32 size; s32 fd; u8 name[64]}. */
    public static final int SESSION_ARG_SIZE = 72;
    /** struct liveupdate_session_preserve_fd / retrieve_fd: {u32 size; s32 fd; u64 token}. */
    public static final int FD_ARG_SIZE = 16;
    /** struct liveupdate_session_finish: {u32 size; u32 reserved}. */
    public static final int FINISH_ARG_SIZE = 8;
    /** struct liveupdate_session_get_name: {u32 size; u32 reserved; u8 name[64]}. */
    public static final int GET_NAME_ARG_SIZE = 72;

    private LiveUpdateUapi() {
    }
}
