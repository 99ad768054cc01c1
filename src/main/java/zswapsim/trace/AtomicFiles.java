package zswapsim.trace;

import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes outputs so that a failure never leaves a half-written file. A regular file (or a missing
 * path) is replaced atomically: the content goes to a temporary file in the same directory, is
 * synced, then renamed over the target, which is never truncated first. A character device
 * ({@code /dev/null}, a terminal) or a FIFO is written through as a stream, so it stays what it is.
 * Anything else (a directory, a block device, a socket, a link to nothing) is refused.
 * Symbolic links are followed: the file they point at is replaced, the link stays.
 */
public final class AtomicFiles {
    /** Written in slices, so that a failure part-way is a failure part-way through the temporary file. */
    private static final int SLICE = 1 << 16;
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFIFO = 0010000;
    private static final Set<PosixFilePermission> NEW_FILE = PosixFilePermissions.fromString("rw-r--r--");

    /** Temporary files being written now; {@link #deleteTemporaryFiles} removes them when the process is stopped. */
    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

    private AtomicFiles() {
    }

    public static void write(Path target, CharSequence content) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(target, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            if (Files.isSymbolicLink(target)) {
                throw new IOException("a symbolic link to a missing file");
            }
            replace(target, content, null);
            return;
        }
        if (attrs.isRegularFile()) {
            Path real = target.toRealPath();
            replace(real, content, permissions(real));
        } else if (attrs.isDirectory()) {
            throw new IOException("it is a directory");
        } else if (isStream(target)) {
            try (Writer w = Channels.newWriter(FileChannel.open(target, StandardOpenOption.WRITE), StandardCharsets.UTF_8)) {
                writeSlices(w, content);
            }
        } else {
            throw new IOException("not a regular file, character device or FIFO");
        }
    }

    /** Deletes the temporary files of writes still in progress (from a shutdown hook). */
    public static void deleteTemporaryFiles() {
        for (Path tmp : PENDING) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // Nothing more can be done while the process ends; the target itself is untouched.
            }
        }
    }

    private static boolean isStream(Path target) throws IOException {
        if (!target.getFileSystem().supportedFileAttributeViews().contains("unix")) {
            return false;
        }
        int type = (Integer) Files.getAttribute(target, "unix:mode") & S_IFMT;
        return type == S_IFCHR || type == S_IFIFO;
    }

    /** The target's permissions, kept by its replacement; null where the file system has none. */
    private static Set<PosixFilePermission> permissions(Path file) throws IOException {
        if (!Files.getFileStore(file).supportsFileAttributeView("posix")) {
            return null;
        }
        return Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
    }

    private static void replace(Path target, CharSequence content, Set<PosixFilePermission> keep) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            throw new IOException("the directory " + dir + " does not exist");
        }
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        PENDING.add(tmp);
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 Writer w = Channels.newWriter(channel, StandardCharsets.UTF_8)) {
                writeSlices(w, content);
                w.flush();
                channel.force(true);
            }
            // createTempFile makes the file private (0600); an output file should read like any other.
            if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(tmp, keep != null ? keep : NEW_FILE);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
            PENDING.remove(tmp);
        }
    }

    private static void writeSlices(Writer w, CharSequence content) throws IOException {
        for (int at = 0; at < content.length(); at += SLICE) {
            w.append(content, at, Math.min(content.length(), at + SLICE));
        }
    }

    /** Makes the rename itself durable; file systems that cannot open a directory skip it. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // The rename has happened; only its durability across a crash is not forced here.
        }
    }
}
