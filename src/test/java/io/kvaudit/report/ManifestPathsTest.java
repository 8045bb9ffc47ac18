package io.kvaudit.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which manifest entries verify reads: only plain relative paths below the directory, on any platform. */
class ManifestPathsTest {

    @Test
    void onlyPlainRelativePathsAreInsideTheDirectory() {
        assertThat(Manifest.insideDirectory("results.json")).isTrue();
        assertThat(Manifest.insideDirectory("sub/notes.txt")).isTrue();
        for (String p : new String[]{"", "../outside", "sub/../../x", "./results.json", "sub//x", "sub/", "/etc/passwd",
                "..", "C:x", "C:\\Windows\\win.ini", "sub\\..\\..\\x", "\\\\server\\share\\x", "a\0b"})
            assertThat(Manifest.insideDirectory(p)).as(p).isFalse();
    }
}
