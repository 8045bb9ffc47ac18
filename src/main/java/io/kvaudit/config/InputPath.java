package io.kvaudit.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * A file or directory an option names for kvaudit to read, checked before anything runs, so the message names the
 * option and the path ("--exceptions waivers.yaml: exceptions file not found") rather than failing half-way.
 */
public final class InputPath {

    private InputPath() {}

    /** A readable regular file; {@code what} says which ("exceptions file"). */
    public static Path file(String option, Path path, String what) {
        if (!Files.exists(path)) throw error(option, path, what + " not found");
        if (Files.isDirectory(path)) throw error(option, path, "is a directory, expected the " + what);
        if (!Files.isRegularFile(path)) throw error(option, path, "is not a regular file, expected the " + what);
        if (!Files.isReadable(path)) throw error(option, path, what + " cannot be read (permission denied)");
        return path;
    }

    /** {@link #file(String, Path, String)} for a path as typed (a --config value is read before picocli types it). */
    public static Path file(String option, String path, String what) {
        try {
            return file(option, Path.of(path), what);
        } catch (InvalidPathException e) {
            throw new ConfigurationException(option + " " + path + ": not a valid path: " + e.getReason());
        }
    }

    /** A readable directory; {@code what} says which ("rules directory"). */
    public static Path directory(String option, Path path, String what) {
        if (!Files.exists(path)) throw error(option, path, what + " not found");
        if (!Files.isDirectory(path)) throw error(option, path, "is a file, expected the " + what);
        if (!Files.isReadable(path) || !Files.isExecutable(path)) throw error(option, path, what + " cannot be read (permission denied)");
        return path;
    }

    private static ConfigurationException error(String option, Path path, String problem) {
        return new ConfigurationException(option + " " + path + ": " + problem);
    }
}
