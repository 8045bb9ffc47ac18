package io.kvaudit.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A directory or file an option names for kvaudit to write, checked before anything runs: a bad {@code --out} found
 * only when the reports are written would fail the run after the whole scan, and leave a FAILED run in the history.
 */
public final class OutputPath {

    private OutputPath() {}

    /**
     * A directory that exists and is writable, or can be created. Creating it is the one sure test (a read-only mount,
     * /proc, an ACL: permission bits alone mislead, and root passes them all), so it is created and removed again:
     * a run that then stops on another input leaves nothing behind.
     */
    public static Path directory(String option, Path dir) {
        Path real = realPath(dir);
        if (Files.exists(real)) {
            if (!Files.isDirectory(real)) throw error(option, dir, "is a file, expected a directory");
            if (!Files.isWritable(real)) throw error(option, dir, "directory is not writable");
            return dir;
        }
        Path existing = real.getParent();
        List<Path> missing = new ArrayList<>(List.of(real));
        while (existing != null && !Files.exists(existing)) {
            missing.add(existing);
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) throw error(option, dir, existing + " is a file, not a directory");
        try {
            Files.createDirectories(real);
        } catch (IOException e) {
            throw error(option, dir, "cannot create the directory: " + reason(e));
        } finally {
            for (Path p : missing) {           // deepest first
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    break;                     // someone else is using it now: theirs to keep
                }
            }
        }
        return dir;
    }

    /** A directory that does not exist yet or is empty (a snapshot is never written over another). */
    public static Path newOrEmptyDirectory(String option, Path dir) {
        Path real = realPath(dir);
        if (Files.isDirectory(real)) {
            try (var entries = Files.list(real)) {
                if (entries.findAny().isPresent())
                    throw error(option, dir, "must be a new or empty directory (a snapshot is never written over another)");
            } catch (IOException e) {
                throw error(option, dir, "cannot be read: " + reason(e));
            }
        }
        return directory(option, dir);
    }

    /** A file to be written: not a directory, in an existing writable directory. */
    public static Path file(String option, Path file) {
        Path real = realPath(file);
        if (Files.isDirectory(real)) throw error(option, file, "is a directory, expected a file");
        if (Files.exists(real) && !Files.isWritable(real)) throw error(option, file, "file is not writable");
        Path parent = real.getParent();
        if (parent != null) {
            if (!Files.exists(parent)) throw error(option, file, "directory " + parent + " not found");
            if (!Files.isDirectory(parent)) throw error(option, file, parent + " is a file, not a directory");
            if (!Files.isWritable(parent)) throw error(option, file, "directory " + parent + " is not writable");
        }
        return file;
    }

    /**
     * Refuses an output directory inside (or equal to) an input directory: reports written into a snapshot would be
     * read as part of it, or overwrite it. An output directory that contains the input is allowed (--out . next to
     * samples/).
     */
    public static void outside(String option, Path dir, String inputOption, Path input) {
        if (input == null) return;
        Path out = realPath(dir), in = realPath(input);
        if (out.startsWith(in))
            throw error(option, dir, (out.equals(in) ? "is" : "is inside") + " the " + inputOption + " directory " + input
                    + "; write the reports elsewhere");
    }

    /**
     * The path with symbolic links, "." and ".." resolved, also when it does not exist yet: the real path of its
     * nearest existing ancestor, then the rest.
     */
    static Path realPath(Path p) {
        Path abs = p.toAbsolutePath();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null) return abs.normalize();
        try {
            return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
        } catch (IOException e) {
            return abs.normalize();
        }
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException a) return "permission denied (" + a.getFile() + ")";
        if (e instanceof NoSuchFileException n) return "no such file or directory (" + n.getFile() + ")";
        if (e instanceof FileAlreadyExistsException x) return x.getFile() + " exists and is not a directory";
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason() + " (" + f.getFile() + ")";
        return e.getMessage();
    }

    private static ConfigurationException error(String option, Path path, String problem) {
        return new ConfigurationException(option + " " + path + ": " + problem);
    }
}
