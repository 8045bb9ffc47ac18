package io.kvaudit.source.snapshot;

import io.kvaudit.config.ConfigurationException;
import io.kvaudit.config.JsonFiles;
import io.kvaudit.config.JsonPathNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot directory, the one way in and out of it: every file kvaudit reads from a snapshot and every file an
 * export writes goes through here, so that neither a name taken from a file (a vault {@code ../../../evil}) nor a
 * symbolic link can reach a file elsewhere. Names are already checked where they are mapped ({@code AzureNames});
 * this is the second, independent fence. A path is judged twice: lexically before the file system is asked (no
 * {@code ..}, nothing absolute), then by where it really leads once links are resolved, which must be inside the
 * directory's own real path. A link that stays inside is followed.
 *
 * <p>Messages name the file as the user would (the directory as given plus the relative path) and never what a link
 * leads to, nor anything of a file that was refused.
 */
public final class SnapshotRoot {

    private final Path dir;
    /** The directory with every link resolved: what "inside" is judged against. */
    private final Path real;

    private SnapshotRoot(Path dir, Path real) {
        this.dir = dir;
        this.real = real;
    }

    /** An existing directory. */
    public static SnapshotRoot of(Path dir) {
        try {
            return new SnapshotRoot(dir, dir.toRealPath());
        } catch (IOException e) {
            throw new ConfigurationException(dir + ": snapshot directory not found");
        }
    }

    public Path dir() { return dir; }

    /** The file's JSON, or empty when it does not exist. */
    public Optional<JsonPathNode> read(String relative) {
        Path file = path(relative);
        Optional<Path> target = resolved(file);
        if (target.isEmpty()) return Optional.empty();
        if (!Files.isRegularFile(target.get(), LinkOption.NOFOLLOW_LINKS))
            throw new ConfigurationException(file + ": not a regular file");
        byte[] bytes;
        // the checked path, without following a link that might have appeared there since
        try (InputStream in = Files.newInputStream(target.get(), LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ConfigurationException(file + ": cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
        return Optional.of(JsonFiles.parse(bytes, file.toString()));
    }

    /** A stream over a file that must exist inside the directory (a large file read as it is parsed: logs/). */
    public InputStream open(String relative) {
        Path file = path(relative);
        Path target = resolved(file).orElseThrow(() -> new ConfigurationException(file + ": file not found"));
        if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) throw new ConfigurationException(file + ": not a regular file");
        try {
            return Files.newInputStream(target, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new ConfigurationException(file + ": cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** Where a relative path lies, as error messages name it. */
    public Path where(String relative) { return path(relative); }

    /** True when the path is a regular file inside the directory; false when it does not exist. */
    public boolean isFile(String relative) {
        return resolved(path(relative)).map(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).orElse(false);
    }

    /** True when the path is a folder inside the directory; false when it does not exist. */
    public boolean isDirectory(String relative) {
        return resolved(path(relative)).map(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).orElse(false);
    }

    /**
     * The files of a folder whose names end with {@code suffix}, as relative paths ({@code logs/a.json}) in name
     * order; none when the folder does not exist. Each must be a regular file inside the directory.
     */
    public List<String> list(String folder, String suffix) {
        Path d = path(folder);
        Optional<Path> target = resolved(d);
        if (target.isEmpty()) return List.of();
        if (!Files.isDirectory(target.get(), LinkOption.NOFOLLOW_LINKS)) throw new ConfigurationException(d + ": expected a folder");
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(target.get())) {
            for (Path e : entries) {
                String name = e.getFileName().toString();
                if (name.endsWith(suffix)) names.add(name);
            }
        } catch (IOException e) {
            throw new ConfigurationException(d + ": cannot be listed (" + e.getClass().getSimpleName() + ")", e);
        }
        names.sort(null);
        List<String> files = new ArrayList<>(names.size());
        for (String name : names) {
            String rel = folder + "/" + name;
            if (!isFile(rel)) throw new ConfigurationException(path(rel) + ": not a regular file");
            files.add(rel);
        }
        return files;
    }

    /**
     * Writes a file of an export. Its folders are created one at a time, each checked before anything is created in
     * it, so that a link found on the way is refused before even an empty folder is made at its other end.
     */
    public void write(String relative, byte[] content) throws IOException {
        Path file = path(relative);
        Path folder = real;
        Path rel = dir.relativize(file);
        for (int i = 0; i < rel.getNameCount() - 1; i++) {
            Path next = folder.resolve(rel.getName(i).toString());
            try {
                Files.createDirectory(next);
            } catch (FileAlreadyExistsException e) {
                // there already (another thread, or an earlier file): judged below like any existing folder
            }
            folder = next.toRealPath();
            if (!folder.startsWith(real)) throw outside(file);
        }
        // NOFOLLOW: a link where the file goes is refused rather than written through
        try (OutputStream out = Files.newOutputStream(folder.resolve(file.getFileName().toString()), LinkOption.NOFOLLOW_LINKS,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            out.write(content);
        }
    }

    /** The path of {@code relative} in the directory, refused unless every part of it is a plain name. */
    private Path path(String relative) {
        Path rel = dir.getFileSystem().getPath(relative);
        boolean plain = !relative.isEmpty() && !rel.isAbsolute();
        for (Path part : rel) plain &= !part.toString().equals("..") && !part.toString().equals(".");
        if (!plain)
            throw new ConfigurationException(dir + ": " + JsonPathNode.quoted(relative) + " is not a path inside the snapshot directory");
        return dir.resolve(rel);
    }

    /**
     * Where the path really leads, or empty when nothing is there. Outside the directory is an error; so is a link
     * that leads nowhere, and an absent file under a linked folder that leads outside: a snapshot must not be able to
     * tell whether some file elsewhere exists.
     */
    private Optional<Path> resolved(Path p) {
        try {
            Path target = p.toRealPath();
            if (!target.startsWith(real)) throw outside(p);
            return Optional.of(target);
        } catch (NoSuchFileException e) {
            // absent: the nearest part of the path that exists must be inside, and no link on the way may dangle
            for (Path a = p; a != null && a.startsWith(dir) && !a.equals(dir); a = a.getParent()) {
                boolean link = Files.isSymbolicLink(a);
                if (Files.exists(a)) {
                    resolved(a);
                    break;
                }
                if (link) throw outside(p);
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new ConfigurationException(p + ": cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static ConfigurationException outside(Path p) {
        return new ConfigurationException(p + ": is a symbolic link, or passes through one, that does not lead to a file "
                + "inside the snapshot directory; kvaudit reads and writes only files inside it");
    }
}
